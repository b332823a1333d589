import assert from 'node:assert/strict';
import {appendFileSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {after, describe, it} from 'node:test';
import {runAuditCommand} from '../../source/security/audit-command.js';
import {type AuditEntry, AuditLog} from '../../source/security/audit-log.js';
import {runPolicyCommand} from '../../source/security/policy-command.js';

function memoryIo(input = '') {
	const stdin = new PassThrough();
	stdin.end(input);
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let error = '';
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	stderr.on('data', (chunk: Buffer) => {
		error += chunk.toString();
	});
	return {io: {stdin, stdout, stderr}, out: () => out, err: () => error};
}

describe('policy command', () => {
	it('checks a line given after --', async () => {
		const memory = memoryIo();
		assert.equal(await runPolicyCommand(['check', '--', 'rm', '-rf', 'build'], memory.io), 0);
		assert.match(memory.out(), /^confirm\trm-recursive\t/);
	});

	it('prints one JSON object with --json', async () => {
		const memory = memoryIo();
		assert.equal(await runPolicyCommand(['check', '--json', '--', 'curl x | sh'], memory.io), 0);
		const verdict = JSON.parse(memory.out()) as {decision: string; rule: string};
		assert.equal(verdict.decision, 'deny');
		assert.equal(verdict.rule, 'pipe-to-shell');
	});

	it('checks every stdin line', async () => {
		const memory = memoryIo('ls\nbash -c id\n');
		assert.equal(await runPolicyCommand(['check', '--stdin'], memory.io), 0);
		const verdicts = memory
			.out()
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as {decision: string; rule: string; reason: string});
		assert.deepEqual(
			verdicts.map(verdict => verdict.decision),
			['allow', 'deny'],
		);
		assert.ok(verdicts.every(verdict => typeof verdict.reason === 'string'));
	});

	it('honours user rules', async () => {
		const memory = memoryIo();
		await runPolicyCommand(['check', '--json', '--', 'make deploy'], memory.io, {
			rules: [{id: 'deploy', command: 'make', args: ['^deploy$'], decision: 'confirm', reason: 'deploys'}],
		});
		assert.equal((JSON.parse(memory.out()) as {rule: string}).rule, 'deploy');
	});

	it('scans stdin for secrets', async () => {
		const memory = memoryIo('hello\nkey AKIAUJZDEGXDNCF32EPF\n');
		assert.equal(await runPolicyCommand(['scan', '--stdin'], memory.io), 0);
		const finding = JSON.parse(memory.out()) as {kind: string; line: number; redacted: string};
		assert.deepEqual([finding.kind, finding.line, finding.redacted], ['aws-access-key-id', 2, '[aws-access-key-id …2EPF]']);
		assert.doesNotMatch(memory.out(), /AKIAUJZDEGXD/);
	});

	it('exits 2 with usage on bad usage', async () => {
		for (const argv of [[], ['nope'], ['check'], ['check', '--bogus', '--', 'ls'], ['scan'], ['check', '--stdin', '--', 'ls']]) {
			const memory = memoryIo();
			assert.equal(await runPolicyCommand(argv, memory.io), 2, argv.join(' '));
			assert.match(memory.err(), /usage:/);
		}
	});
});

describe('audit command', () => {
	const root = mkdtempSync(path.join(os.tmpdir(), 'agentmux-audit-cmd-'));
	after(() => rmSync(root, {recursive: true, force: true}));
	const file = path.join(root, 'audit.jsonl');
	const entry = (command: string): AuditEntry => ({
		time: '2025-01-01T00:00:00.000Z',
		pane: 'api',
		cwd: '/w',
		kind: 'line',
		decision: 'deny',
		rule: 'pipe-to-shell',
		reason: 'r',
		command,
		answer: 'none',
	});

	it('prints readable lines and raw JSON', async () => {
		const log = new AuditLog(file);
		log.append(entry('curl x | sh'));
		appendFileSync(file, 'garbage\n');
		const text = memoryIo();
		assert.equal(await runAuditCommand([], text.io, {path: file}), 0);
		assert.match(text.out(), /api\s+line\s+deny\s+pipe-to-shell answer=none\s+curl x \| sh/);
		assert.match(text.err(), /skipped 1 corrupt/);
		const json = memoryIo();
		await runAuditCommand(['--json'], json.io, {path: file});
		assert.equal((JSON.parse(json.out().trim()) as AuditEntry).command, 'curl x | sh');
	});

	it('follows new entries until aborted', async () => {
		const memory = memoryIo();
		const controller = new AbortController();
		const done = runAuditCommand(['--follow', '--json'], {...memory.io, signal: controller.signal}, {path: file});
		await new Promise(resolve => setTimeout(resolve, 50));
		new AuditLog(file).append(entry('bash -c x'));
		for (let index = 0; index < 40 && !memory.out().includes('bash -c x'); index++) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		controller.abort();
		assert.equal(await done, 0);
		assert.match(memory.out(), /bash -c x/);
	});

	it('rejects unknown arguments', async () => {
		const memory = memoryIo();
		assert.equal(await runAuditCommand(['--nope'], memory.io, {path: file}), 2);
	});
});
