import process from 'node:process';
import {parseArgs} from 'node:util';
import {type FuzzReport, fuzzKeyboard, fuzzPaneOutput} from '../helpers/fuzz-run.js';
import {freshSeed} from '../helpers/seeded-random.js';

// `npm run fuzz -- [--kind output|keyboard|both] [--seed N] [--duration SECONDS] [--runs N]`
// Longer, seeded fuzz runs than `npm test` has room for. Every run prints its seed;
// a failure prints the command that replays it.

const {values} = parseArgs({
	options: {
		kind: {type: 'string', default: 'both'},
		seed: {type: 'string'},
		duration: {type: 'string', default: '30'},
		runs: {type: 'string', default: '1'},
		memory: {type: 'string'},
	},
});

const kinds = values.kind === 'both' ? ['output', 'keyboard'] : [values.kind];
if (kinds.some(kind => kind !== 'output' && kind !== 'keyboard')) {
	process.stderr.write('--kind is output, keyboard or both\n');
	process.exit(2);
}

const durationMs = Number(values.duration) * 1000;
const runs = Number(values.runs);
const memoryLimitMb = values.memory === undefined ? undefined : Number(values.memory);
if (!(durationMs > 0) || !(runs >= 1) || (memoryLimitMb !== undefined && !(memoryLimitMb > 0))) {
	process.stderr.write('--duration, --runs and --memory are positive numbers\n');
	process.exit(2);
}

let failed = false;
for (let run = 0; run < runs; run++) {
	const seed = values.seed === undefined ? freshSeed() : Number(values.seed) + run;
	for (const kind of kinds) {
		process.stdout.write(`fuzz ${kind}: seed ${seed}, ${durationMs / 1000} s\n`);
		const hooks: Array<() => Promise<void>> = [];
		const context = {
			after(fn: () => Promise<void>) {
				hooks.push(fn);
			},
		};
		try {
			// eslint-disable-next-line no-await-in-loop
			const report: FuzzReport = kind === 'output' ? await fuzzPaneOutput(context, {seed, durationMs, memoryLimitMb}) : await fuzzKeyboard(context, {seed, durationMs, memoryLimitMb});
			const slowest = Math.max(0, ...report.echoMs);
			process.stdout.write(`  ok: ${report.sent} sent, peak RSS ${report.peakRssMb.toFixed(0)} MB, ${report.echoMs.length} markers echoed, slowest ${slowest} ms\n`);
		} catch (error) {
			failed = true;
			process.stdout.write(`  FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
			process.stdout.write(`  replay: npm run fuzz -- --kind ${kind} --seed ${seed} --duration ${durationMs / 1000}\n`);
		} finally {
			for (const hook of hooks.reverse()) {
				// eslint-disable-next-line no-await-in-loop
				await hook();
			}
		}
	}
}

process.exit(failed ? 1 : 0);
