import {type LaunchContext, launch, type MultiplexerKind, type PaneCommand} from './multiplexers.js';
import {cpuTicks} from './outer-terminal.js';
import {statusKb} from './peak-rss.js';
import {round, sleep} from './stats.js';

export type IdleFigures = {
	/** CPU of the multiplexer's own processes, percent of one core. */
	cpuPercent: number | null;
	bytesPerSecond: number | null;
	/** Resident set at the end of the measurement, of agentmux or the tmux server (the one holding the screens). */
	rssMb: number | null;
	measuredMs: number;
	pids: number[];
};

export type IdleOptions = {
	warmupMs: number;
	measureMs: number;
	clockTicksPerSecond: number;
	/** The spinner panes; they end by themselves after warm-up + measurement. */
	panes: PaneCommand[];
	/** Extra node flags for agentmux (e.g. --cpu-prof). */
	nodeArgs?: string[];
};

/** Four agents "thinking": CPU and output bytes of the multiplexer while only spinners move. */
export async function measureIdle(kind: MultiplexerKind, context: LaunchContext, options: IdleOptions): Promise<IdleFigures> {
	const launched = launch(kind, context, options.panes, {nodeArgs: options.nodeArgs});
	const {outer} = launched;
	try {
		// The warm-up counts from the first spinner frame on screen, not from the spawn:
		// on a busy machine agentmux's start-up alone can take more than a second.
		if (!(await outer.waitForText('Thinking', 15_000))) {
			throw new Error(`${kind} showed no spinner within 15 s`);
		}

		await sleep(options.warmupMs);
		const pids = await launched.ownPids();
		const ticks = () => pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
		const ticksBefore = ticks();
		const bytesBefore = outer.bytes;
		const before = performance.now();
		await sleep(options.measureMs);
		const ticksAfter = ticks();
		const bytesAfter = outer.bytes;
		const measuredMs = performance.now() - before;
		const screensPid = await launched.screensPid();
		const rssKb = screensPid === undefined ? undefined : statusKb(screensPid, 'VmRSS');
		if (outer.exit) {
			throw new Error(`${kind} exited during the idle measurement (code ${outer.exit.exitCode})`);
		}

		// The spinners stop soon after; let the multiplexer end on its own, as in real use.
		await outer.waitForExit(10_000);
		return {
			cpuPercent: round(((ticksAfter - ticksBefore) / options.clockTicksPerSecond / (measuredMs / 1000)) * 100),
			bytesPerSecond: round((bytesAfter - bytesBefore) / (measuredMs / 1000), 0),
			rssMb: rssKb === undefined ? null : round(rssKb / 1024, 1),
			measuredMs: round(measuredMs, 0)!,
			pids,
		};
	} finally {
		await launched.stop();
	}
}
