import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {captureConsole} from '../../source/diagnostics/console-capture.js';
import {diagnosticLogLimit, setDiagnosticLogPath} from '../../source/diagnostics/diagnostic-log.js';

/** Runs `body` with process.stdout/stderr writes recorded instead of written; synchronous, so nothing else can write meanwhile. */
function recordingStdio(body: () => void): string[] {
	const written: string[] = [];
	const streams = [process.stdout, process.stderr];
	const originals = streams.map(stream => stream.write);
	for (const stream of streams) {
		stream.write = ((chunk: string | Uint8Array) => {
			written.push(String(chunk));
			return true;
		}) as typeof stream.write;
	}

	try {
		body();
	} finally {
		for (const [index, stream] of streams.entries()) {
			stream.write = originals[index]!;
		}
	}

	return written;
}

describe('captureConsole', () => {
	it('sends console output and process warnings to the diagnostic log, not stdout or stderr', async t => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-console-'));
		const log = path.join(directory, 'agentmux.log');
		setDiagnosticLogPath(log);
		t.after(() => {
			setDiagnosticLogPath(undefined);
			fs.rmSync(directory, {recursive: true, force: true});
		});
		const original = console.error;
		let release: () => void = () => undefined;
		const written = recordingStdio(() => {
			release = captureConsole();
			console.error('xterm.js: Parsing error: ', {position: 3, code: 127});
			console.log('Unhandled pty write error', new Error('EBADF'));
			console.warn('Warning: Each child in a list should have a unique "key" prop.');
			console.info('\u001B[2Jcontrol characters are made harmless');
		});
		process.emitWarning('a library warning');
		// Warnings are printed on the next tick.
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		const writtenAfter = recordingStdio(() => {
			release();
		});
		assert.deepEqual(written, []);
		assert.deepEqual(writtenAfter, []);
		assert.equal(console.error, original, 'the console is given back');
		const text = fs.readFileSync(log, 'utf8');
		assert.match(text, /console\.error: xterm\.js: Parsing error: {2}\{ position: 3, code: 127 \}/);
		assert.match(text, /console\.log: Unhandled pty write error Error: EBADF/);
		assert.match(text, /console\.warn: Warning: Each child/);
		assert.match(text, /console\.info: \?\[2Jcontrol characters are made harmless/);
		assert.match(text, /a library warning/);
		assert.equal(fs.statSync(log).mode & 0o777, 0o600);
	});

	it('a flood of messages is rate-limited and the log stays capped', async t => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-console-'));
		const log = path.join(directory, 'agentmux.log');
		setDiagnosticLogPath(log);
		t.after(() => {
			setDiagnosticLogPath(undefined);
			fs.rmSync(directory, {recursive: true, force: true});
		});
		const big = 'x'.repeat(1000);
		const started = Date.now();
		const written = recordingStdio(() => {
			const release = captureConsole();
			try {
				for (let index = 0; index < 10_000; index++) {
					console.error(`xterm.js: Parsing error ${index}`, big);
				}
			} finally {
				release();
			}
		});
		const seconds = Math.ceil((Date.now() - started) / 1000) + 1;
		assert.deepEqual(written, []);
		const text = fs.readFileSync(log, 'utf8');
		const records = [log, `${log}.1`]
			.filter(file => fs.existsSync(file))
			.flatMap(file => fs.readFileSync(file, 'utf8').split('\n'))
			.filter(line => /^\d{4}-.* console\.error: /.test(line));
		// 50 a second, of 10,000.
		assert.ok(records.length >= 50, 'the first ones are kept');
		assert.ok(records.length <= 50 * seconds, `${records.length} records in ${seconds} s`);
		assert.match(text, /more records dropped/);
		for (const file of [log, `${log}.1`]) {
			if (fs.existsSync(file)) {
				assert.ok(fs.statSync(file).size <= diagnosticLogLimit);
			}
		}
	});
});
