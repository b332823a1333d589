import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Every folder from the root down to `target` lets other users through (search permission for "other"). */
export function othersCanReach(target: string): boolean {
	for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
		if ((fs.statSync(dir).mode & 0o001) === 0) {
			return false;
		}

		if (path.dirname(dir) === dir) {
			return true;
		}
	}
}

/**
 * A node binary the nobody user can start: ours when the folders above it let others through,
 * else a copy in a fresh temporary folder (a checkout often lives in a 0700 home). Undefined when
 * even the temporary folder is closed to others.
 */
export function nodeForNobody(t: {after: (fn: () => void) => void}): string | undefined {
	if (othersCanReach(path.dirname(process.execPath)) && (fs.statSync(process.execPath).mode & 0o001) !== 0) {
		return process.execPath;
	}

	if (!othersCanReach(os.tmpdir())) {
		return undefined;
	}

	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-node-'));
	t.after(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	fs.chmodSync(directory, 0o755);
	const copy = path.join(directory, 'node');
	fs.copyFileSync(process.execPath, copy);
	fs.chmodSync(copy, 0o755);
	return copy;
}
