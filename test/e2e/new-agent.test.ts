import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {bashPane, prompt, startAgentmux} from '../helpers/terminal-harness.js';

// The new-agent form (prefix a) and the overview (prefix s), driven through the real CLI.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fakeClaude = path.join(repoRoot, 'test/fixtures/agents/fake-claude.mjs');
// node for the fake agent's shebang; no node_modules/.bin, so the real agents count as not installed.
const pathVariable = `${path.dirname(process.execPath)}:/usr/bin:/bin`;

function git(cwd: string, args: string[]): string {
	return execFileSync('git', ['-c', 'user.name=agentmux test', '-c', 'user.email=test@example.com', ...args], {cwd, encoding: 'utf8'});
}

test('prefix a: the form refuses a clashing branch in place, starts an agent pane in a new worktree; prefix s shows it waiting first and y approves in place', async t => {
	const am = startAgentmux(t, {
		cols: 160,
		rows: 40,
		// No hooks: each would start a node process, and the screen tells this test all it needs.
		// No sandbox either: its start is tested elsewhere and costs time here.
		config: {agents: {fakebot: {extends: 'claude', command: fakeClaude, hooks: 'none'}}, sandbox: {agents: 'off'}},
		workspace: {panes: [bashPane('sh')]},
		env: {PATH: pathVariable, FAKE_AGENT_BUSY_MS: '300'},
	});
	git(am.cwd, ['init', '--quiet', '--initial-branch=main']);
	fs.writeFileSync(path.join(am.cwd, 'file.txt'), 'one\n');
	git(am.cwd, ['add', 'file.txt']);
	git(am.cwd, ['commit', '--quiet', '-m', 'first']);
	git(am.cwd, ['branch', 'taken']);
	await am.waitForText(prompt);

	await am.prefix('a');
	await am.waitForText(`New agent in ${am.cwd}`);
	// The user's own installed profile comes first and is preselected; the real agents are not found
	// (the other problems the form explains are in test/components/new-agent-form.test.tsx).
	await am.waitForText(/Profile +‹ fakebot/);
	await am.waitForText(/installed: fakebot, shell · not found: claude, codex/);
	// Tab to the name, then the worktree choice; the branch field appears for "new branch".
	am.press('\t');
	am.press('helper');
	await am.waitForText(/› Name +helper/);
	am.press('\t');
	am.press('\u001B[C');
	await am.waitForText(/Branch +helper/);
	am.press('\t');
	am.press('taken');
	am.press('\r');
	await am.waitForText('a branch "taken" already exists: choose "existing branch" or another name');
	am.press('\u007F\u007F\u007F\u007F\u007F');
	am.press('feat-x');
	am.press('\r');

	// The agent starts as a second pane of the layout, in its own worktree on the new branch.
	await am.waitForText(/ 2 helper · /, {timeoutMs: 15_000});
	await am.waitForNoText('New agent in');
	await am.waitForText(/2:helper idle/, {timeoutMs: 15_000});
	const tree = path.join(path.dirname(am.cwd), 'work.worktrees', 'feat-x');
	assert.ok(fs.existsSync(path.join(tree, 'file.txt')), 'the worktree was checked out');
	assert.match(git(am.cwd, ['worktree', 'list', '--porcelain']), /branch refs\/heads\/feat-x/);
	const pid = execFileSync('pgrep', ['-f', fakeClaude], {encoding: 'utf8'}).trim().split('\n')[0]!;
	assert.equal(fs.readlinkSync(`/proc/${pid}/cwd`), tree, 'the agent runs in the worktree');

	// The agent asks to run a command; the overview shows it first, with its worktree, and y
	// answers its prompt in place, through the pane's gate (ls -la is allowed by the policy).
	fs.writeFileSync(path.join(tree, 'new.txt'), 'dirty\n');
	am.press('run ls -la');
	await am.waitForText(/> run ls -la/);
	am.press('\r');
	await am.waitForText(/2:helper waiting/, {timeoutMs: 15_000});
	await am.prefix('s');
	await am.waitForText('Panes: 2, 1 waiting');
	await am.waitForText(/›\*2 +helper +fakebot +waiting +\d+s +feat-x ~1 +asks to run: ls -la/);
	assert.ok(am.findRow(/›\*2 +helper/) < am.findRow(/ {2}1 +sh +- +running/), `waiting first:\n${am.screenDump()}`);
	am.press('y');
	await am.waitForText(/›\*2 +helper +fakebot +(?:busy|idle)/);
	am.press('\u001B');
	await am.waitForText('APPROVED: ls -la');
});

test('prefix s: the overview lists every pane with its last line, Enter jumps to the selected one, ls --json agrees', async t => {
	const am = startAgentmux(t, {cols: 160, rows: 40, workspace: {layout: 'columns', panes: [bashPane('one'), bashPane('two')]}});
	await am.waitFor(() => am.screenText().filter(row => row.includes(prompt)).length >= 1, 'a prompt');
	await am.type('echo hello-from-one\r');
	await am.waitForText(/^┃hello-from-one/);

	await am.prefix('s');
	await am.waitForText('Panes: 2, 0 waiting');
	// Pane 1 has the focus (*) and is selected (›); its last meaningful line is the echo, not the bare prompt.
	await am.waitForText(/›\*1 +one +- +running +\d+s +hello-from-one/);
	assert.notEqual(am.findRow(/ {2}2 +two +- +running/), -1, am.screenDump());
	am.press('\u001B[B');
	await am.waitForText(/› 2 +two/);
	am.press('\r');
	await am.waitForNoText('Panes: 2');
	// Pane 2 is drawn focused now (its frame is the thick one).
	await am.waitFor(() => am.charAt(80, 0) === '┏' && am.charAt(0, 0) === '┌', 'pane 2 to have the focus');

	const listed = await am.run(['ls', '--json']);
	assert.equal(listed.exitCode, 0, listed.stderr);
	const [session] = JSON.parse(listed.stdout) as Array<{paneDetails: Array<{index: number; name: string; state: string; since: string; lastLine: string; approvalPending: boolean}>}>;
	const [one, two] = session!.paneDetails;
	assert.deepEqual(
		{index: one!.index, name: one!.name, state: one!.state, lastLine: one!.lastLine, approvalPending: one!.approvalPending},
		{index: 1, name: 'one', state: 'running', lastLine: 'hello-from-one', approvalPending: false},
	);
	assert.equal(two!.name, 'two');
	assert.ok(Date.now() - Date.parse(one!.since) < 60_000, one!.since);
});
