import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {isRunning, startAgentmux, TerminalHarness} from '../helpers/terminal-harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fakeClaude = path.join(repoRoot, 'test/fixtures/agents/fake-claude.mjs');

type Saved = {name: string; layout: string; panes: Array<{name: string; title?: string; command: string; args: string[]; cwd: string; envKeys: string[]; agent?: string; conversationId?: string}>};

test('after kill-server, agentmux -s NAME offers the saved session: the agent resumes its own conversation by id, a plain command waits for Enter', async t => {
	const am = startAgentmux(t, {
		args: ['-s', 'keep'],
		cols: 160,
		rows: 40,
		config: {agents: {claude: {command: fakeClaude}}},
		env: {PATH: `${path.dirname(process.execPath)}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, FAKE_AGENT_BUSY_MS: '300'},
		workspace: {layout: 'columns', panes: [{agent: 'claude'}, {name: 'shell', command: 'bash', args: ['--norc', '--noprofile'], env: {SECRET_VALUE: 'hunter2-value'}}]},
	});
	await am.waitForText(/Welcome to Claude Code/);
	const savedFile = path.join(am.stateDir, 'sessions', 'keep.json');
	let saved: Saved | undefined;
	await am.waitFor(() => {
		try {
			saved = JSON.parse(fs.readFileSync(savedFile, 'utf8')) as Saved;
			return saved.panes[0]?.conversationId !== undefined;
		} catch {
			return false;
		}
	}, "the session to be saved with the agent's conversation id");
	const id = saved!.panes[0]!.conversationId!;
	assert.match(id, /^[\da-f-]{36}$/);
	assert.equal(fs.statSync(savedFile).mode & 0o777, 0o600);
	assert.equal(saved!.layout, 'columns');
	assert.deepEqual(
		saved!.panes.map(pane => [pane.name, pane.agent]),
		[
			['claude', 'claude'],
			['shell', undefined],
		],
	);
	assert.deepEqual(saved!.panes[1]!.envKeys, ['SECRET_VALUE']);
	const text = fs.readFileSync(savedFile, 'utf8');
	assert.doesNotMatch(text, /hunter2-value/, 'variable values are never saved');
	assert.doesNotMatch(text, /Welcome to Claude Code/, 'pane text is never saved');

	// The name the user gives a pane (prefix ,) is saved beside the pane's own.
	am.press('\u001B2');
	await am.prefix(',');
	await am.waitForText(/ RENAME .*pane 2: shell/);
	am.press('\u0015');
	await am.type('builds\r');
	await am.waitFor(() => {
		try {
			return (JSON.parse(fs.readFileSync(savedFile, 'utf8')) as Saved).panes[1]?.title === 'builds';
		} catch {
			return false;
		}
	}, 'the new name to be saved');
	assert.equal((JSON.parse(fs.readFileSync(savedFile, 'utf8')) as Saved).panes[1]!.name, 'shell');

	const stopped = await am.run(['kill-server']);
	assert.equal(stopped.exitCode, 0, stopped.stderr);
	assert.equal((await am.waitForExit()).exitCode, 0);
	assert.equal(fs.existsSync(path.join(am.stateDir, 'sessions', 'keep.scrollback.json')), false, 'no pane text without persistScrollback');
	const listed = await am.run(['ls']);
	assert.match(listed.stdout, /keep: saved, not running/);

	const again = new TerminalHarness({shareWith: am, args: ['-s', 'keep'], cols: 160, rows: 40});
	t.after(async () => {
		await again.cleanup();
	});
	await again.waitForText(/session keep was saved \(panes: claude, shell\)\. Restore it\? \[Y\/n]/);
	again.press('y\r');
	await again.waitForText(new RegExp(`resumed conversation ${id}`));
	await again.waitForText(/\[restored: press Enter to start bash --norc --noprofile]/);
	await again.waitForText(/ 2 builds · /);
	assert.equal(again.findRow(/^.{80}┃\$ /), -1, 'the plain command has not started');
	again.press('\u001B2');
	await again.waitFor(() => again.charAt(80, 0) === '┏', 'pane 2 focused');
	again.press('\r');
	await again.waitForText(/┃\$ +┃$/);
	await again.type('echo $SECRET_VALUE-back\r');
	await again.waitForText(/┃-back +┃$/);
});

test('with persistScrollback on, pane text survives kill-server (0600) and is shown above the restored pane', async t => {
	const am = startAgentmux(t, {
		args: ['-s', 'text'],
		config: {persistScrollback: true},
		workspace: {panes: [{name: 'shell', command: 'bash', args: ['--norc', '--noprofile']}]},
	});
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('echo remembered-line');
	await am.waitForText(/remembered-line/);
	am.press('\r');
	await am.waitForText(/^┃remembered-line +┃$/);
	const stopped = await am.run(['kill-server']);
	assert.equal(stopped.exitCode, 0, stopped.stderr);
	await am.waitForExit();
	const file = path.join(am.stateDir, 'sessions', 'text.scrollback.json');
	assert.equal(fs.statSync(file).mode & 0o777, 0o600);
	assert.match(fs.readFileSync(file, 'utf8'), /remembered-line/);
	const again = new TerminalHarness({shareWith: am, args: ['-s', 'text']});
	t.after(async () => {
		await again.cleanup();
	});
	await again.waitForText(/Restore it\? \[Y\/n]/);
	again.press('\r');
	await again.waitForText(/^┃remembered-line +┃$/);
	await again.waitForText(/\[restored: press Enter to start bash --norc --noprofile]/);
});

/** Session NAME with one bash pane, then kill-server: saved, not running, for `agentmux -s NAME` to offer. */
async function savedSession(t: {after: (fn: () => Promise<void>) => void}, name: string): Promise<TerminalHarness> {
	const am = startAgentmux(t, {args: ['-s', name], workspace: {panes: [{name: 'shell', command: 'bash', args: ['--norc', '--noprofile']}]}});
	await am.waitForText(/^┃\$ +┃$/);
	const stopped = await am.run(['kill-server']);
	assert.equal(stopped.exitCode, 0, stopped.stderr);
	await am.waitForExit();
	return am;
}

test('no answer to the offer to restore (a signal, a hangup, Ctrl-D) ends the client quietly and keeps the saved session', async t => {
	const am = await savedSession(t, 'offer');
	for (const way of ['SIGTERM', 'SIGHUP', 'hangup', 'end of input'] as const) {
		const again = new TerminalHarness({shareWith: am, args: ['-s', 'offer']});
		t.after(async () => {
			await again.cleanup();
		});
		await again.waitForText(/Restore it\? \[Y\/n]/);
		if (way === 'hangup') {
			// An SSH drop while the question is shown: the terminal closes under the client.
			again.hangUp();
			await again.waitFor(() => !isRunning(again.pid), 'the client to end after the hangup', {timeoutMs: 1000});
		} else if (way === 'end of input') {
			// Ctrl-D is no answer either: nothing is restored, and nothing replaces the saved session.
			again.press('\u0004');
			await again.waitForExit();
		} else {
			again.kill(way);
			const result = await again.waitForExit();
			assert.equal(result.exitCode, 128 + (way === 'SIGTERM' ? 15 : 1));
			assert.doesNotMatch(again.rawOutput, /unexpected|lost the server/);
		}

		// What the client might still send (an answer it took from the closed terminal) has arrived.
		await sleep(500);
		const listed = await am.run(['ls']);
		assert.match(listed.stdout, /offer: saved, not running/);
	}
});

test("the offer to restore waits for the user: an answer after the server's idle time still restores", async t => {
	const am = await savedSession(t, 'slow');
	const again = new TerminalHarness({shareWith: am, args: ['-s', 'slow']});
	t.after(async () => {
		await again.cleanup();
	});
	await again.waitForText(/Restore it\? \[Y\/n]/);
	// Longer than a server with no session waits for one (idleExitMs, 10 s): a user thinking it over is no idle server.
	await sleep(11_000);
	again.press('\r');
	await again.waitForText(/\[restored: press Enter to start bash --norc --noprofile]/);
	assert.doesNotMatch(again.rawOutput, /lost the server/);
});
