import type {InputEvent} from '../../keys/key-event.js';
import type {Session} from '../../sessions/session.js';
import type {PaneSet} from '../pane-set.js';
import {type OverviewRow, orderRows, type PaneDetails} from './overview-rows.js';

/** What the session adds to the pane set for the overview: each pane's last line, worktree and pending approval. */
export type PaneDetailsSource = {paneDetails(session: Session): PaneDetails};

/** The ages and last lines move on while the overview is open. */
const refreshMs = 1000;

export type OverviewDialogOptions = {
	panes: PaneSet;
	details?: PaneDetailsSource | undefined;
	onChange(): void;
	onClose(): void;
};

/**
 * One client's overview of the session's panes: Up/Down select, Enter jumps to the pane, y/n answer
 * the selected agent's approval prompt with the same keys the user would type in the pane (so they
 * pass its input gate and the policy, confirmations included), Esc or q leaves.
 */
export class OverviewDialog {
	private selectedId: number | undefined;
	private readonly timer: NodeJS.Timeout;
	private closed = false;

	constructor(private readonly options: OverviewDialogOptions) {
		this.timer = setInterval(() => {
			options.onChange();
		}, refreshMs);
		this.timer.unref();
		// The first waiting pane is the likeliest wanted; else the one the user is in.
		this.selectedId = this.rows().find(row => row.state === 'waiting')?.id ?? options.panes.focused?.id;
	}

	/** The rows, waiting panes first, as of now. */
	rows(): OverviewRow[] {
		const {panes, details} = this.options;
		const focused = panes.focused;
		return orderRows(
			panes.sessions.map((session, index) => {
				const more = details?.paneDetails(session);
				return {
					id: session.id,
					index: index + 1,
					name: session.spec.name,
					agent: session.spec.agent,
					state: panes.paneState(session),
					since: panes.stateSince(session.id),
					worktree: more?.worktree,
					lastLine: more?.lastLine ?? '',
					canAnswer: more?.approval !== undefined,
					focused: session === focused,
				};
			}),
		);
	}

	/** The selected row's index among `rows`. */
	selectedIndex(rows: OverviewRow[]): number {
		return Math.max(
			0,
			rows.findIndex(row => row.id === this.selectedId),
		);
	}

	handle(event: InputEvent): void {
		if (event.type !== 'key' || event.key.ctrl || event.key.alt) return;
		const rows = this.rows();
		const index = this.selectedIndex(rows);
		const row = rows[index];
		switch (event.key.name) {
			case 'up':
			case 'k':
				this.select(rows[Math.max(0, index - 1)]);
				break;
			case 'down':
			case 'j':
				this.select(rows[Math.min(rows.length - 1, index + 1)]);
				break;
			case 'home':
				this.select(rows[0]);
				break;
			case 'end':
				this.select(rows.at(-1));
				break;
			case 'enter':
				if (row) this.options.panes.setFocus(row.id);
				this.close();
				break;
			case 'y':
			case 'n':
				if (row) this.answer(row, event.key.name === 'y');
				break;
			case 'escape':
			case 'q':
				this.close();
				break;
			default:
				break;
		}
	}

	close(): void {
		if (!this.closed) {
			this.closed = true;
			clearInterval(this.timer);
			this.options.onClose();
		}
	}

	private select(row: OverviewRow | undefined): void {
		if (row && row.id !== this.selectedId) {
			this.selectedId = row.id;
			this.options.onChange();
		}
	}

	/** Types the approving or declining key into the pane, through its input (the gate holds an approval until the policy has judged it). */
	private answer(row: OverviewRow, approve: boolean): void {
		const {panes, details} = this.options;
		const session = panes.sessions.find(candidate => candidate.id === row.id);
		const approval = session ? details?.paneDetails(session).approval : undefined;
		const bytes = approve ? approval?.approve : approval?.decline;
		if (!session || bytes === undefined) {
			panes.showNotice(approval ? `${row.name}: no key declines its prompt here; answer it in the pane` : `${row.name}: no approval prompt to answer`);
			return;
		}

		panes.input(session.id)?.key(bytes);
		this.options.onChange();
	}
}
