import {contentRect, type Rect} from '../panes/layout.js';

/**
 * What a mouse event at a screen cell points at. One place maps clicks to targets, so that each
 * kind of target (a pane's cells, its title, a border to drag) is handled by its own code.
 */
export type MouseTarget =
	/** Inside a pane's content, at pane-relative cell (x, y). */
	| {kind: 'content'; sessionId: number; x: number; y: number}
	/** On the title written in a pane's top border. */
	| {kind: 'title'; sessionId: number}
	/** On a pane's border outside its title: the side it is on. */
	| {kind: 'border'; sessionId: number; side: 'top' | 'bottom' | 'left' | 'right'}
	| {kind: 'none'};

/**
 * The target at screen cell (x, y), 0-based. `frames` are the panes' outer rectangles (frame
 * included); `titleWidth` gives how many cells a pane's title takes (it starts two cells in).
 */
export function mouseTarget(frames: ReadonlyMap<number, Rect>, x: number, y: number, titleWidth: (sessionId: number) => number = () => 0): MouseTarget {
	for (const [sessionId, frame] of frames) {
		if (x < frame.x || x >= frame.x + frame.width || y < frame.y || y >= frame.y + frame.height) {
			continue;
		}

		const content = contentRect(frame);
		if (x >= content.x && x < content.x + content.width && y >= content.y && y < content.y + content.height) {
			return {kind: 'content', sessionId, x: x - content.x, y: y - content.y};
		}

		if (y === frame.y) {
			const start = frame.x + 2;
			if (x >= start && x < start + titleWidth(sessionId)) {
				return {kind: 'title', sessionId};
			}

			return {kind: 'border', sessionId, side: 'top'};
		}

		if (y === frame.y + frame.height - 1) {
			return {kind: 'border', sessionId, side: 'bottom'};
		}

		return {kind: 'border', sessionId, side: x === frame.x ? 'left' : 'right'};
	}

	return {kind: 'none'};
}
