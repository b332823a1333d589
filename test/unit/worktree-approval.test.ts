import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {worktreeGate} from '../../source/app/worktree-approval.js';
import {AuditLog, readAuditLog} from '../../source/security/audit-log.js';
import {createClassifier} from '../../source/security/classify.js';

test('git commands for worktrees are judged like a launch and every one is audited', async t => {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-gate-'));
	t.after(() => {
		fs.rmSync(folder, {recursive: true, force: true});
	});
	const audit = new AuditLog(path.join(folder, 'audit.jsonl'));
	const classifier = await createClassifier({rules: [{id: 'no-trees-in-tmp', command: 'git', argsPattern: '^worktree add .* /forbidden/', decision: 'deny', reason: 'not there'}]});
	const asked: string[] = [];
	let answer = false;
	const gate = worktreeGate(
		{classifier, audit},
		{
			confirm: async title => {
				asked.push(title);
				return answer;
			},
		},
		'pane-a',
	);

	assert.equal(await gate(['git', 'worktree', 'add', '-b', 'x', '/trees/x', 'main'], {cwd: '/repo'}), true);
	assert.match(String(await gate(['git', 'worktree', 'add', '-b', 'y', '/forbidden/y', 'main'], {cwd: '/repo'})), /refused by policy \(no-trees-in-tmp\): not there/);
	// `branch -D` asks (a built-in rule) unless the user already said yes to exactly this.
	assert.equal(await gate(['git', 'branch', '-D', 'x'], {cwd: '/repo'}), 'not confirmed');
	answer = true;
	assert.equal(await gate(['git', 'branch', '-D', 'x'], {cwd: '/repo'}), true);
	assert.equal(await gate(['git', 'worktree', 'remove', '--force', '/trees/x'], {cwd: '/repo', confirmed: true}), true);
	assert.equal(asked.length, 2, 'asked for the two unconfirmed branch deletes only');

	const {entries} = readAuditLog(audit.filePath);
	assert.deepEqual(
		entries.map(entry => [entry.kind, entry.pane, entry.decision, entry.answer, entry.command]),
		[
			['worktree', 'pane-a', 'allow', 'auto', 'git worktree add -b x /trees/x main'],
			['worktree', 'pane-a', 'deny', 'none', 'git worktree add -b y /forbidden/y main'],
			['worktree', 'pane-a', 'confirm', 'no', 'git branch -D x'],
			['worktree', 'pane-a', 'confirm', 'yes', 'git branch -D x'],
			['worktree', 'pane-a', 'confirm', 'yes', 'git worktree remove --force /trees/x'],
		],
	);
});
