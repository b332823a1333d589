import fs from 'node:fs';

/** The working directory of a pane's program, where the OS tells it (Linux /proc); undefined elsewhere. */
export function processCwd(pid: number | undefined): string | undefined {
	if (pid === undefined) {
		return undefined;
	}

	try {
		return fs.readlinkSync(`/proc/${pid}/cwd`);
	} catch {
		return undefined;
	}
}
