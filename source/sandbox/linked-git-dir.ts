import fs from 'node:fs';
import path from 'node:path';

/**
 * A linked git worktree (`git worktree add`) keeps its git data outside its own tree: its `.git`
 * is a file naming a folder inside the main repository's `.git`, where commits write objects and refs.
 * Returns that shared `.git` folder, so a sandbox can let the pane commit, or undefined for a plain
 * repository (whose `.git` lies inside the writable cwd) and for no repository at all.
 */
export function linkedGitCommonDir(cwd: string): string | undefined {
	for (let folder = cwd; ; folder = path.dirname(folder)) {
		const dotGit = path.join(folder, '.git');
		let stat: fs.Stats;
		try {
			stat = fs.lstatSync(dotGit);
		} catch {
			if (path.dirname(folder) === folder) return undefined;
			continue;
		}

		if (!stat.isFile()) return undefined;
		return commonDirOf(dotGit, folder);
	}
}

function commonDirOf(dotGitFile: string, worktree: string): string | undefined {
	try {
		const match = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGitFile, 'utf8'));
		if (!match) return undefined;
		const gitDir = path.resolve(worktree, match[1]!.trim());
		// `commondir` holds the way from the worktree's own git folder to the shared one (usually "../..").
		const common = fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim();
		return fs.realpathSync(path.resolve(gitDir, common));
	} catch {
		return undefined;
	}
}
