import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {test} from 'node:test';
import {assertRestored} from '../helpers/assert-restored.js';
import {bashPane, cliPath, isRunning, startAgentmux, TerminalHarness} from '../helpers/terminal-harness.js';

type Listed = {name: string; panes: number; clients: number; created: string; socket: string; agents: Array<{pane: string; agent: string; state: string}>};

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

/** A second terminal on the same user, folders and server. */
function attachAnother(t: {after: (fn: () => Promise<void>) => void}, owner: TerminalHarness, args: string[], size: {cols?: number; rows?: number} = {}): TerminalHarness {
	const other = new TerminalHarness({shareWith: owner, args, ...size});
	t.after(async () => {
		await other.cleanup();
	});
	return other;
}

test('closing the terminal detaches: the pane keeps running, ls lists it, another terminal attaches, prefix d detaches, kill ends it', async t => {
	const ticks = 'ticks.txt';
	const am = startAgentmux(t, {
		args: ['-s', 'work'],
		files: {'ticker.sh': `while :; do echo tick >> ${ticks}; echo ticking; sleep 0.1; done\n`},
		workspace: {panes: [{name: 'ticker', command: 'bash', args: ['--norc', '--noprofile', 'ticker.sh']}]},
	});
	await am.waitForText(/^┃ticking/);
	const clientPid = am.pid;
	am.hangUp();
	// The client notices the hangup and goes: no process is left writing to a dead terminal.
	const started = Date.now();
	while (isRunning(clientPid) && Date.now() - started < 10_000) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(50);
	}

	assert.equal(isRunning(clientPid), false, 'the client ended after the hangup');
	const tickFile = path.join(am.cwd, ticks);
	const before = fs.readFileSync(tickFile, 'utf8').length;
	await sleep(800);
	assert.ok(fs.readFileSync(tickFile, 'utf8').length > before, "the pane's program kept writing after the terminal closed");

	const listed = await am.run(['ls', '--json']);
	assert.equal(listed.exitCode, 0, listed.stderr);
	const sessions = JSON.parse(listed.stdout) as Listed[];
	assert.equal(sessions.length, 1, listed.stdout);
	assert.equal(sessions[0]!.name, 'work');
	assert.equal(sessions[0]!.panes, 1);
	assert.equal(sessions[0]!.clients, 0);
	assert.ok(!Number.isNaN(Date.parse(sessions[0]!.created)), sessions[0]!.created);
	assert.equal(sessions[0]!.socket, path.join(am.runtimeDir, 'agentmux', 'server.sock'));
	assert.deepEqual(sessions[0]!.agents, []);

	const second = attachAnother(t, am, ['attach', 'work']);
	await second.waitForText(/^┃ticking/);
	await second.waitForText(/\[work]/);
	await second.prefix('d');
	const detached = await second.waitForExit();
	assert.equal(detached.exitCode, 0);
	assertRestored(second);
	assert.match(second.screenText().join('\n'), /\[detached \(from session work\)]/);

	const killed = await am.run(['kill', 'work']);
	assert.equal(killed.exitCode, 0, killed.stderr);
	const after = await am.run(['ls', '--json']);
	assert.deepEqual(JSON.parse(after.stdout || '[]'), []);
	const size = fs.readFileSync(tickFile, 'utf8').length;
	await sleep(600);
	assert.equal(fs.readFileSync(tickFile, 'utf8').length, size, "kill ended the pane's program");
});

test('attach to a missing session exits 1 with "no session NAME" and a pointer to agentmux ls', async t => {
	const am = startAgentmux(t, {args: ['-s', 'here'], workspace: {panes: [bashPane('one')]}});
	await am.waitForText(/^┃\$ +┃$/);
	const missing = attachAnother(t, am, ['attach', 'elsewhere']);
	const result = await missing.waitForExit();
	assert.equal(result.exitCode, 1);
	assert.match(missing.rawOutput, /no session elsewhere/);
	assert.match(missing.rawOutput, /agentmux ls/);
	const alias = attachAnother(t, am, ['a', 'here']);
	await alias.waitForText(/\[here]/);
	await alias.prefix('d');
	assert.equal((await alias.waitForExit()).exitCode, 0);

	// From a script, without a terminal: the missing session is still the answer, as from tmux.
	const piped = await am.run(['attach', 'elsewhere']);
	assert.equal(piped.exitCode, 1);
	assert.match(piped.stderr, /^no session elsewhere \(see agentmux ls\)$/m);
	const pipedExisting = await am.run(['a', 'here']);
	assert.equal(pipedExisting.exitCode, 2);
	assert.match(pipedExisting.stderr, /must be a terminal/);
	await am.prefix('q');
	await am.waitForText('Quit agentmux?');
	am.press('y');
	await am.waitForExit();
	const noServer = await am.run(['attach', 'here']);
	assert.equal(noServer.exitCode, 1);
	assert.match(noServer.stderr, /^no session here \((no server is running; )?see agentmux ls\)$/m);
});

