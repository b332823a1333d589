import fs from 'node:fs';

/** A terminal device as the client sees it: where it is, and which device it is. */
export type TerminalIdentity = {path: string; dev: number; ino: number; rdev: number};

/**
 * Which terminal device `fd` is, so that the server can open that terminal and draw on it
 * directly, as tmux's server does. Undefined when `fd` is not a terminal device under /dev
 * (a pipe, a file, a system without /proc): the client then relays the drawing itself.
 */
export function terminalIdentity(fd: number): TerminalIdentity | undefined {
	try {
		const path = fs.readlinkSync(`/proc/self/fd/${fd}`);
		const stat = fs.fstatSync(fd);
		if (!path.startsWith('/dev/') || !stat.isCharacterDevice()) {
			return undefined;
		}

		return {path, dev: stat.dev, ino: stat.ino, rdev: stat.rdev};
	} catch {
		return undefined;
	}
}
