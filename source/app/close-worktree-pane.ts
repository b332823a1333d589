import type {Session} from '../sessions/session.js';
import type {GitGate} from '../worktrees/gate.js';
import type {WorktreeRegistry} from '../worktrees/registry.js';
import {removeWorktree} from '../worktrees/remove.js';
import {describeLoss, worktreeStatus} from '../worktrees/status.js';
import type {PaneSet} from './pane-set.js';

export type WorktreeCloseOptions = {
	registry: WorktreeRegistry;
	gate: (pane: string) => GitGate;
	/** Work that must finish before the session may end (removing the last pane's worktree). */
	track: (work: Promise<unknown>) => void;
};

/** How long a closed pane's program gets to exit before its worktree is removed anyway. */
const exitWaitMs = 5000;

/**
 * Closing a pane that runs in a worktree agentmux made asks what to do with the worktree: keep it,
 * or remove it (and the branch agentmux made). Removing is refused while the tree holds work found
 * nowhere else, until the user confirms a second time in a dialog that lists that work. Returns
 * false for a pane without such a worktree: the plain y/N applies.
 */
export function closeWorktreePane(session: Session, panes: PaneSet, options: WorktreeCloseOptions): boolean {
	const folder = session.spec.worktreePath;
	const record = folder === undefined ? undefined : options.registry.list().find(candidate => candidate.path === folder);
	if (!record) {
		return false;
	}

	const name = session.spec.name;
	const work = (async () => {
		const status = await worktreeStatus(record);
		const loss = describeLoss({...status, unpushed: record.createdBranch ? status.unpushed : 0});
		const counts = status.exists ? ` (${status.ahead} ahead, ${status.behind} behind ${status.against})` : ' (the folder is gone)';
		const detail = [
			`worktree ${record.path}`,
			`branch ${record.branch}${counts}`,
			...(loss.length > 0 ? ['removing it loses:', ...loss.map(line => `  ${line}`)] : ['nothing uncommitted or unpushed']),
		];
		const choice = await panes.choose(`Close pane ${panes.sessions.indexOf(session) + 1} (${name})?`, detail.join('\n'), [
			{key: 'k', label: 'close, keep the worktree'},
			{key: 'r', label: `close, remove it${record.createdBranch ? ' and its branch' : ''}`},
			{key: 'n', label: 'cancel'},
		]);
		if ((choice !== 'k' && choice !== 'r') || !panes.sessions.includes(session)) {
			return;
		}

		if (choice === 'k') {
			panes.removePane(session);
			panes.showNotice(`kept ${record.path} (agentmux worktrees lists it)`);
			return;
		}

		let force = false;
		if (loss.length > 0) {
			const files = status.dirtyFiles.slice(0, 10).map(file => `  ${file}`);
			const more = status.dirty > 10 ? [`  … and ${status.dirty - 10} more`] : [];
			const yes = await panes.confirm(
				`Remove ${record.branch} and lose this work?`,
				[`Only ${record.path} holds:`, ...loss, ...(status.dirty > 0 ? ['', 'uncommitted:', ...files, ...more] : [])].join('\n'),
			);
			if (!yes) {
				panes.showNotice(`not removed: ${record.path} holds ${loss.join('; ')}`);
				return;
			}

			if (!panes.sessions.includes(session)) {
				return;
			}

			force = true;
		}

		// The program ends first, so nothing writes into the tree while it is removed.
		const exited = session.dispose();
		panes.removePane(session);
		await Promise.race([exited, new Promise(resolve => setTimeout(resolve, exitWaitMs).unref())]);
		const result = await removeWorktree(record, {gate: options.gate(name), registry: options.registry, force});
		panes.showNotice(result.ok ? `removed ${record.path}${result.removedBranch ? ` and branch ${record.branch}` : ''}` : `worktree kept: ${result.message}`);
	})();
	options.track(work);
	return true;
}
