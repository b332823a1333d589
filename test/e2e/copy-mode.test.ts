import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {bashPane, frameOf, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

/** An SGR mouse report for 0-based screen cell (x, y), as the user's terminal sends it. */
function mouse(code: number, x: number, y: number, release = false): string {
	return `\u001B[<${code};${x + 1};${y + 1}${release ? 'm' : 'M'}`;
}

/** The text of the last OSC 52 agentmux wrote to the user's terminal, bare or (with `tmux`) in tmux's passthrough. */
function lastClipboard(am: TerminalHarness, tmux = false): string | undefined {
	const pattern = tmux ? /\u001BPtmux;\u001B\u001B\]52;c;([A-Za-z\d+/=]*)\u0007\u001B\\/g : /(?<!\u001B)\u001B\]52;c;([A-Za-z\d+/=]*)\u0007/g;
	const found = [...am.rawOutput.matchAll(pattern)].at(-1);
	return found ? Buffer.from(found[1]!, 'base64').toString('utf8') : undefined;
}

test('copy mode: search back from the end, select with keys, y sends the text by OSC 52 through tmux', async t => {
	// The client runs inside tmux: the copy goes out in tmux's passthrough form.
	const am = startAgentmux(t, {env: {TMUX: '/tmp/tmux-1000/default,1,0'}, workspace: {panes: [bashPane('copy')]}});
	await am.waitForText(/^┃\$ +┃$/);
	// A line with wide characters and trailing blanks, then one longer than the pane, which wraps.
	await am.type("printf 'A\\xe6\\xbc\\xa2\\xe5\\xad\\x97B   \\nstart-%0120d-end\\n' 0\r");
	await am.waitForText(/^┃\d+-end +┃$/);
	await am.prefix('[');
	await am.waitForText(/ COPY /);
	await am.type('?-end');
	await am.waitForText('search: ?-end');
	am.press('\r');
	// The output's "-end" is found before the command line's: the search runs up from the bottom.
	await am.waitForText(/match 2 of 2/);
	await am.type('$vkk0');
	await am.waitForText(/ selecting · y copies/);
	am.press('y');
	await am.waitFor(() => lastClipboard(am, true) !== undefined, 'the clipboard write through tmux');
	const expected = `A漢字B\nstart-${'0'.repeat(120)}-end`;
	assert.equal(lastClipboard(am, true), expected, 'in the passthrough form');
	assert.equal(lastClipboard(am), expected, 'and bare, for set-clipboard');
	await am.waitForNoText(/ COPY /);
	await am.waitForText(/copied 135 characters/);
});

test('mouse: a click focuses a pane, a click on a title selects it, a drag copies the text under it', async t => {
	const am = startAgentmux(t, {workspace: {layout: 'tiled', panes: [bashPane('left'), bashPane('right')]}});
	const two = frameOf(am, 60, 60).content;
	await am.waitForText(/ 2 right · /);
	await am.waitFor(() => am.charAt(0, 0) === '┏', 'pane 1 focused');
	// With the setting mouse on (the default), the user's terminal reports presses and drags.
	await am.waitFor(() => am.modes.mouseTrackingMode === 'drag', 'mouse reporting on');
	am.press(mouse(0, two.x + 5, two.y + 3) + mouse(0, two.x + 5, two.y + 3, true));
	await am.waitFor(() => am.charAt(60, 0) === '┏' && am.charAt(0, 0) === '┌', 'pane 2 focused by the click');
	// The click did not reach bash as text.
	await am.waitFor(() => am.regionText(two)[0] === '$', 'the prompt alone in pane 2');
	am.press(mouse(0, 4, 0) + mouse(0, 4, 0, true));
	await am.waitFor(() => am.charAt(0, 0) === '┏', 'pane 1 focused by a click on its title');
	am.press(mouse(0, two.x + 1, two.y) + mouse(0, two.x + 1, two.y, true));
	await am.waitFor(() => am.charAt(60, 0) === '┏', 'pane 2 again');
	await am.type('echo drag-me-please\r');
	await am.waitFor(() => am.regionText(two)[1] === 'drag-me-please', 'the output');
	// Press on "me", drag to the end of "please", release: copied.
	am.press(mouse(0, two.x + 5, two.y + 1) + mouse(32, two.x + 9, two.y + 1) + mouse(32, two.x + 13, two.y + 1) + mouse(0, two.x + 13, two.y + 1, true));
	await am.waitFor(() => lastClipboard(am) !== undefined, 'the clipboard write');
	assert.equal(lastClipboard(am), 'me-please');
	await am.waitForNoText(/ COPY /);
});

test('mouse: the wheel scrolls a pane through its history, and back to the live screen', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('wheel')]}});
	await am.waitForText(/^┃\$ +┃$/);
	// More output comes while the user reads the history.
	await am.type('seq 1 200; sleep 0.5; seq 1000 1010; : > written\r');
	await am.waitForText(/^┃200 +┃$/);
	const wheelUp = mouse(64, 10, 10);
	am.press(wheelUp + wheelUp + wheelUp);
	await am.waitForText(/ COPY .*9\/\d+ lines up/);
	assert.equal(am.findRow(/^┃200 +┃$/), -1, am.screenDump());
	await am.waitForText(/^┃190 +┃$/);
	// Output goes on; the view holds still.
	const before = am.screenText().slice(0, -1);
	await am.waitFor(() => fs.existsSync(path.join(am.cwd, 'written')), 'the later output to be written');
	await am.waitForQuiet();
	assert.deepEqual(am.screenText().slice(0, -1), before);
	const wheelDown = mouse(65, 10, 10);
	am.press(wheelDown + wheelDown + wheelDown + wheelDown);
	// At the bottom again, copy mode ends and the live screen shows what came meanwhile.
	await am.waitForNoText(/ COPY /);
	await am.waitForText(/^┃1010 +┃$/);
});
