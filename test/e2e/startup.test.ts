import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startAgentmux} from '../helpers/terminal-harness.js';

test('with no workspace, one bash pane and the status bar show; typed commands run inside the frame', async t => {
	const am = startAgentmux(t);
	await am.waitForText(/^┏━ 1 bash · running ━+┓$/);
	await am.waitFor(() => am.screenText().at(-1)?.startsWith(' agentmux ') ?? false, 'the status bar');
	assert.equal(am.modes.buffer, 'alternate');
	// Let the shell print its prompt before typing, as a person would.
	await am.waitForQuiet(200);
	await am.type('echo hello-e2e\r');
	const row = await am.waitForText(/^┃hello-e2e +┃$/);
	assert.ok(row > 0 && row < am.rows - 2, `output row ${row} lies inside the frame`);
	const rows = am.screenText();
	assert.equal(rows.length, 40);
	assert.match(rows[38]!, /^┗━+┛$/);
	assert.equal(am.charAt(0, row), '┃');
	assert.equal(am.charAt(119, row), '┃');
});
