import path from 'node:path';
import {GitError, git} from './git.js';

/**
 * The main working tree of the repository that holds `cwd`: a worktree made from inside another
 * worktree still belongs next to the main one. Undefined outside a repository (or in a bare one).
 */
export async function findRepositoryRoot(cwd: string): Promise<string | undefined> {
	try {
		const {stdout} = await git(cwd, ['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-toplevel']);
		const [commonDir, topLevel] = stdout.split('\n');
		if (!commonDir || !topLevel) {
			return undefined;
		}

		// The common dir of a normal repository is <root>/.git; a linked worktree shares it.
		return path.basename(commonDir) === '.git' ? path.dirname(commonDir) : topLevel;
	} catch (error) {
		if (error instanceof GitError) {
			return undefined;
		}

		throw error;
	}
}

/** Whether a local branch of that name exists. */
export async function branchExists(repoRoot: string, branch: string): Promise<boolean> {
	const {exitCode} = await git(repoRoot, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], {allowFailure: true});
	return exitCode === 0;
}

/** One entry of `git worktree list --porcelain`. */
export type GitWorktree = {path: string; head?: string; branch?: string; bare: boolean; detached: boolean};

/** Every worktree git knows for the repository, the main one first. */
export async function gitWorktrees(repoRoot: string): Promise<GitWorktree[]> {
	const {stdout} = await git(repoRoot, ['worktree', 'list', '--porcelain', '-z']);
	const result: GitWorktree[] = [];
	let current: GitWorktree | undefined;
	for (const field of stdout.split('\0')) {
		if (field === '') {
			if (current) result.push(current);
			current = undefined;
			continue;
		}

		const space = field.indexOf(' ');
		const key = space === -1 ? field : field.slice(0, space);
		const value = space === -1 ? '' : field.slice(space + 1);
		if (key === 'worktree') {
			current = {path: value, bare: false, detached: false};
		} else if (current && key === 'HEAD') {
			current.head = value;
		} else if (current && key === 'branch') {
			current.branch = value.replace(/^refs\/heads\//, '');
		} else if (current && key === 'bare') {
			current.bare = true;
		} else if (current && key === 'detached') {
			current.detached = true;
		}
	}

	if (current) result.push(current);
	return result;
}

/** The branch checked out at `cwd`, or undefined when HEAD is detached. */
export async function currentBranch(cwd: string): Promise<string | undefined> {
	const {stdout, exitCode} = await git(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD'], {allowFailure: true});
	return exitCode === 0 ? stdout.trim() : undefined;
}

/** Whether `file` (absolute) is ignored by the repository's rules. */
export async function isIgnored(repoRoot: string, file: string): Promise<boolean> {
	const {exitCode} = await git(repoRoot, ['check-ignore', '--quiet', '--no-index', '--', file], {allowFailure: true});
	return exitCode === 0;
}
