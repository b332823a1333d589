import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {diagnosticLogLimit} from '../../source/diagnostics/diagnostic-log.js';

const probe = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../helpers/session-output-probe.js');

/** Runs a Session in a child process whose pane runs `node -e program`; resolves with what the child printed. */
async function runProbe(program: string, stateDirectory: string): Promise<{stdout: string; stderr: string; code: number | null}> {
	const child = spawn(process.execPath, [probe, process.execPath, '-e', program], {
		env: {...process.env, AGENTMUX_STATE_DIR: stateDirectory},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString('utf8');
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
	try {
		const code = await new Promise<number | null>(resolve => {
			child.on('close', resolve);
		});
		return {stdout, stderr, code};
	} finally {
		clearTimeout(timer);
		child.kill('SIGKILL');
	}
}

/** A program writing `text` (given as a JS expression) raw to its stdout, then exiting. */
const writes = (expression: string) => `process.stdout.write(${expression}, () => process.exit(0));`;

const seededRandomBytes = `(() => {
	let seed = 0x2F6E2B1;
	const next = () => {
		seed |= 0; seed = seed + 0x6D2B79F5 | 0;
		let t = Math.imul(seed ^ seed >>> 15, 1 | seed);
		t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
		return ((t ^ t >>> 14) >>> 0) / 4294967296;
	};
	const bytes = Buffer.alloc(256 * 1024);
	for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
	return Buffer.concat([bytes, Buffer.from('\\u001Bc\\u001B[2J\\u001B[Hend')]);
})()`;

// The terminal echoes what the program does not read, so query answers may show after the text.
const cases: Array<{name: string; expression: string; firstRow: RegExp}> = [
	{name: "a DEL byte (printf 'a\\177b\\n')", expression: "'a\\x7Fb\\n'", firstRow: /^ab$/},
	{name: '10,000 DEL bytes', expression: "'\\x7F'.repeat(10000) + 'end'", firstRow: /^end$/},
	{name: 'ESC followed by a non-ASCII character', expression: "'\\x1Bé\\x1Bü\\x1B\\u4E2D'.repeat(1000) + '\\x1B[H\\x1B[2Kend'", firstRow: /^end$/},
	{
		name: 'C1 controls, broken UTF-8 and unknown sequences',
		expression: "Buffer.concat([Buffer.from([0x80, 0x9B, 0xC2, 0x9B, 0xFF, 0xFE, 0xC0, 0xAF]), Buffer.from('\\x1B[?9999$p\\x1BP1$r\\x1B\\\\\\x1B]999;x\\x07\\x1B[H\\x1B[2Kend')])",
		firstRow: /^end/,
	},
	{name: '256 KB of seeded random bytes', expression: seededRandomBytes, firstRow: /^end/},
	{name: 'a flood of queries from a program that exits at once', expression: "'\\x1B[c\\x1B[6n\\x1B[?2026$p\\x1B[>c'.repeat(20000) + 'end'", firstRow: /.*/},
];

describe('what a pane writes never reaches the console', {timeout: 300_000}, () => {
	for (const {name, expression, firstRow} of cases) {
		it(name, async t => {
			const stateDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-quiet-'));
			t.after(() => {
				fs.rmSync(stateDirectory, {recursive: true, force: true});
			});
			const {stdout, stderr, code} = await runProbe(writes(expression), stateDirectory);
			assert.equal(stderr, '', 'nothing on stderr');
			const lines = stdout.split('\n');
			assert.deepEqual(lines.length, 2, `nothing on stdout but the probe's own line: ${JSON.stringify(stdout.slice(0, 500))}`);
			assert.match(lines[0]!, /^parsed ".*"$/);
			assert.match(JSON.parse(lines[0]!.slice('parsed '.length)) as string, firstRow);
			assert.equal(code, 0);
			// Whatever went to the diagnostic log stays within its cap.
			for (const file of ['agentmux.log', 'agentmux.log.1']) {
				const full = path.join(stateDirectory, file);
				if (fs.existsSync(full)) {
					assert.ok(fs.statSync(full).size <= diagnosticLogLimit, `${file} is capped`);
				}
			}
		});
	}
});
