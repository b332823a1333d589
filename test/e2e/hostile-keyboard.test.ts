import {test} from 'node:test';
import {assertAlive, assertEchoes, assertHealthy, assertQuitsCleanly, assertSurvives, catPane} from '../helpers/health-check.js';
import {startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

// Issue 8, fault 1: key sequences whose numbers nobody checked ended agentmux with every pane.

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

/** agentmux with one `cat` pane, ready for keys. */
async function startWithCat(t: {after: (fn: () => Promise<void>) => void}): Promise<TerminalHarness> {
	const am = startAgentmux(t, {workspace: {panes: [catPane()]}});
	await am.waitForText(/ 1 cat · /);
	return am;
}

const issueSequences: Array<[string, string]> = [
	['ESC [ u', '\u001B[u'],
	['ESC [ ? 1 u', '\u001B[?1u'],
	['ESC [ 99999999 u', '\u001B[99999999u'],
	['ESC [ -1 u', '\u001B[-1u'],
	['ESC [ 27 ; 5 ; 99999999 ~', '\u001B[27;5;99999999~'],
	['ESC [ 27 ; 5 ; ~', '\u001B[27;5;~'],
];

test("fault 1: the issue's key sequences neither crash nor freeze agentmux", async t => {
	// One agentmux while the cases pass; a fresh one after a failure, so one fault fails one case.
	let am: TerminalHarness | undefined;
	let healthy = false;
	for (const [name, bytes] of issueSequences) {
		// eslint-disable-next-line no-await-in-loop
		await t.test(`typing ${name}`, async () => {
			if (!am || !healthy) {
				await am?.cleanup();
				am = await startWithCat(t);
			}

			healthy = false;
			am.press(bytes);
			await sleep(30);
			await assertHealthy(am, {echoPane: 1}, `typing ${name}`);
			healthy = true;
		});
	}

	await t.test('and then prefix q y quits cleanly', async () => {
		if (!am || !healthy) {
			await am?.cleanup();
			am = await startWithCat(t);
		}

		await assertQuitsCleanly(am);
	});
});

// The same class beyond the issue's examples: code points past Unicode, surrogates,
// absurd modifiers and counts, empty and signed fields, in every encoding the parser knows.
const moreSequences: Array<[string, string]> = [
	['kitty key past Unicode', '\u001B[1114112u'],
	['kitty key a surrogate', '\u001B[55296u'],
	['kitty key with a huge modifier', '\u001B[97;99999999u'],
	['kitty key with alternate keys out of range', '\u001B[97:99999999:-5u'],
	['kitty key with a 25-digit code', '\u001B[9999999999999999999999999u'],
	['kitty key with text of bad code points', '\u001B[97;1;1114112:55296u'],
	['kitty key with an event type field', '\u001B[97;1:9u'],
	['modifyOtherKeys past Unicode', '\u001B[27;5;1114112~'],
	['modifyOtherKeys with an empty modifier', '\u001B[27;;97~'],
	['modifyOtherKeys with a signed code', '\u001B[27;5;-97~'],
	['tilde key with a huge number', '\u001B[99999999~'],
	['cursor key with a huge modifier', '\u001B[1;99999999A'],
	['SGR mouse with huge coordinates', '\u001B[<0;99999999;99999999M'],
	['SGR mouse with negative coordinates', '\u001B[<0;-1;-1m'],
	['SGR mouse with a huge button', '\u001B[<99999999;1;1M'],
	['X10 mouse with bytes past the screen', '\u001B[M\u00FF\u00FF\u00FF'],
	['X10 mouse cut short', '\u001B[M'],
	['SS3 with a control byte', '\u001BO\u0001'],
	['CSI with 300 parameters', `\u001B[${'1;'.repeat(300)}u`],
	['a lone ESC [ and then a letter key', '\u001B[a'],
];

test('fault 1, the class: malformed key sequences of every encoding are passed on or dropped, never fatal', async t => {
	const am = await startWithCat(t);
	for (const [name, bytes] of moreSequences) {
		am.press(bytes);
		// The parser waits a moment for the rest of a cut-off sequence; then the marker shows it still listens.
		// eslint-disable-next-line no-await-in-loop
		await sleep(30);
		// eslint-disable-next-line no-await-in-loop
		await assertEchoes(am, 1);
		assertAlive(am, `typing ${name}`);
	}

	await assertSurvives(am, {echoPane: 1}, 'malformed key sequences');
});

test('fault 1, the class: the same sequences split across reads, byte by byte', async t => {
	const am = await startWithCat(t);
	for (const [, bytes] of [...issueSequences, ...moreSequences]) {
		for (const char of bytes) {
			am.press(char);
			// eslint-disable-next-line no-await-in-loop
			await sleep(2);
		}
	}

	await sleep(100);
	await assertSurvives(am, {echoPane: 1}, 'malformed key sequences typed byte by byte');
});
