import process from 'node:process';
import {sessionNameSchema} from '../ipc/server-messages.js';
import {runAttachCommand, runSessionCheck} from './commands.js';

/**
 * `agentmux attach [NAME]` on its own path: no settings, no flag parser, nothing but the socket
 * client, so that re-attaching after an SSH drop is quick. The server has the settings.
 */
export async function runAttach(name = 'main'): Promise<number> {
	const parsed = sessionNameSchema.safeParse(name);
	if (!parsed.success) {
		process.stderr.write(`session name "${name}": ${parsed.error.issues[0]?.message ?? 'invalid'}\n`);
		return 2;
	}

	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		// A missing session is the answer a script wants first (exit 1), as tmux gives it.
		const missing = await runSessionCheck(parsed.data, {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr});
		if (missing !== 0) return missing;
		process.stderr.write('agentmux: standard input and output must be a terminal\n');
		return 2;
	}

	return runAttachCommand(
		{type: 'attach', session: parsed.data, cols: process.stdout.columns || 80, rows: process.stdout.rows || 24},
		{stdin: process.stdin, stdout: process.stdout, stderr: process.stderr},
	);
}
