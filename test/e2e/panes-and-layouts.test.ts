import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test('prefix c opens a new shell pane beside the first, with focus', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('first')]}});
	await am.waitForText(/^┏━ 1 first · bash --norc --noprofile · running ━+┓$/);
	await am.prefix('c');
	// The new pane runs $SHELL (bash) and takes the right half.
	await am.waitForText(/┌─ 1 first · .*┐┏━ 2 bash · running ━+┓$/);
	await am.type('echo in-the-new-pane\r');
	await am.waitFor(() => am.regionText({x: 61, y: 1, width: 58, height: 37}).includes('in-the-new-pane'), 'output in the new pane');
	assert.ok(!am.regionText({x: 1, y: 1, width: 58, height: 37}).includes('in-the-new-pane'));
});

test('prefix space cycles the layouts: tiled, main-vertical, columns, rows', async t => {
	const am = startAgentmux(t, {workspace: {layout: 'tiled', panes: [bashPane('a'), bashPane('b'), bashPane('c')]}});
	await am.waitForText(/ 3 c · /);
	// Tiled, 3 panes: two on top, one across the bottom.
	await am.waitFor(() => am.charAt(0, 0) !== '' && am.charAt(60, 0) !== ' ' && am.findRow(/^[┌┏][─━] 3 c/) > 10, 'tiled');

	await am.prefix(' ');
	await am.waitFor(() => am.screenText().at(-1)!.includes('[main-vertical]'), 'main-vertical');
	await am.waitForText('layout: main-vertical');
	// Pane 1 takes 60% of the width (72 columns) and the whole height.
	await am.waitFor(() => ['┐', '┓'].includes(am.charAt(71, 0)) && ['┘', '┛'].includes(am.charAt(71, 38)), 'main pane 72 wide, full height');

	await am.prefix(' ');
	await am.waitFor(() => am.screenText().at(-1)!.includes('[columns]'), 'columns');
	await am.waitFor(() => ['┐', '┓'].includes(am.charAt(39, 0)) && ['┌', '┏'].includes(am.charAt(80, 0)), 'three columns of 40');

	await am.prefix(' ');
	await am.waitFor(() => am.screenText().at(-1)!.includes('[rows]'), 'rows');
	await am.waitFor(() => /^[┌┏][─━] 1 a .*[┐┓]$/.test(am.screenText()[0]!) && /^[┌┏][─━] 2 b /.test(am.screenText()[13]!) && /^[┌┏][─━] 3 c /.test(am.screenText()[26]!), 'three rows of 13');

	await am.prefix(' ');
	await am.waitFor(() => am.screenText().at(-1)!.includes('[tiled]'), 'back to tiled');
});

test('Alt+arrows move the focus between neighbouring panes', async t => {
	const am = startAgentmux(t, {workspace: {layout: 'tiled', panes: [bashPane('a'), bashPane('b'), bashPane('c'), bashPane('d')]}});
	await am.waitForText(/ 4 d · /);
	// 2x2: a b / c d, with the frames' corners at (0,0) (60,0) (0,20) (60,20).
	const focused = () =>
		[
			[0, 0],
			[60, 0],
			[0, 20],
			[60, 20],
		].findIndex(([x, y]) => am.charAt(x!, y!) === '┏') + 1;
	await am.waitFor(() => focused() === 1, 'the first pane has focus');
	am.press('\u001B[1;3C');
	await am.waitFor(() => focused() === 2, 'right to b');
	am.press('\u001B[1;3B');
	await am.waitFor(() => focused() === 4, 'down to d');
	am.press('\u001B[1;3A');
	await am.waitFor(() => focused() === 2, 'up to b');
	am.press('\u001B[1;3D');
	await am.waitFor(() => focused() === 1, 'left to a');
	am.press('\u001B[1;3B');
	await am.waitFor(() => focused() === 3, 'down to c');
	am.press('\u001B[1;3D');
	await am.waitForQuiet(200);
	assert.equal(focused(), 3, 'nothing further left');
});
