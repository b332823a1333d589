import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const preload = fileURLToPath(new URL('../helpers/blocking-report-pipe.js', import.meta.url));
const testCount = 2000;

/** Runs a file of `testCount` empty tests as `npm test` runs ours, and returns the count the runner reported. */
function reportedTests(dir: string, run: number): number {
	const file = path.join(dir, 'many.test.cjs');
	const out = path.join(dir, `report-${run}.tap`);
	const outFd = fs.openSync(out, 'w');
	try {
		const result = spawnSync(process.execPath, ['--import', preload, '--test', '--test-concurrency=1', '--test-force-exit', '--test-reporter=tap', file], {
			stdio: ['ignore', outFd, 'pipe'],
			// Set in a test file's process: the nested runner would report to us in its binary form.
			env: {...process.env, NODE_TEST_CONTEXT: undefined},
			timeout: 60_000,
		});
		assert.equal(result.status, 0, `the run failed: ${String(result.stderr)}`);
	} finally {
		fs.closeSync(outFd);
	}

	const match = /^# tests (\d+)$/m.exec(fs.readFileSync(out, 'utf8'));
	assert.ok(match, 'the run printed its summary');
	return Number(match[1]);
}

describe('test reports', () => {
	it('reach the runner whole under --test-force-exit: no test file loses the tail of its results', t => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-reports-'));
		t.after(() => {
			fs.rmSync(dir, {recursive: true, force: true});
		});
		const lines = ["const {test} = require('node:test');"];
		for (let index = 1; index <= testCount; index++) {
			lines.push(`test('t${index}', () => {});`);
		}

		fs.writeFileSync(path.join(dir, 'many.test.cjs'), lines.join('\n'));
		// Without the preload, about half such runs lost tens of results here: three runs catch it.
		for (let run = 1; run <= 3; run++) {
			assert.equal(reportedTests(dir, run), testCount, `run ${run}`);
		}
	});
});
