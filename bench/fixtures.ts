import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Every file the benchmark makes lives under one temporary root, removed at the end. */
export type BenchDirs = {
	root: string;
	home: string;
	config: string;
	state: string;
	tmux: string;
	data: string;
	profiles: string;
};

/** Creates the temporary tree. */
export function makeDirs(): BenchDirs {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-bench-'));
	const dirs: BenchDirs = {
		root,
		home: path.join(root, 'home'),
		config: path.join(root, 'config'),
		state: path.join(root, 'state'),
		tmux: path.join(root, 'tmux'),
		data: path.join(root, 'data'),
		profiles: path.join(root, 'profiles'),
	};
	for (const dir of Object.values(dirs)) {
		fs.mkdirSync(dir, {recursive: true, mode: 0o700});
	}

	return dirs;
}

/** A small deterministic PRNG (mulberry32): the same files on every run and machine. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const levels = [
	{name: 'DEBUG', sgr: '\u001B[2;37m'},
	{name: 'INFO ', sgr: '\u001B[32m'},
	{name: 'INFO ', sgr: '\u001B[32m'},
	{name: 'INFO ', sgr: '\u001B[32m'},
	{name: 'WARN ', sgr: '\u001B[1;33m'},
	{name: 'ERROR', sgr: '\u001B[1;37;41m'},
] as const;

const words = [
	'request',
	'handled',
	'cache',
	'miss',
	'hit',
	'upstream',
	'connection',
	'reset',
	'retrying',
	'tokens',
	'compiled',
	'module',
	'graph',
	'resolved',
	'in',
	'ms',
	'user',
	'session',
	'refreshed',
	'worker',
	'queue',
	'drained',
	'payload',
	'bytes',
	'checksum',
	'ok',
	'mismatch',
	'scheduled',
	'job',
	'finished',
];

/**
 * Appends ASCII-only coloured log lines (timestamps, levels in SGR colours,
 * a mix of 16/256/truecolor) to file until it holds at least `bytes`.
 * ASCII only on purpose: the latency probe looks for non-ASCII characters.
 */
export function writeLogFile(file: string, bytes: number, seed: number): void {
	const next = random(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
	const fd = fs.openSync(file, 'w');
	try {
		let written = 0;
		let time = Date.UTC(2025, 0, 1) + seed * 1000;
		while (written < bytes) {
			const lines: string[] = [];
			let chunkSize = 0;
			while (chunkSize < 1 << 20) {
				time += Math.floor(next() * 50);
				const level = pick(levels);
				const worker = Math.floor(next() * 16);
				const r = Math.floor(next() * 256);
				const g = Math.floor(next() * 256);
				const b = Math.floor(next() * 256);
				const count = 4 + Math.floor(next() * 22);
				const message: string[] = [];
				for (let index = 0; index < count; index++) {
					const word = pick(words);
					const roll = next();
					if (roll < 0.1) {
						message.push(`\u001B[38;5;${16 + Math.floor(next() * 216)}m${word}\u001B[39m`);
					} else if (roll < 0.15) {
						message.push(`\u001B[38;2;${r};${g};${b}m${word}\u001B[39m`);
					} else {
						message.push(word);
					}
				}

				const latency = (next() * 900).toFixed(1);
				const line =
					`\u001B[90m${new Date(time).toISOString()}\u001B[0m ${level.sgr}${level.name}\u001B[0m ` +
					`\u001B[38;5;${33 + worker}m[worker-${worker}]\u001B[0m ${message.join(' ')} ` +
					`latency=\u001B[38;2;${r};${g};${b}m${latency}ms\u001B[0m\r\n`;
				lines.push(line);
				chunkSize += line.length;
			}

			const chunk = lines.join('');
			fs.writeSync(fd, chunk);
			written += chunk.length;
		}
	} finally {
		fs.closeSync(fd);
	}
}

/** Writes `bytes` of "y\n" lines to file, as `yes` would: the shortest lines a build log can have. */
export function writeShortLines(file: string, bytes: number): void {
	const chunk = 'y\n'.repeat(1 << 19);
	const fd = fs.openSync(file, 'w');
	try {
		for (let written = 0; written < bytes; written += chunk.length) {
			fs.writeSync(fd, chunk.slice(0, Math.min(chunk.length, bytes - written)));
		}
	} finally {
		fs.closeSync(fd);
	}
}

/**
 * A pane program like an agent's "thinking" line: a 10 Hz spinner redrawn in
 * place with \r, for `seconds`, then it exits.
 */
export const spinnerScript = `
const seconds = Number(process.argv[2] ?? '10');
const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const started = Date.now();
let frame = 0;
process.stdout.write('\\u001B[1m● Working on the task\\u001B[0m\\n');
const timer = setInterval(() => {
	const elapsed = Math.floor((Date.now() - started) / 1000);
	process.stdout.write('\\r\\u001B[38;5;208m' + frames[frame++ % frames.length] + '\\u001B[0m Thinking… (' + elapsed + 's · esc to interrupt)\\u001B[K');
	if (Date.now() - started >= seconds * 1000) {
		clearInterval(timer);
		process.stdout.write('\\n');
	}
}, 100);
`;

/** A pane program that floods forever (until a deadline): cat of a log file, again and again. */
export const floodLoopScript = `
# No echo: a keystroke that went to the wrong pane must not pass for the probe's echo.
stty -echo 2>/dev/null
deadline=$((SECONDS + $2))
while [ "$SECONDS" -lt "$deadline" ]; do
	cat -- "$1" || exit 0
done
`;
