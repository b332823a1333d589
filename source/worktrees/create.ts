import type {GitGate} from './gate.js';
import {GitError, git} from './git.js';
import {copyIncludedFiles, includedFiles} from './include.js';
import type {WorktreePlan} from './plan.js';
import type {WorktreeRecord, WorktreeRegistry} from './registry.js';

export type CreateOptions = {
	gate: GitGate;
	registry: WorktreeRegistry;
	/** More gitignore patterns of files to copy, beside `.worktreeinclude` (workspace and settings lists). */
	include?: readonly string[];
	session?: string;
	pane?: string;
};

export type CreateResult = {ok: true; path: string; record: WorktreeRecord | undefined; copied: string[]} | {ok: false; message: string};

/**
 * Makes the worktree a plan describes (`git worktree add`, judged by the gate first), copies the
 * git-ignored files the include lists name into it, and records it as agentmux's. A worktree that
 * was there already (`reuse`) is opened as it is and recorded only if agentmux made it.
 */
export async function createWorktree(plan: WorktreePlan, options: CreateOptions): Promise<CreateResult> {
	const {registry} = options;
	if (plan.mode === 'existing-worktree') {
		const known = registry.find(plan.path);
		if (known && known.path === plan.path) {
			const record = {...known, ...(options.session === undefined ? {} : {session: options.session}), ...(options.pane === undefined ? {} : {pane: options.pane})};
			registry.add(record);
			return {ok: true, path: plan.path, record, copied: []};
		}

		return {ok: true, path: plan.path, record: undefined, copied: []};
	}

	const args = plan.mode === 'new-branch' ? ['worktree', 'add', '-b', plan.branch, plan.path, plan.base] : ['worktree', 'add', plan.path, plan.branch];
	const allowed = await options.gate(['git', ...args], {cwd: plan.repoRoot});
	if (allowed !== true) {
		return {ok: false, message: allowed};
	}

	try {
		await git(plan.repoRoot, args);
	} catch (error) {
		if (error instanceof GitError) {
			return {ok: false, message: `git worktree add: ${error.message}`};
		}

		throw error;
	}

	const record: WorktreeRecord = {
		path: plan.path,
		repoRoot: plan.repoRoot,
		branch: plan.branch,
		base: plan.base,
		baseCommit: plan.baseCommit,
		createdBranch: plan.mode === 'new-branch',
		createdAt: new Date().toISOString(),
		...(options.session === undefined ? {} : {session: options.session}),
		...(options.pane === undefined ? {} : {pane: options.pane}),
	};
	registry.add(record);
	const files = await includedFiles(plan.repoRoot, options.include);
	const copied = copyIncludedFiles(files, plan.repoRoot, plan.path);
	return {ok: true, path: plan.path, record, copied};
}
