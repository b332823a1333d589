// Runs one Session whose program writes hostile bytes, in a process of its own, and prints only
// "parsed <rows>" at the end: anything else on this process's stdout or stderr came from a
// library (xterm.js's parser errors, node-pty's write errors) and would have landed on the user's screen.
// Usage: node session-output-probe.js <program> [args...]
import {Session} from '../../source/sessions/session.js';

const [command, ...args] = process.argv.slice(2);
const environment: Record<string, string> = {};
for (const [name, value] of Object.entries(process.env)) {
	if (value !== undefined) {
		environment[name] = value;
	}
}

const session = new Session({
	id: 1,
	spec: {name: 'probe', command: command!, args, cwd: process.cwd(), env: {}, onExit: 'hold'},
	cols: 80,
	rows: 24,
	scrollback: 1000,
	environment,
});
session.on('status', status => {
	if (status.kind !== 'exited') {
		return;
	}

	const check = setInterval(() => {
		if (session.isParsed) {
			clearInterval(check);
			const text = session.terminal.buffer.active.getLine(0)?.translateToString(true) ?? '';
			process.stdout.write(`parsed ${JSON.stringify(text)}\n`);
			void session.dispose().then(() => {
				process.exit(0);
			});
		}
	}, 20);
});
session.start();
