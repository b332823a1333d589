import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test('a dialog over two panes changes only the cells under it', async t => {
	const am = startAgentmux(t, {cols: 160, rows: 45, workspace: {layout: 'main-vertical', panes: [bashPane('left'), bashPane('right')]}});
	await am.waitForText(/ 2 right · /);
	await am.type('seq -f "left-%g-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" 1 40\r');
	await am.waitForText('left-40-');
	am.press('\u001B2');
	await am.type('seq -f "right-%g-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy" 1 40\r');
	await am.waitForText('right-40-');
	await am.waitForQuiet(200);
	const before = am.screenText();

	// Close pane asks y/N: a dialog in the middle, over both panes.
	await am.prefix('x');
	const top = await am.waitForText(/╔═+╗/);
	await am.waitForQuiet(200);
	const after = am.screenText();
	const left = after[top]!.indexOf('╔');
	const right = after[top]!.indexOf('╗');
	const bottom = after.findIndex((row, index) => index > top && row.includes('╚'));
	assert.ok(bottom > top && right > left, am.screenDump());
	for (let y = 0; y < am.rows - 1; y++) {
		const inside = y >= top && y <= bottom;
		const outsideBefore = inside ? before[y]!.slice(0, left) + before[y]!.padEnd(am.cols).slice(right + 1) : before[y];
		const outsideAfter = inside ? after[y]!.slice(0, left) + after[y]!.padEnd(am.cols).slice(right + 1) : after[y];
		assert.equal(outsideAfter!.trimEnd(), outsideBefore!.trimEnd(), `row ${y} changed outside the dialog\n${am.screenDump()}`);
	}

	am.press('n');
	await am.waitForNoText(/╔═+╗/);
	await am.waitFor(() => am.screenText().every((row, index) => index === am.rows - 1 || row === before[index]), 'the screen as it was');
});
