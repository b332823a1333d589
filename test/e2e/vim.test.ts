import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test('vim runs in a pane: the file and ~ lines show, Esc and :wq reach it and the file is written', async t => {
	const am = startAgentmux(t, {
		workspace: {panes: [bashPane('editor')]},
		files: {'note.txt': 'first line of the note\n'},
	});
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('vim -u NONE note.txt\r');
	await am.waitForText(/^┃first line of the note +┃$/);
	await am.waitForText(/^┃~ +┃$/);
	// The ~ lines stay inside the frame, down to the row above vim's status line (vim may still be
	// drawing them when the first one shows, so wait for that row).
	await am.waitFor(() => /^┃~ +┃$/.test(am.screenText()[am.rows - 4] ?? ''), 'the ~ lines to reach the row above the status line');
	const rows = am.screenText();
	assert.match(rows[am.rows - 2]!, /^┗━+┛$/);
	assert.equal(am.cursor.x, 1, 'cursor at the start of the first line');
	assert.equal(am.cursor.y, 1);

	await am.type('ihello');
	await am.waitForText(/^┃hellofirst line of the note +┃$/);
	await am.waitFor(() => am.cursor.x === 6, 'cursor after "hello"');
	// Esc alone leaves insert mode, and vim moves the cursor back onto the last inserted letter.
	const escAt = Date.now();
	am.press('\u001B');
	await am.waitFor(() => am.cursor.x === 5, 'vim to leave insert mode after Esc', {timeoutMs: 5000});
	const escDelay = Date.now() - escAt;
	assert.ok(escDelay < 2500, `Esc reached vim after ${escDelay} ms`);

	await am.type(':wq\r');
	await am.waitForText(/^┃\$ +┃$/);
	assert.equal(fs.readFileSync(path.join(am.cwd, 'note.txt'), 'utf8'), 'hellofirst line of the note\n');
});
