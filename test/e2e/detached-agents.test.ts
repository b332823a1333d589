import assert from 'node:assert/strict';
import path from 'node:path';
import process from 'node:process';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {isRunning, startAgentmux, TerminalHarness} from '../helpers/terminal-harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fakeClaude = path.join(repoRoot, 'test/fixtures/agents/fake-claude.mjs');

type Listed = Array<{name: string; agents: Array<{pane: string; agent: string; state: string}>}>;

test('while nobody is attached an agent keeps working; ls shows its state; the next attach says a pane is waiting, with one bell', async t => {
	const am = startAgentmux(t, {
		args: ['-s', 'agents'],
		cols: 160,
		rows: 40,
		config: {agents: {claude: {command: fakeClaude}}},
		env: {PATH: `${path.dirname(process.execPath)}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, FAKE_AGENT_BUSY_MS: '4000'},
		workspace: {panes: [{agent: 'claude'}, {name: 'sh', command: 'bash', args: ['--norc', '--noprofile']}]},
	});
	await am.waitForText(/\? for shortcuts/);
	await am.type('write the tests');
	await am.waitForText(/> write the tests/);
	am.press('\r');
	await am.waitFor(() => (am.screenText().at(-1) ?? '').includes('1:claude busy'), 'claude to be busy');
	am.hangUp();
	await am.waitFor(() => !isRunning(am.pid), 'the client to end after the hangup', {timeoutMs: 10_000});
	const busy = JSON.parse((await am.run(['ls', '--json'])).stdout) as Listed;
	assert.deepEqual(
		busy[0]!.agents.map(agent => [agent.pane, agent.agent]),
		[['claude', 'claude']],
	);
	// The turn ends while nobody is attached: the agent went on without a terminal.
	let states: string[] = [];
	for (let attempt = 0; attempt < 60 && !states.includes('idle'); attempt++) {
		// eslint-disable-next-line no-await-in-loop
		const listed = JSON.parse((await am.run(['ls', '--json'])).stdout) as Listed;
		states = listed[0]!.agents.map(agent => agent.state);
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 250);
		});
	}

	assert.deepEqual(states, ['idle'], 'ls shows the state the agent reached while detached');
	const back = new TerminalHarness({shareWith: am, args: ['attach', 'agents'], cols: 160, rows: 40});
	t.after(async () => {
		await back.cleanup();
	});
	await back.waitForText(/1 pane waiting/);
	await back.waitForText(/OK: write the tests/);
	assert.equal(back.rawOutput.split('\u0007').length - 1 - (back.rawOutput.match(/\u001B\][^\u0007]*\u0007/g) ?? []).length, 1, 'one bell');
	await back.prefix('d');
	assert.equal((await back.waitForExit()).exitCode, 0);
});
