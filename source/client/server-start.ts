import {type ChildProcess, spawn} from 'node:child_process';
import fs from 'node:fs';
import process from 'node:process';
import tty from 'node:tty';
import {privateDirectoryProblem} from '../ipc/private-socket.js';
import {serverSocketPath, socketDirectory} from '../ipc/socket-location.js';
import {cliPath} from '../startup/cli-location.js';
import {nestingProblem} from './nesting.js';

/** The server this client started, if it did. */
let started: ChildProcess | undefined;

/**
 * Starts the per-user server, detached: its own session, no terminal, nothing of the client's
 * output. Its standard input is a pipe from this client, so that a server nobody came to use
 * (the client stopped at a bad flag or a broken workspace file) ends with the client rather
 * than after its idle time.
 *
 * Its young generation is 32 MB a half: the output of four flooding panes, waiting to be parsed,
 * then lives and dies there rather than being promoted. Measured (2026-12-01, five interleaved
 * floods each): 4.97 s against 5.09 s, peak RSS 320-340 MB against 348-365 MB; the echo's p99
 * with 3 panes flooding did not grow (7.8 and 8.6 ms against 11.5 and 8.9). A smaller one (4 MB)
 * doubled that p99 with its more frequent collections (measured 2026-11-30).
 */
export function spawnServer(): ChildProcess {
	const child = spawn(process.execPath, ['--max-semi-space-size=32', cliPath, '__server'], {detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: process.env});
	// A server that fails to start is reported by the client that waits for it, not by an 'error' event.
	child.on('error', () => undefined);
	child.unref();
	(child.stdin as {unref?: () => void} | null)?.unref?.();
	started = child;
	return child;
}

/** The server this client started (see startServerEarly), if any. */
export function startedServer(): ChildProcess | undefined {
	return started;
}

/** The flags of an `agentmux` that starts or attaches a session, and whether each takes a value. */
const sessionFlags = new Map([
	['-s', true],
	['--session', true],
	['-w', true],
	['--workspace', true],
	['-l', true],
	['--layout', true],
	['-a', true],
	['--agent', true],
	['--worktree', true],
	['--base', true],
	['--reuse', false],
]);

/** True when `args` start or attach a session: no command, no --help, only the flags above. */
export function startsSession(args: readonly string[]): boolean {
	for (let index = 0; index < args.length; index++) {
		const argument = args[index]!;
		const equals = argument.startsWith('--') ? argument.indexOf('=') : -1;
		const takesValue = sessionFlags.get(equals === -1 ? argument : argument.slice(0, equals));
		if (takesValue === undefined) return false;
		if (takesValue && equals === -1) {
			// A value that looks like a flag (`-w --help`) is read as that flag: left to the client.
			index++;
			if (args[index] === undefined || args[index]!.startsWith('-')) return false;
		}
	}

	return true;
}

/**
 * Starts the server before the client has loaded, when the command will need one and none runs:
 * the server takes longer to load than the client (React, Ink, xterm.js, the policy's parsers),
 * and on two cores the two load side by side. Anything unusual (another command, no terminal,
 * inside a pane, a folder that is not private, a socket already there) is left to the client's
 * own checks, which say what is wrong.
 */
export function startServerEarly(args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
	if (!startsSession(args) || nestingProblem(env) !== undefined || !tty.isatty(0) || !tty.isatty(1)) return;
	const directory = socketDirectory(env);
	try {
		fs.mkdirSync(directory, {mode: 0o700});
	} catch {
		// It exists (checked next), or the client reports why it cannot be made.
	}

	if (privateDirectoryProblem(directory) !== undefined || fs.existsSync(serverSocketPath(env))) return;
	spawnServer();
}
