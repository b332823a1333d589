import {type LaunchContext, launch, type MultiplexerKind, type PaneCommand} from './multiplexers.js';
import {percentile, round, sleep} from './stats.js';

export type LatencyFigures = {
	samples: number;
	timeouts: number;
	p50Ms: number | null;
	p99Ms: number | null;
	maxMs: number | null;
	/** Which sample (0-based, after warm-up) was the slowest: early ones point at start-up work. */
	maxAtSample: number;
	meanMs: number | null;
};

export type LatencyOptions = {
	samples: number;
	/** Samples typed first and thrown away. */
	warmup: number;
	intervalMs: number;
	timeoutMs: number;
	/** Panes that flood next to the echo pane; none for the idle figure. */
	flooders: PaneCommand[];
	/** Extra node flags for agentmux (e.g. --cpu-prof). */
	nodeArgs?: string[];
};

/** A run of code points as characters. */
function range(from: number, to: number): string[] {
	return Array.from({length: to - from + 1}, (_, index) => String.fromCodePoint(from + index));
}

// Single-width letters that are not ASCII, not in either multiplexer's chrome and never in
// the (ASCII) flood output, each typed once: a match in the output can only be that echo,
// never a repaint of an earlier one.
const probes = [
	...range(0x01_00, 0x01_7f), // Latin Extended-A
	...range(0x01_80, 0x02_4f), // Latin Extended-B
	...range(0x04_10, 0x04_4f), // Cyrillic
	...range(0x03_b1, 0x03_c9), // Greek small
];

/**
 * Types one character at a time into a pane running `cat` (the tty echoes it)
 * and times write -> the character appearing in the outer terminal's output.
 * The typed line is only killed (Ctrl-U) when the probes run out, so the probe
 * costs one frame per sample, as a typed character does.
 */
export async function measureLatency(kind: MultiplexerKind, context: LaunchContext, options: LatencyOptions): Promise<LatencyFigures> {
	const echoPane: PaneCommand = {name: 'echo', command: 'cat', args: ['-']};
	// The echo pane comes first: both multiplexers start with the first pane focused.
	const launched = launch(kind, context, [echoPane, ...options.flooders], {nodeArgs: options.nodeArgs});
	const {outer} = launched;
	const latencies: number[] = [];
	let timeouts = 0;
	try {
		// Start typing only once the client is up (agentmux's start-up alone takes about a second).
		if (options.flooders.length > 0) {
			await outer.settle(0, 15_000);
			await sleep(1500);
		} else {
			await outer.settle(500, 15_000);
		}

		let expected: {char: string; resolve: (at: number) => void} | undefined;
		outer.listener = (data, at) => {
			if (expected && data.includes(expected.char)) {
				expected.resolve(at);
				expected = undefined;
			}
		};

		for (let index = 0; index < options.warmup + options.samples && !outer.exit; index++) {
			const char = probes[index % probes.length]!;
			if (index > 0 && index % probes.length === 0) {
				// Out of unique probes: kill the line (erasing its echoes) and start again.
				outer.write('\u0015');
				// eslint-disable-next-line no-await-in-loop
				await sleep(100);
			}

			let timer: NodeJS.Timeout | undefined;
			const seen = new Promise<number | undefined>(resolve => {
				expected = {char, resolve};
				timer = setTimeout(() => {
					resolve(undefined);
				}, options.timeoutMs);
			});
			const sentAt = performance.now();
			outer.write(char);
			// eslint-disable-next-line no-await-in-loop
			const at = await seen;
			clearTimeout(timer);
			expected = undefined;
			if (index >= options.warmup) {
				if (at === undefined) {
					timeouts++;
					latencies.push(options.timeoutMs);
				} else {
					latencies.push(at - sentAt);
				}
			}

			// eslint-disable-next-line no-await-in-loop
			await sleep(Math.max(2, sentAt + options.intervalMs - performance.now()));
		}

		outer.listener = undefined;
		if (options.flooders.length === 0) {
			// Ctrl-U then Ctrl-D at the start of a line: cat ends, the pane closes, the multiplexer exits.
			outer.write('\u0015');
			await sleep(50);
			outer.write('\u0004');
			await outer.waitForExit(5000);
		}
	} finally {
		outer.listener = undefined;
		await launched.stop();
	}

	const mean = latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
	return {
		samples: latencies.length,
		timeouts,
		p50Ms: round(percentile(latencies, 0.5)),
		p99Ms: round(percentile(latencies, 0.99)),
		maxMs: round(Math.max(...latencies)),
		maxAtSample: latencies.indexOf(Math.max(...latencies)),
		meanMs: round(mean),
	};
}
