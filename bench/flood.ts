import {type LaunchContext, type LaunchOptions, launch, type MultiplexerKind} from './multiplexers.js';
import {CpuTime, PeakRss} from './peak-rss.js';
import {median, round} from './stats.js';

export type FloodRun = {
	wallMs: number;
	bytesOut: number;
	exitCode: number | null;
	timedOut: boolean;
	/** Peak resident set (VmHWM) of the process holding the screens: agentmux, or the tmux server. */
	peakRssMb: number | null;
	/** CPU time of the multiplexer's own processes (agentmux; the tmux client and server). */
	cpuMs: number | null;
};

export type FloodFigures = {
	runs: FloodRun[];
	medianMs: number | null;
	/** Input bytes (all panes) per second of median wall time. */
	inputMBps: number | null;
	medianBytesOut: number | null;
	/** Peak RSS: the median and the largest over the runs. */
	medianPeakRssMb: number | null;
	maxPeakRssMb: number | null;
	medianCpuMs: number | null;
};

/** One flood: every file cat'ed in its own pane; wall time from spawn until the client exits. */
export async function floodOnce(
	kind: MultiplexerKind,
	context: LaunchContext,
	files: string[],
	timeoutMs: number,
	options: LaunchOptions & {clockTicksPerSecond?: number; sandbox?: unknown} = {},
): Promise<FloodRun> {
	const launched = launch(
		kind,
		context,
		files.map((file, index) => ({name: `log${index + 1}`, command: 'cat', args: [file], ...(options.sandbox === undefined ? {} : {sandbox: options.sandbox})})),
		options,
	);
	const memory = new PeakRss(async () => launched.screensPid());
	const cpu = new CpuTime(async () => launched.ownPids(), options.clockTicksPerSecond ?? 100);
	const exited = await launched.outer.waitForExit(timeoutMs);
	const peakRssMb = memory.stop();
	const cpuMs = cpu.stop();
	if (!exited) {
		await launched.stop();
	}

	const wallMs = (launched.outer.exit?.at ?? performance.now()) - launched.outer.startedAt;
	const run: FloodRun = {wallMs: round(wallMs, 1)!, bytesOut: launched.outer.bytes, exitCode: launched.outer.exit?.exitCode ?? null, timedOut: !exited, peakRssMb, cpuMs};
	// Whatever is left (a tmux server, a stray pane) goes too.
	await launched.stop();
	return run;
}

/** Summarises the runs of one multiplexer. */
export function floodFigures(runs: FloodRun[], inputBytes: number): FloodFigures {
	const good = runs.filter(run => !run.timedOut);
	const medianMs = median(good.map(run => run.wallMs));
	return {
		runs,
		medianMs: round(medianMs, 1),
		inputMBps: round(inputBytes / 1e6 / (medianMs / 1000), 1),
		medianBytesOut: round(median(good.map(run => run.bytesOut)), 0),
		...peakRssFigures(runs),
		medianCpuMs: round(median(good.map(run => run.cpuMs).filter((value): value is number => value !== null)), 0),
	};
}

/** The median and largest peak RSS over runs (timed-out runs too: their memory counts). */
export function peakRssFigures(runs: FloodRun[]): {medianPeakRssMb: number | null; maxPeakRssMb: number | null} {
	const peaks = runs.map(run => run.peakRssMb).filter((value): value is number => value !== null);
	return {medianPeakRssMb: round(median(peaks), 1), maxPeakRssMb: peaks.length === 0 ? null : Math.max(...peaks)};
}
