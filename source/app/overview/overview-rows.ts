/** A pane's own worktree, as git tells it now. */
export type WorktreeSummary = {
	branch: string;
	path: string;
	/** Files changed or untracked in the tree. */
	dirty: number;
	/** Commits on the branch that its upstream (or the commit it started from) does not have. */
	ahead: number;
};

/** What the session knows about a pane beyond its state: for the overview and `ls --json`. */
export type PaneDetails = {
	lastLine: string;
	worktree?: WorktreeSummary | undefined;
	/** The agent shows its own approval prompt now: the bytes of a key that approves it, and of one that declines it. */
	approval?: {approve: string; decline?: string | undefined} | undefined;
};

/** One line of the overview. */
export type OverviewRow = {
	id: number;
	/** 1-based, as the pane's title and Alt+N show it. */
	index: number;
	name: string;
	/** The agent profile, for agent panes. */
	agent?: string | undefined;
	/** busy, waiting, idle, exited (agents); running, exited, failed (other panes). */
	state: string;
	/** When the pane entered that state (ms since the epoch). */
	since: number;
	worktree?: WorktreeSummary | undefined;
	lastLine: string;
	/** A pending approval that y/n answer. */
	canAnswer: boolean;
	focused: boolean;
};

/** Waiting panes first (they need the user), then every other pane in its index order. */
export function orderRows(rows: readonly OverviewRow[]): OverviewRow[] {
	const waiting = (row: OverviewRow) => (row.state === 'waiting' ? 0 : 1);
	return [...rows].sort((a, b) => waiting(a) - waiting(b) || a.index - b.index);
}

/** A short age: 12s, 5m, 3h, 2d. */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h`;
	return `${Math.floor(hours / 24)}d`;
}

/** The worktree column: branch, then the counts that matter (`feature-x +2 ~3`: 2 ahead, 3 files changed). */
export function formatWorktree(worktree: WorktreeSummary | undefined): string {
	if (!worktree) return '';
	const counts = [worktree.ahead > 0 ? `+${worktree.ahead}` : '', worktree.dirty > 0 ? `~${worktree.dirty}` : ''].filter(Boolean);
	return [worktree.branch, ...counts].join(' ');
}
