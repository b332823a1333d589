import assert from 'node:assert/strict';
import {appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {type AuditEntry, AuditLog, defaultAuditPath, readAuditLog} from '../../source/security/audit-log.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'agentmux-audit-'));
after(() => rmSync(root, {recursive: true, force: true}));

const entry = (command: string): AuditEntry => ({
	time: '2025-01-01T00:00:00.000Z',
	pane: 'shell',
	cwd: '/work',
	kind: 'line',
	decision: 'confirm',
	rule: 'rm-recursive',
	reason: 'deletes recursively',
	command,
	answer: 'yes',
});

describe('AuditLog', () => {
	it('creates a 0700 directory and a 0600 file, one JSON line per entry', () => {
		const file = path.join(root, 'a', 'b', 'audit.jsonl');
		const log = new AuditLog(file);
		log.append(entry('rm -rf build'));
		log.append(entry('git push -f'));
		assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
		assert.equal(statSync(file).mode & 0o777, 0o600);
		const {entries, corrupt} = readAuditLog(file);
		assert.equal(corrupt, 0);
		assert.deepEqual(
			entries.map(e => e.command),
			['rm -rf build', 'git push -f'],
		);
	});

	it('tightens a loose directory and file', () => {
		const directory = path.join(root, 'loose');
		mkdirSync(directory, {mode: 0o755});
		chmodSync(directory, 0o755);
		const file = path.join(directory, 'audit.jsonl');
		appendFileSync(file, '', {mode: 0o644});
		chmodSync(file, 0o644);
		new AuditLog(file).append(entry('ls'));
		assert.equal(statSync(directory).mode & 0o777, 0o700);
		assert.equal(statSync(file).mode & 0o777, 0o600);
	});

	it('redacts secrets itself as a last line of defence', () => {
		const file = path.join(root, 'redact', 'audit.jsonl');
		new AuditLog(file).append(entry('export GITHUB_TOKEN=ghp_hGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8rES'));
		const text = readFileSync(file, 'utf8');
		assert.doesNotMatch(text, /ghp_hGAkWvj7/);
		assert.match(text, /\[github-pat-classic …8rES\]/);
	});

	it('throws a clear error when it cannot write', () => {
		const blocker = path.join(root, 'file-not-dir');
		appendFileSync(blocker, 'x');
		assert.throws(() => new AuditLog(path.join(blocker, 'audit.jsonl')).append(entry('ls')), /cannot write audit log/);
		assert.throws(() => new AuditLog(path.join(root, 'x.jsonl')).append({...entry('ls'), kind: 'bogus'} as unknown as AuditEntry), /audit entry rejected/);
	});

	it('skips and counts corrupt lines', () => {
		const file = path.join(root, 'corrupt', 'audit.jsonl');
		new AuditLog(file).append(entry('ls'));
		appendFileSync(file, 'not json\n{"time":1}\n');
		new AuditLog(file).append(entry('pwd'));
		const {entries, corrupt} = readAuditLog(file);
		assert.equal(corrupt, 2);
		assert.deepEqual(
			entries.map(e => e.command),
			['ls', 'pwd'],
		);
		assert.deepEqual(readAuditLog(path.join(root, 'missing.jsonl')), {entries: [], corrupt: 0});
	});

	it('finds the default path from the environment', () => {
		assert.equal(defaultAuditPath({AGENTMUX_STATE_DIR: '/s'}), '/s/audit.jsonl');
		assert.equal(defaultAuditPath({XDG_STATE_HOME: '/x'}), '/x/agentmux/audit.jsonl');
		assert.equal(defaultAuditPath({}), path.join(os.homedir(), '.local', 'state', 'agentmux', 'audit.jsonl'));
	});
});
