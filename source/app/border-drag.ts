import type {MouseAction} from '../keys/key-event.js';
import {type Divider, dividerAt} from '../panes/layout-tree.js';
import type {PaneSet} from './pane-set.js';

type MouseEvent = {action: MouseAction; button: number; x: number; y: number};

/**
 * A border between panes dragged with the mouse (SGR press on it, motion, release): the divider
 * follows the pointer as far as both sides keep their minimum size. One per client.
 */
export class BorderDrag {
	private active: {divider: Divider; grab: number; moved: boolean; x: number; y: number} | undefined;

	constructor(
		private readonly panes: PaneSet,
		private readonly size: () => {cols: number; rows: number},
	) {}

	get dragging(): boolean {
		return this.active !== undefined;
	}

	/** Takes a mouse event when it is a border's (a press on one, or the rest of a drag); returns whether it did. */
	handle(event: MouseEvent): boolean {
		const {cols, rows} = this.size();
		if (event.action === 'press' && event.button === 0) {
			const divider = dividerAt(this.panes.dividers(cols, rows), event.x, event.y);
			if (!divider) {
				return false;
			}

			// Where on the two-cell border it was taken, so the border does not jump by one on the first move.
			this.active = {divider, grab: (divider.split === 'vertical' ? event.x : event.y) - divider.at, moved: false, x: event.x, y: event.y};
			return true;
		}

		const active = this.active;
		if (!active) {
			return false;
		}

		if (event.action === 'move') {
			// The divider as it is now: an earlier move or another client may have moved it.
			const current = this.panes.dividers(cols, rows).find(candidate => candidate.index === active.divider.index && candidate.path.join('.') === active.divider.path.join('.'));
			if (current) {
				const target = (current.split === 'vertical' ? event.x : event.y) - active.grab;
				if (target !== current.at && this.panes.dragDivider(current, target - current.at)) {
					active.moved = true;
				}
			}

			return true;
		}

		if (event.action === 'release') {
			this.active = undefined;
			if (!active.moved) {
				// Pressed and let go without moving: a click on that pane's edge (a lower pane's title is on a divider) focuses it.
				for (const [id, frame] of this.panes.frames(cols, rows)) {
					if (active.x >= frame.x && active.x < frame.x + frame.width && active.y >= frame.y && active.y < frame.y + frame.height) {
						this.panes.setFocus(id);
						break;
					}
				}
			}

			return true;
		}

		// The wheel during a drag goes nowhere.
		return true;
	}
}
