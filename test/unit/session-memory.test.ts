import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Session} from '../../source/sessions/session.js';
import {rowText, waitFor} from './helpers/terminal.js';

const environment: Record<string, string> = {};
for (const [name, value] of Object.entries(process.env)) {
	if (value !== undefined) {
		environment[name] = value;
	}
}

/** A Session whose program is `node -e program`, held open after it ends. */
function nodeSession(program: string, scrollback = 1000): Session {
	return new Session({
		id: 1,
		spec: {name: 'memory', command: process.execPath, args: ['-e', program], cwd: process.cwd(), env: {}, onExit: 'hold'},
		cols: 80,
		rows: 24,
		scrollback,
		environment,
	});
}

async function runToEnd(session: Session): Promise<void> {
	session.start();
	await waitFor(() => session.status.kind === 'exited' && session.isParsed, 'the program to end and its output to be parsed', 120_000);
}

// Structural bounds, not RSS: what the terminal keeps must not grow with what the program sent.
describe('what a pane keeps is bounded by what it shows', {timeout: 300_000}, () => {
	it('an 11 MB OSC payload is dropped before xterm.js gathers it; the text after it is drawn', async t => {
		const session = nodeSession("process.stdout.write('\\u001B]2;' + 't'.repeat(11 * 1024 * 1024) + '\\u0007\\u001B]2;short\\u0007after', () => process.exit(0));");
		t.after(async () => {
			await session.dispose();
		});
		const titles: string[] = [];
		session.terminal.onTitleChange(title => titles.push(title));
		await runToEnd(session);
		assert.equal(session.droppedStringSequences, 1);
		assert.deepEqual(titles, ['short'], 'the long title never reached the terminal; the short one after it did');
		assert.equal(rowText(session.terminal, 0), 'after');
	});

	it('5,000 alternate-screen switches leave one normal screen and an empty alternate one', async t => {
		const program = `const fill = ('x'.repeat(70) + '\\r\\n').repeat(30);
			let out = '';
			for (let i = 0; i < 5000; i++) out += '\\u001B[?1049h\\u001B[>1u\\u001B[H' + fill + '\\u001B[?1049l' + 'line ' + i + '\\r\\n';
			process.stdout.write(out, () => process.exit(0));`;
		const session = nodeSession(program, 1000);
		t.after(async () => {
			await session.dispose();
		});
		await runToEnd(session);
		const {buffer} = session.terminal;
		assert.equal(buffer.active.type, 'normal');
		assert.equal(buffer.alternate.length, 0, 'the alternate screen holds no lines once left');
		assert.equal(buffer.normal.length, 24 + 1000, 'the normal screen keeps its scrollback and no more');
		const screen = Array.from({length: 24}, (_, y) => rowText(session.terminal, y));
		assert.ok(screen.includes('line 4999'), screen.join('\n'));
	});

	it('a flood far longer than the scrollback keeps exactly the scrollback', async t => {
		const program = `let out = ''; for (let i = 0; i < 50000; i++) out += '\\u001B[3' + (i % 8) + 'mline ' + i + '\\u001B[0m\\r\\n';
			process.stdout.write(out, () => process.exit(0));`;
		const session = nodeSession(program, 500);
		t.after(async () => {
			await session.dispose();
		});
		await runToEnd(session);
		const {buffer} = session.terminal;
		assert.equal(buffer.normal.length, 24 + 500);
		// The oldest line kept is one of the last 524 written (the exit notice takes a few rows).
		const oldest = /^line (\d+)$/.exec(buffer.normal.getLine(0)?.translateToString(true) ?? '');
		assert.ok(oldest && Number(oldest[1]) >= 50_000 - 524, `oldest kept: ${oldest?.[0]}`);
	});
});
