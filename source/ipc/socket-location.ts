import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

/** `$XDG_RUNTIME_DIR/agentmux`, else `${TMPDIR:-/tmp}/agentmux-<uid>`: the server socket's private folder. */
export function socketDirectory(env: NodeJS.ProcessEnv = process.env): string {
	const runtime = env['XDG_RUNTIME_DIR'];
	if (runtime) {
		return path.join(runtime, 'agentmux');
	}

	return path.join(env['TMPDIR'] || '/tmp', `agentmux-${process.getuid?.() ?? os.userInfo().uid}`);
}

/** The server's socket in that folder. */
export function serverSocketPath(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(socketDirectory(env), 'server.sock');
}

/** The running server's pid, for `kill-server` when the socket no longer answers, and for tests. */
export function serverPidPath(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(socketDirectory(env), 'server.pid');
}