test('agentmux attach without a name takes the session a terminal left last, as tmux does; with none it exits 1', async t => {
	// Started from a workspace file: the session is named after it, not "main".
	const am = startAgentmux(t, {workspace: {panes: [bashPane('one')]}});
	await am.waitForText(/\[workspace]/);
	const other = attachAnother(t, am, ['-s', 'other']);
	await other.waitForText(/\[other]/);
	// "other" is left first, then the workspace's terminal drops (an SSH drop): that one is the latest.
	await other.prefix('d');
	assert.equal((await other.waitForExit()).exitCode, 0);
	am.hangUp();
	await am.waitFor(() => !isRunning(am.pid), 'the client to end after the hangup', {timeoutMs: 2000});
	const back = attachAnother(t, am, ['attach']);
	await back.waitForText(/\[workspace]/);
	await back.waitForText(/^┃\$ +┃$/);
	await back.prefix('d');
	assert.match((await back.waitForExit()).exitCode === 0 ? back.screenText().join('\n') : '', /\[detached \(from session workspace\)]/);
	// Now "workspace" was left last; `a` is the same command.
	const again = attachAnother(t, am, ['a']);
	await again.waitForText(/\[workspace]/);
	await again.prefix('d');
	assert.equal((await again.waitForExit()).exitCode, 0);

	// From a script: any running session is an answer to "is there one?"; then the terminal is missing.
	const piped = await am.run(['attach']);
	assert.equal(piped.exitCode, 2);
	assert.match(piped.stderr, /must be a terminal/);
	for (const name of ['workspace', 'other']) {
		// eslint-disable-next-line no-await-in-loop
		assert.equal((await am.run(['kill', name])).exitCode, 0);
	}

	const none = attachAnother(t, am, ['attach']);
	assert.equal((await none.waitForExit()).exitCode, 1);
	assert.match(none.rawOutput, /no session to attach to \((no server is running; )?see agentmux ls\)/);
	const pipedNone = await am.run(['attach']);
	assert.equal(pipedNone.exitCode, 1);
	assert.match(pipedNone.stderr, /^no session to attach to \((no server is running; )?see agentmux ls\)$/m);
});

test('agentmux inside one of its own panes refuses to attach, as tmux does, and ls still works there', async t => {
	const am = startAgentmux(t, {args: ['-s', 'outer'], workspace: {panes: [bashPane('inner')]}, cols: 200, rows: 30});
	await am.waitForText(/^┃\$ +┃$/);
	const agentmux = `${process.execPath} ${cliPath}`;
	await am.type(`${agentmux}; echo "exit=$?"\r`);
	await am.waitForText(/^┃exit=1 +┃$/);
	assert.ok(am.findRow(/┃agentmux: already inside agentmux \(pane inner\): a session attached here would show inside itself/) >= 0, am.screenDump());
	await am.type(`${agentmux} attach outer; echo "attach=$?"\r`);
	await am.waitForText(/^┃attach=1 +┃$/);
	await am.type(`${agentmux} ls\r`);
	await am.waitForText(/^┃outer: 1 pane, 1 client, since /);
	// On purpose, as with tmux and $TMUX: without the variable a nested client starts (and is detached again).
	await am.type(`AGENTMUX= ${agentmux} -s other; echo "nested=$?"\r`);
	await am.waitForText(/^┃ agentmux +\[other]/);
	// The prefix twice sends it on to the nested client, which then detaches.
	await am.prefix('\u001C');
	am.press('d');
	await am.waitForText(/^┃nested=0 +┃$/);
});

