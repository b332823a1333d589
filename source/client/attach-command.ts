import process from 'node:process';
import {sessionNameSchema} from '../ipc/server-messages.js';
import {runAttachCommand, runSessionCheck} from './commands.js';

/**
 * `agentmux attach [NAME]` on its own path: no settings, no flag parser, nothing but the socket
 * client, so that re-attaching after an SSH drop is quick. The server has the settings. Without a
 * name, the server picks the session a client attached to or left most recently, as tmux does:
 * after an SSH drop, the one that was on screen.
 */
export async function runAttach(name?: string): Promise<number> {
	const parsed = name === undefined ? undefined : sessionNameSchema.safeParse(name);
	if (parsed && !parsed.success) {
		process.stderr.write(`session name "${name}": ${parsed.error.issues[0]?.message ?? 'invalid'}\n`);
		return 2;
	}

	const session = parsed?.data;
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		// A missing session is the answer a script wants first (exit 1), as tmux gives it.
		const missing = await runSessionCheck(session, {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr});
		if (missing !== 0) return missing;
		process.stderr.write('agentmux: standard input and output must be a terminal\n');
		return 2;
	}

	return runAttachCommand(
		{type: 'attach', ...(session === undefined ? {} : {session}), cols: process.stdout.columns || 80, rows: process.stdout.rows || 24},
		{stdin: process.stdin, stdout: process.stdout, stderr: process.stderr},
	);
}
