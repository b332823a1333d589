import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startAgentmux} from '../helpers/terminal-harness.js';

test('resizing the terminal resizes the pane and its program', async t => {
	const am = startAgentmux(t);
	await am.waitForText(/^┏━ 1 bash · running ━+┓$/);
	await am.waitForQuiet(200);
	await am.type('stty size\r');
	// 40 rows: status bar and frame leave 37; 120 columns: frame leaves 118.
	await am.waitForText(/^┃37 118 +┃$/);

	am.resize(100, 30);
	await am.waitFor(() => am.charAt(99, 0) === '┓' && am.screenText()[28]!.startsWith('┗'), 'the frame redrawn at 100x30');
	await am.waitFor(() => am.screenText().at(-1)!.startsWith(' agentmux '), 'the status bar on the last row');
	await am.type('clear; stty size\r');
	await am.waitForText(/^┃27 98 +┃$/);
	const rows = am.screenText();
	assert.match(rows[0]!, /^┏━ 1 bash · running ━+┓$/);
	assert.equal(rows[0]!.length, 100);
	assert.match(rows[28]!, /^┗━+┛$/);
	for (let y = 1; y < 28; y++) {
		assert.equal(am.charAt(99, y), '┃', `right border on row ${y}\n${am.screenDump()}`);
	}

	am.resize(140, 45);
	await am.waitFor(() => am.charAt(139, 0) === '┓' && am.screenText()[43]!.startsWith('┗'), 'the frame redrawn at 140x45');
	await am.type('stty size\r');
	await am.waitForText(/^┃42 138 +┃$/);
});
