import fs from 'node:fs';
import type {GitGate} from './gate.js';
import {GitError, git} from './git.js';
import type {WorktreeRecord, WorktreeRegistry} from './registry.js';
import {branchExists, gitWorktrees} from './repository.js';
import {describeLoss, worktreeStatus} from './status.js';

export type RemoveOptions = {
	gate: GitGate;
	registry: WorktreeRegistry;
	/** Remove even with uncommitted or unpushed work: the user confirmed the loss a second time. */
	force?: boolean;
	/** Delete the branch as well, when agentmux made it (default true). */
	deleteBranch?: boolean;
};

export type RemoveResult = {ok: true; removedBranch: boolean} | {ok: false; message: string; loss?: string[]};

/**
 * Removes a worktree agentmux made, and its branch when agentmux made that too. Refused while
 * there is work only it holds (uncommitted files, commits on no other branch) unless `force`:
 * the message then lists what would be lost. Each git call is judged by the gate first.
 */
export async function removeWorktree(record: WorktreeRecord, options: RemoveOptions): Promise<RemoveResult> {
	const status = await worktreeStatus(record);
	const deleteBranch = (options.deleteBranch ?? true) && record.createdBranch;
	const loss = describeLoss({...status, unpushed: deleteBranch ? status.unpushed : 0});
	if (loss.length > 0 && !options.force) {
		return {ok: false, message: `${record.path} has work that would be lost: ${loss.join('; ')}`, loss};
	}

	const run = async (args: string[], confirmed: boolean): Promise<true | string> => {
		const allowed = await options.gate(['git', ...args], {cwd: record.repoRoot, confirmed});
		if (allowed !== true) return allowed;
		try {
			await git(record.repoRoot, args);
			return true;
		} catch (error) {
			if (error instanceof GitError) return `git ${args.slice(0, 2).join(' ')}: ${error.message}`;
			throw error;
		}
	};

	const registered = (await gitWorktrees(record.repoRoot)).some(worktree => worktree.path === record.path);
	if (registered && fs.existsSync(record.path)) {
		// --force also covers git-ignored files copied in (.worktreeinclude) and what the user confirmed losing.
		const removed = await run(['worktree', 'remove', ...(status.dirty > 0 || options.force ? ['--force'] : []), record.path], status.dirty === 0 || options.force === true);
		if (removed !== true) return {ok: false, message: removed};
	} else if (registered) {
		const pruned = await run(['worktree', 'prune'], true);
		if (pruned !== true) return {ok: false, message: pruned};
	}

	// Gone from disk but a stale copy may linger: make sure git forgot it, then drop our record.
	fs.rmSync(record.path, {recursive: true, force: true});
	options.registry.remove(record.path);
	let removedBranch = false;
	if (deleteBranch) {
		const deleted = await deleteWorktreeBranch(record, options.gate, status.unpushed === 0 || options.force === true);
		if (deleted !== true) return {ok: false, message: `the worktree is removed, the branch ${record.branch} is kept: ${deleted}`};
		removedBranch = await branchExists(record.repoRoot, record.branch).then(exists => !exists);
	}

	return {ok: true, removedBranch};
}

/**
 * Deletes the branch agentmux made for a worktree (once the worktree is gone). `-D`, because git's own
 * "merged" check looks at the main tree's HEAD only: the caller has counted what only this branch holds,
 * and `confirmed` says the user accepted that. A branch that is gone already is fine.
 */
export async function deleteWorktreeBranch(record: WorktreeRecord, gate: GitGate, confirmed: boolean): Promise<true | string> {
	if (!(await branchExists(record.repoRoot, record.branch))) return true;
	const args = ['branch', '-D', record.branch];
	const allowed = await gate(['git', ...args], {cwd: record.repoRoot, confirmed});
	if (allowed !== true) return allowed;
	try {
		await git(record.repoRoot, args);
		return true;
	} catch (error) {
		if (error instanceof GitError) return `git branch: ${error.message}`;
		throw error;
	}
}
