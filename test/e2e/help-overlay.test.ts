import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test('prefix ? shows the help overlay; any key closes it and goes nowhere else', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('one')]}});
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('echo under-the-overlay\r');
	await am.waitForText(/^┃under-the-overlay +┃$/);

	await am.prefix('?');
	const top = await am.waitForText('agentmux keys');
	await am.waitForText(/Ctrl-\\ z +zoom the pane/);
	await am.waitForText(/Ctrl-\\ q +quit agentmux/);
	assert.match(am.screenText()[top - 1]!, /╭─+╮/, 'the overlay has a rounded frame');

	am.press('x');
	await am.waitForNoText('agentmux keys');
	// The panes come back in full, and the x never reached the shell.
	await am.waitForText(/^┃under-the-overlay +┃$/);
	await am.waitFor(() => !am.screenText().some(row => row.includes('╭') || row.includes('╰')), 'no trace of the overlay');
	await am.type('echo after-help\r');
	await am.waitForText(/^┃after-help +┃$/);
	assert.equal(am.findRow(/^┃\$ xecho/), -1, 'the closing key was not typed into the pane');
	for (let y = 1; y < am.rows - 2; y++) {
		assert.equal(am.charAt(0, y), '┃', `left border on row ${y}`);
		assert.equal(am.charAt(am.cols - 1, y), '┃', `right border on row ${y}`);
	}
});
