import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {assertAlive, assertEchoes, assertMemoryUnder, assertOnlyDrawing, assertSurvives, catPane, hostileFixtureDir, peakRssMb, rawEchoPane} from './health-check.js';
import {hostileKeyboardInput} from './hostile-keys.js';
import {hostilePaneOutput} from './hostile-output.js';
import {SeededRandom} from './seeded-random.js';
import {makeTempDir, startAgentmux, type TerminalHarness} from './terminal-harness.js';

export type FuzzOptions = {
	seed: number;
	durationMs: number;
	memoryLimitMb?: number;
};

export type FuzzReport = {
	seed: number;
	/** Hostile bytes (pane output) or characters (keyboard) sent. */
	sent: number;
	peakRssMb: number;
	/** How long each marker took to be echoed, in ms. */
	echoMs: number[];
};

type Context = {after: (fn: () => Promise<void>) => void};

/** Pane output per replaying pane and second: 4 KB chunks 20 ms apart. */
const chunkBytes = 4096;
const chunkGapMs = 20;
/** How often the checker types a marker during a run. */
const checkEveryMs = 700;
/** Long enough for an unterminated paste to time out (1 s of quiet) before the marker is typed. */
const keyboardQuietMs = 1200;

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

/** Alive, answering within the bound, under the memory bound, nothing but drawing written: one check during a run. */
async function checkDuringRun(am: TerminalHarness, echoPane: number, options: FuzzOptions, echoMs: number[]): Promise<void> {
	assertAlive(am, `fuzzing with seed ${options.seed}`);
	echoMs.push(await assertEchoes(am, echoPane));
	assertMemoryUnder(am, options.memoryLimitMb);
}

/**
 * Two panes replay seeded hostile output (random bytes, UTF-8 fragments, CSI,
 * OSC, DCS with extreme parameters) for about `durationMs`, while the checker
 * types markers into a `cat` pane; then prefix q y must quit cleanly.
 */
export async function fuzzPaneOutput(t: Context, options: FuzzOptions): Promise<FuzzReport> {
	const random = new SeededRandom(options.seed);
	const directory = makeTempDir('agentmux-fuzz-');
	t.after(async () => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	const size = Math.max(chunkBytes, Math.round(options.durationMs / chunkGapMs) * chunkBytes);
	const panes = ['one', 'two'].map(name => {
		const file = path.join(directory, `${name}.bin`);
		fs.writeFileSync(file, hostilePaneOutput(random, size));
		return {name, command: process.execPath, args: [path.join(hostileFixtureDir, 'replay-pane.mjs'), file, `fuzz-${name}`, String(chunkBytes), String(chunkGapMs)]};
	});
	const am = startAgentmux(t, {workspace: {panes: [...panes, catPane()]}});
	await am.waitForText(/ 3 cat · /);
	const echoMs: number[] = [];
	const done = () => am.findRow('fuzz-one-done') !== -1 && am.findRow('fuzz-two-done') !== -1;
	const deadline = Date.now() + options.durationMs + 60_000;
	while (!done()) {
		if (Date.now() > deadline) {
			throw new Error(`the fuzz output of seed ${options.seed} was not drawn within ${options.durationMs + 60_000} ms\nscreen:\n${am.screenDump()}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await checkDuringRun(am, 3, options, echoMs);
		// eslint-disable-next-line no-await-in-loop
		await sleep(checkEveryMs);
	}

	assertOnlyDrawing(am);
	const peak = peakRssMb(am);
	await assertSurvives(am, {echoPane: 3, memoryLimitMb: options.memoryLimitMb}, `fuzzing pane output with seed ${options.seed}`);
	return {seed: options.seed, sent: size * 2, peakRssMb: peak, echoMs};
}

/**
 * Types seeded hostile keyboard input (keys in every encoding with extreme
 * numbers, mouse, focus, pastes cut short, garbage; never the prefix) into
 * raw-mode panes for about `durationMs`, checking a marker echo in between;
 * then prefix q y must quit cleanly.
 */
export async function fuzzKeyboard(t: Context, options: FuzzOptions): Promise<FuzzReport> {
	const random = new SeededRandom(options.seed);
	// Random mouse reports and keys can select and copy in copy mode: the clipboard stays off, so that
	// every OSC 52 the scanner sees is a leak.
	const am = startAgentmux(t, {config: {clipboard: 'off'}, workspace: {panes: [rawEchoPane('sink'), rawEchoPane('echo')]}});
	await am.waitForText(/ 2 echo · /);
	await am.waitFor(() => am.screenText().join('\n').split('echo ready').length === 3, 'both raw panes to be ready');
	const echoMs: number[] = [];
	let sent = 0;
	const started = Date.now();
	while (Date.now() - started < options.durationMs) {
		am.press('\u001B1');
		const burstEnds = Date.now() + checkEveryMs;
		while (Date.now() < burstEnds) {
			const input = hostileKeyboardInput(random, random.between(1, 400));
			sent += input.length;
			am.press(input);
			// eslint-disable-next-line no-await-in-loop
			await sleep(random.int(15));
		}

		// eslint-disable-next-line no-await-in-loop
		await sleep(keyboardQuietMs);
		// eslint-disable-next-line no-await-in-loop
		await checkDuringRun(am, 2, options, echoMs);
	}

	const peak = peakRssMb(am);
	await assertSurvives(am, {echoPane: 2, memoryLimitMb: options.memoryLimitMb}, `fuzzing the keyboard with seed ${options.seed}`);
	return {seed: options.seed, sent, peakRssMb: peak, echoMs};
}
