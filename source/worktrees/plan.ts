import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {validateBranchName} from './branch-name.js';
import {git} from './git.js';
import {branchExists, currentBranch, findRepositoryRoot, gitWorktrees, isIgnored} from './repository.js';

export type WorktreeRequest = {
	/** Any folder inside the repository (the pane's cwd): the branch starts at its HEAD unless `base` is given. */
	from: string;
	branch: string;
	/** A branch, tag or commit to start the new branch at. */
	base?: string | undefined;
	/** Open an existing branch (or the worktree that has it checked out) instead of refusing the clash. */
	reuse?: boolean | undefined;
	/** Where worktrees go (settings `worktrees.root`): `<root>/<repo>/<branch>`. Default: `<repo>/../<repo>.worktrees/<branch>`. */
	root?: string | undefined;
};

export type WorktreePlan = {
	repoRoot: string;
	branch: string;
	/** The new tree's folder. */
	path: string;
	base: string;
	baseCommit: string;
	/** new-branch: `git worktree add -b`; existing-branch: `git worktree add` of that branch; existing-worktree: nothing to make. */
	mode: 'new-branch' | 'existing-branch' | 'existing-worktree';
};

export type PlanResult = {ok: true; plan: WorktreePlan} | {ok: false; message: string};

/** `~/x` and `~` are the user's home; a relative root is taken from the repository's parent folder. */
function resolveRoot(root: string, repoRoot: string): string {
	const expanded = root === '~' ? os.homedir() : root.startsWith('~/') ? path.join(os.homedir(), root.slice(2)) : root;
	return path.resolve(path.dirname(repoRoot), expanded);
}

/** The folder a branch's worktree goes to: slashes in the branch name become dashes, so it is one folder. */
export function worktreeLocation(repoRoot: string, branch: string, root?: string): string {
	const folder = branch.replaceAll('/', '-');
	const repoName = path.basename(repoRoot);
	return root === undefined ? path.join(path.dirname(repoRoot), `${repoName}.worktrees`, folder) : path.join(resolveRoot(root, repoRoot), repoName, folder);
}

function inside(child: string, parent: string): boolean {
	const relative = path.relative(parent, child);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Decides what `createWorktree` will do, touching nothing: validates the branch name, finds the
 * repository and the folder, and refuses a clash with an existing branch or worktree unless
 * `reuse` was asked for. The message says what is wrong and what to do instead.
 */
export async function planWorktree(request: WorktreeRequest): Promise<PlanResult> {
	const name = await validateBranchName(request.branch, request.from);
	if (!name.ok) {
		return name;
	}

	const {branch} = name;
	const repoRoot = await findRepositoryRoot(request.from);
	if (repoRoot === undefined) {
		return {ok: false, message: `${request.from} is not inside a git repository`};
	}

	let base = request.base;
	if (base === undefined) {
		base = (await currentBranch(request.from)) ?? 'HEAD';
	} else if (base.startsWith('-')) {
		return {ok: false, message: `base "${base}" is not a branch, tag or commit`};
	}

	const resolved = await git(request.from, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${base}^{commit}`], {allowFailure: true});
	if (resolved.exitCode !== 0) {
		return {ok: false, message: `base "${base}" is not a branch, tag or commit in ${repoRoot}`};
	}

	const baseCommit = resolved.stdout.trim();
	if (base === 'HEAD') {
		// A detached HEAD moves: the commit is what the branch started from.
		base = baseCommit;
	}

	const worktrees = await gitWorktrees(repoRoot);
	const holder = worktrees.find(worktree => worktree.branch === branch);
	if (holder) {
		if (!request.reuse) {
			return {ok: false, message: `branch "${branch}" is already checked out in ${holder.path} (set "reuse": true to open that worktree, or pick another name)`};
		}

		if (path.resolve(holder.path) === repoRoot) {
			return {ok: false, message: `branch "${branch}" is checked out in the repository itself (${repoRoot}): a worktree needs a branch of its own`};
		}

		return {ok: true, plan: {repoRoot, branch, path: holder.path, base, baseCommit, mode: 'existing-worktree'}};
	}

	const location = worktreeLocation(repoRoot, branch, request.root);
	const taken = worktrees.find(worktree => path.resolve(worktree.path) === location);
	if (taken) {
		return {ok: false, message: `${location} is already a worktree (of ${taken.branch ?? 'a detached HEAD'}): pick another name`};
	}

	if (existsSync(location)) {
		return {ok: false, message: `${location} already exists: pick another name, or move it away`};
	}

	if (inside(location, repoRoot) && !(await isIgnored(repoRoot, location))) {
		return {ok: false, message: `${location} is inside the repository and not ignored by git: set worktrees.root elsewhere, or ignore it`};
	}

	const exists = await branchExists(repoRoot, branch);
	if (exists && !request.reuse) {
		return {ok: false, message: `a branch "${branch}" already exists (set "reuse": true to work on it, or pick another name)`};
	}

	return {ok: true, plan: {repoRoot, branch, path: location, base, baseCommit, mode: exists ? 'existing-branch' : 'new-branch'}};
}
