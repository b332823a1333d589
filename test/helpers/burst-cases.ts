import type {TestContext} from 'node:test';
import {assertAlive, assertHealthy, assertOnlyDrawing, assertQuitsCleanly, catPane, type HostileBurst, hostilePane} from './health-check.js';
import {startAgentmux, type TerminalHarness} from './terminal-harness.js';

/** One kind of hostile pane output, checked on its own. */
export type BurstCase = {
	name: string;
	burst: HostileBurst;
	/** Checked once the whole burst is drawn: what it must have done to the pane's screen. */
	effect?: (am: TerminalHarness) => void;
};

export type BurstOptions = {
	/** Reset the pane's terminal before each label (for bursts that leave it unreadable). */
	reset?: boolean;
	memoryLimitMb?: number;
	/** How long the whole burst may take to be drawn. */
	doneWithinMs?: number;
};

const keys = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Runs each case as a subtest: the hostile pane (pane 1) writes the case's burst
 * when sent its key, and while the burst is drawn the checker types a marker
 * into a `cat` pane (pane 2). Cases share one agentmux while they pass; after a
 * failure the next case gets a fresh one, so one fault fails one case.
 */
export async function runBurstCases(t: TestContext, label: string, cases: BurstCase[], options: BurstOptions = {}): Promise<void> {
	if (cases.length > keys.length) {
		throw new Error(`at most ${keys.length} cases per run`);
	}

	const onKey = Object.fromEntries(cases.map((item, index) => [keys[index]!, item.burst]));
	const start = async (): Promise<TerminalHarness> => {
		const am = startAgentmux(t, {workspace: {panes: [hostilePane('hostile', {label, reset: options.reset, onKey}), catPane()]}});
		await am.waitForText(`${label}-ready`);
		await am.waitForText(/ 2 cat · /);
		return am;
	};

	let am: TerminalHarness | undefined;
	let healthy = false;
	for (const [index, item] of cases.entries()) {
		const key = keys[index]!;
		// eslint-disable-next-line no-await-in-loop
		await t.test(item.name, async () => {
			if (!am || !healthy) {
				await am?.cleanup();
				am = await start();
			}

			healthy = false;
			const current = am;
			current.press('\u001B1');
			current.press(key);
			// The first round is drawn: check the marker while the next ones arrive.
			await current.waitFor(() => current.exitResult !== undefined || current.findRow(new RegExp(`${label}-${key}-(\\d+|done)`)) !== -1, `the first round of "${item.name}" to be drawn`, {
				timeoutMs: options.doneWithinMs ?? 15_000,
			});
			await assertHealthy(current, {echoPane: 2, memoryLimitMb: options.memoryLimitMb}, item.name);
			await current.waitFor(() => current.exitResult !== undefined || current.findRow(`${label}-${key}-done`) !== -1, `all of "${item.name}" to be drawn`, {timeoutMs: options.doneWithinMs ?? 15_000});
			assertAlive(current, item.name);
			await current.waitForQuiet(100);
			item.effect?.(current);
			assertOnlyDrawing(current);
			healthy = true;
		});
	}

	await t.test('and then prefix q y quits cleanly', async () => {
		if (!am || !healthy) {
			await am?.cleanup();
			am = await start();
		}

		await assertQuitsCleanly(am);
	});
}
