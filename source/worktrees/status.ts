import fs from 'node:fs';
import {git} from './git.js';
import type {WorktreeRecord} from './registry.js';
import {currentBranch} from './repository.js';

export type WorktreeStatus = {
	/** False when the folder is gone (deleted by hand): nothing in it can be lost any more. */
	exists: boolean;
	/** The branch checked out there now (undefined when detached or gone). */
	branch: string | undefined;
	/** What ahead/behind count against: the branch's upstream when it has one, else the base it started from. */
	against: string;
	ahead: number;
	behind: number;
	/** Changed, staged and untracked files (not ignored ones), as `git status` names them. */
	dirtyFiles: string[];
	dirty: number;
	/** Commits on the branch that no other branch, tag or remote holds: lost if the branch is deleted. */
	unpushed: number;
	/** Whether the branch's tip is contained in its base (nothing left to merge). */
	merged: boolean;
};

/** The entries of `git status --porcelain -z`: a rename's second name is skipped. */
export function parsePorcelain(text: string): string[] {
	const entries = text.split('\0');
	const files: string[] = [];
	for (let index = 0; index < entries.length; index++) {
		const entry = entries[index]!;
		if (entry.length < 4) continue;
		files.push(entry.slice(3));
		if (entry[0] === 'R' || entry[0] === 'C') index++;
	}

	return files;
}

async function resolves(cwd: string, ref: string): Promise<boolean> {
	return (await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {allowFailure: true})).exitCode === 0;
}

/** Branch, ahead/behind, dirty files and unpushed commits of a worktree agentmux made. */
export async function worktreeStatus(record: WorktreeRecord): Promise<WorktreeStatus> {
	const inside = fs.existsSync(record.path) ? await git(record.path, ['rev-parse', '--is-inside-work-tree'], {allowFailure: true}) : undefined;
	if (inside?.exitCode !== 0) {
		// The folder is gone (deleted by hand): nothing in it can be lost; the branch may still be merged.
		const repository = fs.existsSync(record.repoRoot);
		const base = repository && (await resolves(record.repoRoot, record.base)) ? record.base : record.baseCommit;
		const merged = repository ? await git(record.repoRoot, ['merge-base', '--is-ancestor', `refs/heads/${record.branch}`, base], {allowFailure: true}) : undefined;
		return {exists: false, branch: undefined, against: base, ahead: 0, behind: 0, dirtyFiles: [], dirty: 0, unpushed: 0, merged: merged?.exitCode === 0};
	}

	const [branch, porcelain, upstream] = await Promise.all([
		currentBranch(record.path),
		git(record.path, ['status', '--porcelain=v1', '-z', '--untracked-files=all']),
		git(record.path, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], {allowFailure: true}),
	]);
	const dirtyFiles = parsePorcelain(porcelain.stdout);
	const base = (await resolves(record.repoRoot, record.base)) ? record.base : record.baseCommit;
	const against = upstream.exitCode === 0 && upstream.stdout.trim() !== '' ? upstream.stdout.trim() : base;
	const counts = await git(record.path, ['rev-list', '--left-right', '--count', `${against}...HEAD`], {allowFailure: true});
	const [behind = 0, ahead = 0] = counts.stdout.trim().split(/\s+/).map(Number);
	// Commits only this branch holds: what deleting it would lose.
	const others = branch === undefined ? ['--branches'] : [`--exclude=${branch}`, '--branches'];
	const unpushed = await git(record.path, ['rev-list', '--count', 'HEAD', '--not', ...others, '--tags', '--remotes'], {allowFailure: true});
	const merged = await git(record.path, ['merge-base', '--is-ancestor', 'HEAD', base], {allowFailure: true});
	return {
		exists: true,
		branch,
		against,
		ahead: Number.isFinite(ahead) ? ahead : 0,
		behind: Number.isFinite(behind) ? behind : 0,
		dirtyFiles,
		dirty: dirtyFiles.length,
		unpushed: Number(unpushed.stdout.trim()) || 0,
		merged: merged.exitCode === 0,
	};
}

/** What removing the worktree (and its branch) would lose, in words; empty when nothing. */
export function describeLoss(status: WorktreeStatus, limit = 5): string[] {
	const lines: string[] = [];
	if (status.dirty > 0) {
		const names = status.dirtyFiles.slice(0, limit).join(', ');
		lines.push(`${status.dirty} uncommitted file${status.dirty === 1 ? '' : 's'}: ${names}${status.dirty > limit ? ', …' : ''}`);
	}

	if (status.unpushed > 0) {
		lines.push(`${status.unpushed} commit${status.unpushed === 1 ? '' : 's'} on no other branch or remote`);
	}

	return lines;
}
