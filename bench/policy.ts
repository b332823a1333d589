import fs from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {median, percentile, round} from './stats.js';

export type PolicyFigures =
	| {skipped: true; reason: string}
	| {
			skipped: false;
			lines: number;
			runs: number;
			medianUsPerLine: number | null;
			p99UsPerLine: number | null;
			firstCallMs: number | null;
			/** The lines with the highest median time, to show where the time goes. */
			slowest: Array<{line: string; medianUs: number | null}>;
			fixtures: string[];
	  };

type Classify = (line: string) => unknown;

/** The text to classify from one fixture line: a JSON string, or the first string field of the usual names. */
function lineText(raw: string): string | undefined {
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return undefined;
	}

	if (typeof value === 'string') {
		return value;
	}

	if (value && typeof value === 'object') {
		for (const key of ['cmd', 'command', 'line', 'input', 'text']) {
			const field = (value as Record<string, unknown>)[key];
			if (typeof field === 'string') {
				return field;
			}
		}
	}

	return undefined;
}

/** Finds a callable classify in whatever createClassifier returned. */
function toClassify(made: unknown): Classify | undefined {
	if (typeof made === 'function') {
		return made as Classify;
	}

	if (made && typeof made === 'object' && typeof (made as {classify?: unknown}).classify === 'function') {
		const object = made as {classify: Classify};
		return line => object.classify(line);
	}

	return undefined;
}

/** Median time per line of the policy classifier over the fixtures, when the classifier exists. */
export async function measurePolicy(repoRoot: string, runs: number): Promise<PolicyFigures> {
	const sourceFile = path.join(repoRoot, 'source/security/classify.ts');
	const builtFile = path.join(repoRoot, 'dist/source/security/classify.js');
	if (!fs.existsSync(sourceFile)) {
		return {skipped: true, reason: 'source/security/classify.ts does not exist yet'};
	}

	if (!fs.readFileSync(sourceFile, 'utf8').includes('createClassifier') || !fs.existsSync(builtFile)) {
		return {skipped: true, reason: 'classify.ts does not export createClassifier (or is not built)'};
	}

	const module = (await import(pathToFileURL(builtFile).href)) as {createClassifier?: (...args: unknown[]) => unknown};
	if (typeof module.createClassifier !== 'function') {
		return {skipped: true, reason: 'classify.js has no createClassifier export'};
	}

	const fixtureDir = path.join(repoRoot, 'test/fixtures/policy');
	const fixtures = fs.existsSync(fixtureDir)
		? fs
				.readdirSync(fixtureDir)
				.filter(name => name.endsWith('.jsonl'))
				.sort()
		: [];
	const lines = fixtures
		.flatMap(name => fs.readFileSync(path.join(fixtureDir, name), 'utf8').split('\n'))
		.filter(raw => raw.trim() !== '')
		.map(raw => lineText(raw))
		.filter((line): line is string => line !== undefined);
	if (lines.length === 0) {
		return {skipped: true, reason: 'no lines in test/fixtures/policy/*.jsonl'};
	}

	const classify = toClassify(await module.createClassifier());
	if (!classify) {
		return {skipped: true, reason: 'createClassifier() returned neither a function nor an object with classify()'};
	}

	const firstStart = performance.now();
	await classify(lines[0]!);
	const firstCallMs = performance.now() - firstStart;
	const times: number[] = [];
	const perLine = lines.map(() => [] as number[]);
	for (let run = 0; run < runs; run++) {
		for (const [index, line] of lines.entries()) {
			const start = performance.now();
			const result = classify(line);
			if (result && typeof (result as Promise<unknown>).then === 'function') {
				// eslint-disable-next-line no-await-in-loop
				await result;
			}

			const us = (performance.now() - start) * 1000;
			times.push(us);
			perLine[index]!.push(us);
		}
	}

	return {
		skipped: false,
		lines: lines.length,
		runs,
		medianUsPerLine: round(median(times), 1),
		p99UsPerLine: round(percentile(times, 0.99), 1),
		firstCallMs: round(firstCallMs),
		slowest: lines
			.map((line, index) => ({line: line.length > 80 ? `${line.slice(0, 77)}...` : line, medianUs: median(perLine[index]!)}))
			.sort((a, b) => b.medianUs - a.medianUs)
			.slice(0, 3)
			.map(entry => ({line: entry.line, medianUs: round(entry.medianUs, 1)})),
		fixtures,
	};
}
