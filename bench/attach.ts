import {type LaunchContext, launchAgentmux, type PaneCommand} from './multiplexers.js';
import {OuterTerminal} from './outer-terminal.js';
import {sleep} from './stats.js';

export type AttachFigures = {
	/** From starting `agentmux attach` to the first frame with every pane's title and the status bar. */
	firstFrameMs: {median: number | null; max: number | null; runs: number[]};
	/** From starting the first `agentmux` (no server running) to its first whole frame: the server's start-up and the session's. */
	startFirstFrameMs: number | null;
	/** From closing the terminal's master to the client process being gone. */
	hangupExitMs: {median: number | null; max: number | null; runs: number[]};
};

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}

function summary(values: number[]): {median: number | null; max: number | null; runs: number[]} {
	return {median: median(values), max: values.length === 0 ? null : Math.round(Math.max(...values) * 10) / 10, runs: values.map(value => Math.round(value * 10) / 10)};
}

/** Resolves with the time at which every needle has appeared in the terminal's output, or undefined after ms. */
async function allShown(outer: OuterTerminal, needles: string[], ms: number): Promise<number | undefined> {
	let seen = '';
	return new Promise(resolve => {
		const timer = setTimeout(() => {
			outer.listener = undefined;
			resolve(undefined);
		}, ms);
		outer.listener = (data, at) => {
			seen += data;
			if (needles.every(needle => seen.includes(needle))) {
				clearTimeout(timer);
				outer.listener = undefined;
				resolve(at);
			}
		};
	});
}

/** Time to the first whole frame when attaching to a session of 4 busy panes, and time to exit after a hangup. */
export async function measureAttach(context: LaunchContext, panes: PaneCommand[], runs: number): Promise<AttachFigures> {
	const first = launchAgentmux(context, panes);
	const attach = first.attach!;
	const frames: number[] = [];
	const hangups: number[] = [];
	let startFirstFrameMs: number | null = null;
	try {
		const firstDrawnAt = await allShown(first.outer, [' agentmux ', ...panes.map(pane => pane.name)], 60_000);
		if (firstDrawnAt === undefined) {
			throw new Error('the first client never drew the session');
		}

		startFirstFrameMs = Math.round((firstDrawnAt - first.outer.startedAt) * 10) / 10;

		// The first terminal goes away; the session stays, busy.
		let closedAt = performance.now();
		first.outer.hangUp();
		if (await first.outer.waitForExit(10_000)) hangups.push(first.outer.exit!.at - closedAt);
		for (let run = 0; run < runs; run++) {
			const outer = new OuterTerminal(context.nodePath, [context.cliPath, 'attach', attach.session], {cwd: context.root, env: attach.env});
			// eslint-disable-next-line no-await-in-loop
			const drawnAt = await allShown(outer, [' agentmux ', ...panes.map(pane => pane.name)], 30_000);
			if (drawnAt !== undefined) frames.push(drawnAt - outer.startedAt);
			// eslint-disable-next-line no-await-in-loop
			await sleep(200);
			closedAt = performance.now();
			outer.hangUp();
			// eslint-disable-next-line no-await-in-loop
			if (await outer.waitForExit(10_000)) hangups.push(outer.exit!.at - closedAt);
		}
	} finally {
		await first.stop();
	}

	return {firstFrameMs: summary(frames), startFirstFrameMs, hangupExitMs: summary(hangups)};
}
