import assert from 'node:assert/strict';
import {test} from 'node:test';
import {assertRestored} from '../helpers/assert-restored.js';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test('the last pane exiting ends agentmux with 0 and restores the terminal', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('last')]}});
	await am.waitForText(/^┃\$ +┃$/);
	// While running, agentmux owns the terminal.
	assert.equal(am.modes.buffer, 'alternate');
	assert.equal(am.modes.bracketedPasteMode, true);
	assert.equal(am.modes.kittyKeyboardDepth, 1);
	await am.type('exit\r');
	const result = await am.waitForExit();
	assert.deepEqual(result, {exitCode: 0, signal: undefined});
	assertRestored(am);
});

test('prefix q then y quits with 0; closing panes one by one with prefix x ends it too', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('one'), bashPane('two')]}});
	await am.waitForText(/ 2 two · /);
	await am.waitFor(() => am.regionText({x: 61, y: 1, width: 58, height: 1})[0] === '$', 'prompt in pane 2');
	await am.prefix('q');
	await am.waitForText('Quit agentmux?');
	am.press('y');
	const result = await am.waitForExit();
	assert.equal(result.exitCode, 0);
	assertRestored(am);
});

test('prefix q then n (or Esc, Enter) does not quit', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('stays')]}});
	await am.waitForText(/^┃\$ +┃$/);
	for (const answer of ['n', '\u001B', '\r', 'Y']) {
		// eslint-disable-next-line no-await-in-loop
		await am.prefix('q');
		// eslint-disable-next-line no-await-in-loop
		await am.waitForText('Quit agentmux?');
		am.press(answer);
		// eslint-disable-next-line no-await-in-loop
		await am.waitForNoText('Quit agentmux?');
	}

	assert.equal(am.exitResult, undefined, 'still running');
	// The answer key went nowhere: the pane still works and got none of them.
	await am.type('echo still-here\r');
	await am.waitForText(/^┃still-here +┃$/);
	assert.equal(am.findRow(/^┃\$ [nY]/), -1, 'no answer key reached the shell');
	assert.equal(am.exitResult, undefined);
});

test('prefix x then y closes the focused pane; the last close ends agentmux with 0', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('one'), bashPane('two')]}});
	await am.waitForText(/ 2 two · /);
	// A workspace opens with its first pane focused; move to the second.
	am.press('\u001B2');
	await am.waitFor(() => am.charAt(60, 0) === '┏', 'pane 2 focused');
	await am.prefix('x');
	await am.waitForText(/Close pane 2 \(two\)\?/);
	am.press('y');
	await am.waitForNoText(/ 2 two · /);
	await am.waitForText(/^┏━ 1 one · bash --norc --noprofile · running ━+┓$/);
	await am.prefix('x');
	await am.waitForText(/Close pane 1 \(one\)\?/);
	am.press('n');
	await am.waitForNoText(/Close pane 1/);
	assert.equal(am.exitResult, undefined);
	await am.prefix('x');
	await am.waitForText(/Close pane 1 \(one\)\?/);
	am.press('y');
	const result = await am.waitForExit();
	assert.equal(result.exitCode, 0);
	assertRestored(am);
});
