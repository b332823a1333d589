import fs from 'node:fs';
import path from 'node:path';
import {git, nulList} from './git.js';

/** The file at the repository root that names git-ignored files a new worktree needs (gitignore syntax, as in Claude Code). */
export const includeFileName = '.worktreeinclude';

/**
 * The git-ignored files of `repoRoot` that `.worktreeinclude` or `patterns` (gitignore syntax) name,
 * relative to the root. Files that are tracked, or untracked but not ignored, are never listed:
 * git gives those to the worktree itself, or they are the user's unfinished work.
 */
export async function includedFiles(repoRoot: string, patterns: readonly string[] = []): Promise<string[]> {
	const args = ['ls-files', '-z', '--others', '--ignored'];
	if (fs.existsSync(path.join(repoRoot, includeFileName))) {
		args.push(`--exclude-from=${includeFileName}`);
	}

	for (const pattern of patterns) {
		args.push(`--exclude=${pattern}`);
	}

	if (args.length === 4) {
		return [];
	}

	const candidates = nulList((await git(repoRoot, args)).stdout);
	if (candidates.length === 0) {
		return [];
	}

	// What git itself ignores, of those: the include list picks from ignored files only.
	const ignored = nulList((await git(repoRoot, ['check-ignore', '-z', '--stdin'], {input: `${candidates.join('\0')}\0`, allowFailure: true})).stdout);
	const keep = new Set(ignored);
	return candidates.filter(file => keep.has(file) && safeRelative(file));
}

function safeRelative(file: string): boolean {
	return !path.isAbsolute(file) && !file.split('/').includes('..');
}

/** Copies `files` (relative) from `from` into `to`, keeping modes and symbolic links; never overwrites. Returns the ones copied. */
export function copyIncludedFiles(files: readonly string[], from: string, to: string): string[] {
	const copied: string[] = [];
	for (const file of files) {
		const source = path.join(from, file);
		const target = path.join(to, file);
		let stat: fs.Stats;
		try {
			stat = fs.lstatSync(source);
		} catch {
			continue;
		}

		if (fs.existsSync(target)) {
			continue;
		}

		fs.mkdirSync(path.dirname(target), {recursive: true});
		if (stat.isSymbolicLink()) {
			fs.symlinkSync(fs.readlinkSync(source), target);
		} else if (stat.isFile()) {
			fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
			fs.chmodSync(target, stat.mode & 0o7777);
		} else {
			continue;
		}

		copied.push(file);
	}

	return copied;
}
