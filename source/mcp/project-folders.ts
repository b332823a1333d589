import fs from 'node:fs';
import path from 'node:path';

/**
 * The pane's folder and each folder above it up to the git root (the nearest one holding `.git`),
 * nearest first. Outside a repository only the pane's folder itself counts: walking on would
 * pick up files of unrelated folders above it (the home folder, /tmp).
 */
export function projectFolders(cwd: string): string[] {
	const folders: string[] = [];
	let folder = path.resolve(cwd);
	for (;;) {
		folders.push(folder);
		if (fs.existsSync(path.join(folder, '.git'))) return folders;
		const parent = path.dirname(folder);
		if (parent === folder) return [path.resolve(cwd)];
		folder = parent;
	}
}
