import {execa} from 'execa';
import {resolveExecutable} from '../sessions/resolve-executable.js';

export type Availability = {ok: true; bwrap: string; socat: string | undefined} | {ok: false; reason: string};

const installHint = 'install it (Debian/Ubuntu: apt-get install bubblewrap socat; Fedora: dnf install bubblewrap socat)';
const fallbackHint = 'or give the pane "sandbox": "prefer" (starts unsandboxed, marked) or "off"';

/**
 * Whether bubblewrap can start a sandbox here: Linux, the program found, and a trial run that
 * makes the namespaces a pane gets. The trial's own message says what the kernel refused.
 */
export async function checkAvailability(options: {bwrap: string; socat: string; env?: NodeJS.ProcessEnv}): Promise<Availability> {
	if (process.platform !== 'linux') {
		return {ok: false, reason: `the sandbox needs Linux (bubblewrap); this is ${process.platform}. Give the pane "sandbox": "prefer" or "off"`};
	}

	const pathVariable = options.env?.['PATH'] ?? process.env['PATH'];
	const bwrap = resolveExecutable(options.bwrap, '/', pathVariable);
	if (!bwrap) return {ok: false, reason: `bubblewrap (${options.bwrap}) is not installed or not executable: ${installHint}, ${fallbackHint}`};
	const socat = resolveExecutable(options.socat, '/', pathVariable);
	try {
		const trial = await execa(bwrap, ['--die-with-parent', '--unshare-pid', '--unshare-net', '--cap-drop', 'ALL', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--', '/bin/true'], {
			reject: false,
			timeout: 10_000,
			stdin: 'ignore',
		});
		if (trial.exitCode !== 0) {
			const said = String(trial.stderr).trim().split('\n').at(-1) ?? '';
			return {
				ok: false,
				reason: `bubblewrap cannot make a sandbox here (${said || `exit ${trial.exitCode}`}): user namespaces may be off (sysctl kernel.unprivileged_userns_clone=1, or an AppArmor profile for bwrap), ${fallbackHint}`,
			};
		}
	} catch (error) {
		return {ok: false, reason: `bubblewrap failed to run: ${(error as Error).message}; ${fallbackHint}`};
	}

	return {ok: true, bwrap, socat};
}

/** Why a pane with a network list cannot start when socat is missing. */
export function socatMissing(socat: string): string {
	return `socat (${socat}) is not installed, and a sandboxed pane with a network list needs it to reach the proxy: ${installHint}, or give the pane "network": "off"`;
}
