import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ExitPolicy, PaneSpec} from '../../source/config/workspace.js';
import {Session} from '../../source/sessions/session.js';
import {waitFor} from './helpers/terminal.js';

const environment: Record<string, string> = {};
for (const [name, value] of Object.entries(process.env)) {
	if (value !== undefined) {
		environment[name] = value;
	}
}

environment['TERM'] = 'xterm-256color';

function start(t: {after(fn: () => unknown): void}, command: string, args: string[], onExit: ExitPolicy, scrollback: number, cols = 40, rows = 10): Session {
	const spec: PaneSpec = {name: 'flood', command, args, cwd: process.cwd(), env: {}, onExit};
	const session = new Session({id: 1, spec, cols, rows, scrollback, environment});
	t.after(async () => session.dispose());
	session.start();
	return session;
}

function bufferLines(session: Session): string[] {
	const buffer = session.terminal.buffer.active;
	const lines: string[] = [];
	for (let y = 0; y < buffer.length; y++) {
		lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
	}

	return lines;
}

test('a flood of short lines leaves exactly the last lines in the scrollback, and the exit notice after them', {timeout: 120_000}, async t => {
	const count = 400_000;
	const session = start(t, 'seq', ['1', String(count)], 'hold', 1000, 80);
	await waitFor(() => session.status.kind === 'exited', 'seq to exit', 90_000);
	await waitFor(() => bufferLines(session).some(line => line.includes('[exited with code 0')), 'the exit notice', 10_000);
	const lines = bufferLines(session);
	// 1000 lines of scrollback and a 10-row screen: 1010 rows, the last three being the blank row
	// the output ended on, the notice, and the blank row after it.
	assert.equal(lines.length, 1010);
	assert.match(lines.at(-2)!, /^\[exited with code 0; press Enter/);
	assert.equal(lines.at(-3), '');
	const numbers = lines.slice(0, -3);
	assert.equal(numbers.at(-1), String(count), 'the last number is on the row before the notice');
	for (const [index, line] of numbers.entries()) {
		// Every row holds the next number: nothing was lost or reordered.
		assert.equal(line, String(count - numbers.length + 1 + index), `row ${index}`);
	}
});

test('the exit notice comes after all the output, however much was still waiting to be parsed', {timeout: 120_000}, async t => {
	// Every third line holds an emoji, which no skipped line may hold: nothing here can be skipped, so a large backlog is still unparsed when the program exits.
	// Emoji (two UTF-16 units each) land on every cut between batches sooner or later.
	const script = 'let out = ""; for (let i = 1; i <= 100000; i++) out += `\\u001B[3${i % 7}m${i}${i % 3 === 0 ? "\\u{1F600}" : ""}\\u001B[0m\\n`; process.stdout.write(out);';
	const session = start(t, process.execPath, ['-e', script], 'hold', 100, 80);
	await waitFor(() => session.status.kind === 'exited', 'the script to exit', 90_000);
	await waitFor(() => bufferLines(session).some(line => line.includes('[exited with code 0')), 'the exit notice', 30_000);
	const lines = bufferLines(session);
	assert.match(lines.at(-2)!, /^\[exited with code 0/);
	assert.deepEqual(lines.slice(-5, -3), ['99999\u{1F600}', '100000']);
	for (const [index, line] of lines.slice(0, -3).entries()) {
		const number = 100_000 - (lines.length - 3) + 1 + index;
		assert.equal(line, `${number}${number % 3 === 0 ? '\u{1F600}' : ''}`, `row ${index}`);
	}
});

test('a closing pane still parses its last output before it goes', {timeout: 120_000}, async t => {
	const session = start(t, 'seq', ['1', '200000'], 'close', 50, 20, 5);
	let screenAtClose = '';
	session.on('closed', () => {
		const buffer = session.terminal.buffer.active;
		screenAtClose = buffer.getLine(buffer.length - 2)?.translateToString(true) ?? '';
	});
	await waitFor(() => session.status.kind === 'exited', 'seq to exit', 90_000);
	assert.equal(screenAtClose, '200000');
});

test('long lines that wrap, and coloured ones, are all kept in order', {timeout: 120_000}, async t => {
	// Every fifth line is wider than the pane and wraps; every seventh turns the text green until the third after it resets
	// it: a skip must leave the kept lines the pen the skipped ones left.
	const script =
		'for (let i = 1; i <= 60000; i++) { const text = i % 5 === 0 ? String(i).padEnd(90, ".") : String(i); process.stdout.write(i % 7 === 0 ? `\\u001B[32m${text}\\n` : i % 7 === 3 ? `\\u001B[0m${text}\\n` : `${text}\\n`); }';
	const session = start(t, process.execPath, ['-e', script], 'hold', 500, 80);
	await waitFor(() => session.status.kind === 'exited', 'the script to exit', 90_000);
	await waitFor(() => bufferLines(session).some(line => line.includes('[exited with code 0')), 'the exit notice', 10_000);
	const buffer = session.terminal.buffer.active;
	// Join wrapped rows back into lines, then check the numbers count down from the last one.
	const logical: string[] = [];
	for (let y = 0; y < buffer.length; y++) {
		const line = buffer.getLine(y)!;
		const text = line.translateToString(true);
		if (line.isWrapped && logical.length > 0) {
			logical[logical.length - 1] += text;
		} else {
			logical.push(text);
		}
	}

	const numbers = logical.slice(0, -3).map(text => text.replace(/\.+$/, ''));
	// The first row may be the tail of a wrapped line whose start scrolled out.
	const whole = numbers.slice(1);
	assert.equal(whole.at(-1), '60000');
	for (const [index, text] of whole.entries()) {
		const expected = 60_000 - whole.length + 1 + index;
		assert.equal(text, String(expected), `line ${index}`);
	}

	const padded = logical.findIndex(text => text.startsWith('59995'));
	assert.ok(padded >= 0 && logical[padded]!.length === 90, 'a padded line is whole across its wrap');
	const cell = buffer.getNullCell();
	for (let y = 0; y < buffer.length - 3; y++) {
		const line = buffer.getLine(y)!;
		const number = Number(line.translateToString(true).replace(/\.+$/, ''));
		if (line.isWrapped || !number) continue;
		line.getCell(0, cell);
		assert.equal(cell.isFgDefault() ? 'default' : cell.getFgColor(), number % 7 < 3 ? 2 : 'default', `the colour of line ${number}`);
	}
});
