import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {baseEnvironment, cliPath, makeTempDir} from '../helpers/terminal-harness.js';

type SlowRead = {exitCode: number | null; stdout: string; stderr: string; exitedBeforeRead: boolean};

/**
 * Runs the CLI with `input` on stdin and a reader that does not read for `delayMs`:
 * the pipe fills, so the CLI must wait for the reader before it exits.
 */
async function runWithSlowReader(args: string[], input: string, env: Record<string, string>, delayMs = 1000): Promise<SlowRead> {
	const child = spawn(process.execPath, [cliPath, ...args], {env, stdio: ['pipe', 'pipe', 'pipe']});
	let exited = false;
	let stderr = '';
	child.on('exit', () => {
		exited = true;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	child.stdout.pause();
	child.stdin.end(input);
	try {
		await new Promise(resolve => {
			setTimeout(resolve, delayMs);
		});
		const exitedBeforeRead = exited;
		const chunks: string[] = [];
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
		child.stdout.resume();
		const exitCode = await new Promise<number | null>((resolve, reject) => {
			const timer = setTimeout(() => {
				reject(new Error(`agentmux ${args.join(' ')} did not finish; stderr: ${stderr}`));
			}, 60_000);
			child.on('close', code => {
				clearTimeout(timer);
				resolve(code);
			});
		});
		return {exitCode, stdout: chunks.join(''), stderr, exitedBeforeRead};
	} finally {
		child.kill('SIGKILL');
	}
}

function environment(t: {after: (fn: () => void) => void}): Record<string, string> {
	const root = makeTempDir('agentmux-flush-');
	t.after(() => {
		fs.rmSync(root, {recursive: true, force: true});
	});
	const dirs = {home: path.join(root, 'home'), config: path.join(root, 'config'), state: path.join(root, 'state')};
	for (const dir of Object.values(dirs)) fs.mkdirSync(dir, {recursive: true});
	return baseEnvironment(dirs);
}

test('policy check --stdin gives every verdict to a slow reader', async t => {
	const env = environment(t);
	const lines = Array.from({length: 3000}, (_, index) => `git push --force origin b${index + 1}`);
	const run = await runWithSlowReader(['policy', 'check', '--stdin'], `${lines.join('\n')}\n`, env);
	assert.equal(run.exitCode, 0, run.stderr);
	const verdicts = run.stdout
		.trimEnd()
		.split('\n')
		.map(line => JSON.parse(line) as {line: string; decision: string});
	assert.equal(verdicts.length, 3000);
	assert.deepEqual(
		verdicts.map(verdict => verdict.line),
		lines,
		'every line once, in order',
	);
	assert.ok(verdicts.every(verdict => verdict.decision === 'confirm'));
	assert.equal(run.exitedBeforeRead, false, 'the CLI waited for its reader instead of exiting with output queued');
});

test('policy scan --stdin gives every finding to a slow reader', async t => {
	const env = environment(t);
	const key = (index: number) => `AKIA${String(index).padStart(4, '0')}UJZDEGXDNCF3`;
	const lines = Array.from({length: 2000}, (_, index) => `export AWS_ACCESS_KEY_ID=${key(index)} # padding so the output outgrows one pipe buffer`);
	const run = await runWithSlowReader(['policy', 'scan', '--stdin'], `${lines.join('\n')}\n`, env);
	assert.equal(run.exitCode, 0, run.stderr);
	const findings = run.stdout
		.trimEnd()
		.split('\n')
		.map(line => JSON.parse(line) as {line: number; kind: string});
	assert.deepEqual(
		findings.map(finding => finding.line),
		lines.map((_, index) => index + 1),
	);
	assert.ok(findings.every(finding => finding.kind === 'aws-access-key-id'));
});

test('audit prints a long log whole to a slow reader', async t => {
	const env = environment(t);
	const entries = Array.from({length: 3000}, (_, index) =>
		JSON.stringify({
			time: new Date(Date.UTC(2026, 0, 1, 0, 0, index % 60)).toISOString(),
			pane: 'sh',
			cwd: '/project',
			kind: 'line',
			decision: 'confirm',
			rule: 'rm-recursive',
			reason: 'deletes recursively',
			command: `rm -rf ./build-${index}`,
			answer: 'no',
		}),
	);
	fs.writeFileSync(path.join(env['AGENTMUX_STATE_DIR']!, 'audit.jsonl'), `${entries.join('\n')}\n`);
	const run = await runWithSlowReader(['audit', '--json'], '', env);
	assert.equal(run.exitCode, 0, run.stderr);
	const printed = run.stdout.trimEnd().split('\n');
	assert.equal(printed.length, 3000);
	assert.match(printed.at(-1)!, /build-2999/);
});

test('a reader that stops early ends policy check quietly', async t => {
	const env = environment(t);
	const child = spawn(process.execPath, [cliPath, 'policy', 'check', '--stdin'], {env, stdio: ['pipe', 'pipe', 'pipe']});
	t.after(() => child.kill('SIGKILL'));
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	child.stdout.once('data', () => {
		child.stdout.destroy();
	});
	child.stdin.on('error', () => {
		// The CLI may stop reading once its reader is gone.
	});
	child.stdin.end(`${Array.from({length: 5000}, () => 'git status').join('\n')}\n`);
	const exitCode = await new Promise<number | null>(resolve => child.on('close', resolve));
	assert.equal(exitCode, 0);
	assert.equal(stderr, '', 'no stack trace for a closed pipe');
});
