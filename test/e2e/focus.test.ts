import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, frameOf, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

/** Which pane's frame is drawn focused (bold corner): 1, 2 or undefined. */
function focusedPane(am: TerminalHarness): number | undefined {
	const left = am.charAt(0, 0);
	const right = am.charAt(60, 0);
	if (left === '┏' && right === '┌') {
		return 1;
	}

	if (left === '┌' && right === '┏') {
		return 2;
	}

	return undefined;
}

async function waitForFocus(am: TerminalHarness, pane: number): Promise<void> {
	await am.waitFor(() => focusedPane(am) === pane && am.screenText()[0]!.includes(`${pane} ${pane === 1 ? 'left' : 'right'}`), `pane ${pane} to have focus`);
}

test('Alt+N and the prefix move the focus, and typing goes to the focused pane only', async t => {
	const am = startAgentmux(t, {workspace: {layout: 'tiled', panes: [bashPane('left'), bashPane('right')]}});
	// 120 columns tiled in two: 0..59 and 60..119.
	const one = frameOf(am, 0, 60).content;
	const two = frameOf(am, 60, 60).content;
	const inOne = (text: string) => am.regionText(one).some(row => row.includes(text));
	const inTwo = (text: string) => am.regionText(two).some(row => row.includes(text));
	await am.waitForText(/ 1 left · bash --norc --noprofile · running /);
	await am.waitForText(/ 2 right · bash --norc --noprofile · running /);
	await am.waitFor(() => am.regionText(one)[0] === '$' && am.regionText(two)[0] === '$', 'both prompts');
	// Both frames are drawn: the corners of pane 1 and pane 2.
	assert.ok(['┌', '┏'].includes(am.charAt(0, 0)));
	assert.ok(['┌', '┏'].includes(am.charAt(60, 0)));
	assert.ok(['┐', '┓'].includes(am.charAt(59, 0)));

	am.press('\u001B1');
	await waitForFocus(am, 1);
	await am.type('echo typed-into-one\r');
	await am.waitFor(() => am.regionText(one).includes('typed-into-one'), 'output in pane 1');
	assert.equal(inTwo('typed-into-one'), false, 'pane 2 got none of it');

	am.press('\u001B2');
	await waitForFocus(am, 2);
	await am.type('echo typed-into-two\r');
	await am.waitFor(() => am.regionText(two).includes('typed-into-two'), 'output in pane 2');
	assert.equal(inOne('typed-into-two'), false, 'pane 1 got none of it');

	await am.prefix('1');
	await waitForFocus(am, 1);
	await am.type('echo back-in-one\r');
	await am.waitFor(() => am.regionText(one).includes('back-in-one'), 'output in pane 1 again');
	assert.equal(inTwo('back-in-one'), false);

	await am.prefix('n');
	await waitForFocus(am, 2);
	await am.prefix('n');
	await waitForFocus(am, 1);
	await am.prefix('p');
	await waitForFocus(am, 2);
	await am.prefix(';');
	await waitForFocus(am, 1);
	// Prefix arrows resize; prefix h j k l move the focus.
	await am.prefix('l');
	await waitForFocus(am, 2);
	am.press('\u001B[1;3D');
	await waitForFocus(am, 1);

	// The cursor sits in the focused pane, after its prompt.
	await am.waitFor(() => am.cursor.x === one.x + 2 && am.cursor.y > one.y, 'cursor in pane 1');
	assert.equal(am.modes.cursorVisible, true);
});

test('Ctrl-\\ twice sends Ctrl-\\ to the pane', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('only')]}});
	await am.waitForText(/^┃\$ +┃$/);
	// cat -v shows the byte it receives as ^\ .
	await am.type('stty -isig; cat -v\r');
	await am.waitForQuiet(300);
	await am.prefix('\u001C');
	await am.type('\r');
	await am.waitForText(/^┃\^\\ +┃$/);
});