test('two terminals on one session: both see the panes and keys from either reach the focused pane', async t => {
	const am = startAgentmux(t, {args: ['-s', 'pair'], workspace: {panes: [bashPane('shared')]}});
	await am.waitForText(/^┃\$ +┃$/);
	const second = attachAnother(t, am, ['attach', 'pair']);
	await second.waitForText(/^┃\$ +┃$/);
	await am.type('echo from-first\r');
	await second.waitForText(/^┃from-first +┃$/);
	await second.type('echo from-second\r');
	await am.waitForText(/^┃from-second +┃$/);
	await second.waitForText(/^┃from-second +┃$/);
	// Each client's own prefix state: the first in prefix mode does not put the second in it.
	am.press('\u001C');
	await am.waitFor(() => am.screenText().at(-1)?.startsWith(' PREFIX ') ?? false, 'PREFIX in the first');
	assert.ok(second.screenText().at(-1)?.startsWith(' agentmux '), second.screenText().at(-1));
	am.press('\u001B');
	await second.prefix('d');
	assert.equal((await second.waitForExit()).exitCode, 0);
	// The first still works.
	await am.type('echo still-first\r');
	await am.waitForText(/^┃still-first +┃$/);
});

test('a smaller client sees the panes clipped with a mark; panes follow the client that typed last', async t => {
	const am = startAgentmux(t, {args: ['-s', 'sizes'], cols: 100, rows: 30, workspace: {panes: [bashPane('wide')]}});
	await am.waitForText(/^┃\$ +┃$/);
	const small = attachAnother(t, am, ['attach', 'sizes'], {cols: 60, rows: 20});
	// The newest client is the most recent: the pane takes its size.
	await small.waitForText(/^┃\$ +┃$/);
	await small.type('tput cols\r');
	await small.waitForText(/^┃58 +┃$/);
	// Typing in the big one makes it the most recent: the pane grows, the small one shows it clipped.
	await am.type('tput cols\r');
	await am.waitForText(/^┃98 +┃$/);
	await small.waitForText(/clipped/);
});

test('a question the policy asks waits while nobody is attached, never answered by a timeout, and is shown on the next attach', async t => {
	const am = startAgentmux(t, {args: ['-s', 'ask'], workspace: {panes: [bashPane('sh')]}});
	await am.waitForText(/^┃\$ +┃$/);
	const build = path.join(am.cwd, 'build');
	fs.mkdirSync(build);
	await am.type('rm -rf ./build\r');
	await am.waitForText(/Run this in sh\?/);
	am.hangUp();
	await am.waitFor(() => !isRunning(am.pid), 'the client to end after the hangup', {timeoutMs: 10_000});
	// Long enough for any timeout to have answered it.
	await sleep(3000);
	assert.equal(fs.existsSync(build), true, 'not approved while nobody was there');
	const back = attachAnother(t, am, ['attach', 'ask']);
	await back.waitForText(/Run this in sh\?/);
	await back.waitForText(/1 pane waiting/);
	assert.match(back.rawOutput, /\u0007/, 'one bell on attach');
	back.press('y');
	await back.waitFor(() => !fs.existsSync(build), 'the directory to be deleted once answered');
	await back.waitForNoText(/Run this in sh\?/);
	await back.prefix('d');
	assert.equal((await back.waitForExit()).exitCode, 0);
});

test("each client scrolls back on its own; AGENTMUX_PANE is the pane's name", async t => {
	const am = startAgentmux(t, {args: ['-s', 'scroll'], workspace: {panes: [bashPane('history')]}});
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('echo "[$AGENTMUX_PANE]"');
	await am.waitForText('[$AGENTMUX_PANE]"');
	am.press('\r');
	// The pane id is its name, in shell panes as in agent panes.
	await am.waitForText(/^┃\[history] +┃$/);
	await am.type('seq 1 200\r');
	await am.waitForText(/^┃200 +┃$/);
	const second = attachAnother(t, am, ['attach', 'scroll']);
	await second.waitForText(/^┃200 +┃$/);
	await second.prefix('[');
	await second.waitForText(/ COPY /);
	second.press('g');
	await second.waitForText(/^┃\[history] +┃$/);
	// The first client still shows the live screen.
	assert.notEqual(am.findRow(/^┃200 +┃$/), -1, am.screenDump());
	assert.equal(am.findRow(/ COPY /), -1);
	await am.type('echo live-line\r');
	await am.waitForText(/^┃live-line +┃$/);
	// The second stays where it scrolled to.
	assert.notEqual(second.findRow(/^┃\[history] +┃$/), -1, second.screenDump());
	second.press('q');
	await second.waitForText(/^┃live-line +┃$/);
});
