import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import {assertEchoes, assertQuitsCleanly, assertSurvives, catPane, fnv1a, rawCountPane} from '../helpers/health-check.js';
import {SeededRandom} from '../helpers/seeded-random.js';
import {bashPane, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

// Issue 8, faults 5, 6 and 8: what arrives on agentmux's stdin at a rate no person
// types: a script's keys, a paste that never ends, a paste of megabytes.

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

/** Keys as a script would type them: letters, digits, punctuation, Enter, and some non-ASCII; never the prefix. */
function typedKeys(seed: number, length: number): string {
	const random = new SeededRandom(seed);
	let text = '';
	while (text.length < length) {
		text += random.weighted([
			[90, () => String.fromCodePoint(random.between(0x20, 0x7e))],
			[5, () => '\r'],
			[3, () => 'é'],
			[2, () => '漢'],
		] as const)();
	}

	return text;
}

/** Characters agentmux has read so far, from any file (so it is reached no later than the last key is read). */
function charsRead(am: TerminalHarness): number {
	return Number(/^rchar: (\d+)$/m.exec(fs.readFileSync(`/proc/${am.pid}/io`, 'utf8'))![1]);
}

async function startWithCounter(t: {after: (fn: () => Promise<void>) => void}): Promise<TerminalHarness> {
	const am = startAgentmux(t, {workspace: {panes: [rawCountPane(), catPane()]}});
	await am.waitForText(/ 2 cat · /);
	await am.waitForText('got 0 hash');
	return am;
}

test('fault 5: 1 MB of typed keys (not a paste) reaches a raw-mode pane whole and in order, and agentmux stays bounded', async t => {
	const am = await startWithCounter(t);
	const keys = typedKeys(5001, 1 << 20);
	const bytes = Buffer.from(keys, 'utf8');
	am.press(keys);
	await am.waitForText(`got ${bytes.length} hash ${fnv1a(bytes)}`, {timeoutMs: 30_000});
	await assertSurvives(am, {echoPane: 2}, '1 MB of typed keys');
});

test('fault 5, the class: 64 KB typed in 1 KB reads arrives whole and in order', async t => {
	const am = await startWithCounter(t);
	const keys = typedKeys(5002, 64 * 1024);
	for (let offset = 0; offset < keys.length; offset += 1024) {
		am.press(keys.slice(offset, offset + 1024));
		// eslint-disable-next-line no-await-in-loop
		await sleep(1);
	}

	const bytes = Buffer.from(keys, 'utf8');
	await am.waitForText(`got ${bytes.length} hash ${fnv1a(bytes)}`, {timeoutMs: 30_000});
	await assertSurvives(am, {echoPane: 2}, '64 KB of typed keys in small reads');
});

test('fault 6: ESC [ 200 ~ with no end, then prefix q y quits', async t => {
	const am = startAgentmux(t, {workspace: {panes: [catPane()]}});
	await am.waitForText(/ 1 cat · /);
	am.press('\u001B[200~echo this paste never ends');
	await sleep(1500);
	await assertQuitsCleanly(am);
});

test('fault 6, the class: the prefix typed at once after an unterminated paste start is still the prefix', async t => {
	const am = startAgentmux(t, {workspace: {panes: [catPane()]}});
	await am.waitForText(/ 1 cat · /);
	am.press('\u001B[200~half a paste');
	await sleep(100);
	await assertQuitsCleanly(am);
});

test('fault 6, the class: an unterminated paste into a shell, split across reads, lets Alt-2 and a marker through after 1 s', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('shell'), catPane()]}});
	await am.waitForText(/ 2 cat · /);
	await am.waitForText(/^┃\$ /);
	am.press('\u001B[20');
	await sleep(30);
	am.press('0~echo pasted\recho ');
	await sleep(30);
	am.press('more without an end');
	await sleep(1500);
	await assertSurvives(am, {echoPane: 2}, 'an unterminated paste');
});

test('fault 8: while a 2 MB paste into bash is judged, a marker typed into another pane is echoed within 1 s', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('shell'), catPane()]}});
	await am.waitForText(/ 2 cat · /);
	await am.waitForText(/^┃\$ /);
	const lines: string[] = [];
	for (let index = 0; lines.length * 64 < 2 * 1024 * 1024; index++) {
		lines.push(`# comment line ${String(index).padStart(7, '0')} of a large paste, nothing to run`.padEnd(63, '.'));
	}

	const paste = lines.join('\n');
	const before = charsRead(am);
	am.press(`\u001B[200~${paste}\u001B[201~`);
	// Time the marker from when agentmux has the whole paste, not from when it was sent.
	await am.waitFor(() => charsRead(am) - before >= paste.length, 'agentmux to read the whole paste', {timeoutMs: 60_000});
	await assertEchoes(am, 2);
	await assertSurvives(am, {echoPane: 2}, 'a 2 MB paste');
	assert.ok(lines.length > 30_000, 'the paste was large');
});
