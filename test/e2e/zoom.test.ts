import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test('prefix z zooms the focused pane to the full screen and back', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('left'), bashPane('right')]}});
	await am.waitForText(/ 1 left · /);
	await am.waitForText(/ 2 right · /);
	am.press('\u001B1');
	await am.waitFor(() => am.charAt(0, 0) === '┏' && am.charAt(60, 0) === '┌', 'pane 1 focused');
	await am.type('echo before-zoom\r');
	await am.waitForText('before-zoom  ');

	await am.prefix('z');
	await am.waitForText(/^┏━ 1 left · bash --norc --noprofile · running ━+┓$/);
	await am.waitFor(() => am.screenText().at(-1)!.includes('[zoomed]'), 'status bar says zoomed');
	assert.equal(am.findRow(' 2 right '), -1, 'pane 2 is hidden');
	assert.equal(am.charAt(119, 0), '┓');
	assert.match(am.screenText()[am.rows - 2]!, /^┗━+┛$/);
	// The zoomed pane's program sees the whole width.
	await am.type('tput cols\r');
	await am.waitForText(/^┃118 +┃$/);

	await am.prefix('z');
	await am.waitFor(() => am.charAt(0, 0) === '┏' && am.charAt(60, 0) === '┌' && am.charAt(59, 0) === '┓', 'tiles again');
	await am.waitForText(/ 2 right · /);
	await am.waitFor(() => am.screenText().at(-1)!.includes('[tiled]'), 'status bar says tiled');
	await am.type('tput cols\r');
	await am.waitForText(/^┃58 +┃/);
});
