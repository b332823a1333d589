import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test('first run tip, NO_COLOR, a rebound key; a dialog over two panes changes only the cells under it; the cursor shape', async t => {
	const am = startAgentmux(t, {
		cols: 160,
		rows: 45,
		firstRun: true,
		env: {NO_COLOR: '1'},
		config: {bindings: {'split-right': ['s']}},
		workspace: {layout: 'main-vertical', panes: [bashPane('left'), bashPane('right')]},
	});
	await am.waitForText(/ 2 right · /);
	// The tip and the hints name the key the user bound.
	await am.waitForText(/tip: Ctrl-\\ then \? lists every key · Ctrl-\\ s splits/);
	assert.match(am.screenText().at(-1)!, /Ctrl-\\ s split/);
	// No colour in the chrome: the focused frame, a title and the tip are drawn in the default colours.
	for (const [x, y] of [
		[0, 0],
		[5, 0],
		[am.cols - 3, am.rows - 1],
	] as const) {
		const cell = am.cell(x, y)!;
		assert.ok(cell.isFgDefault() && cell.isBgDefault(), `cell ${x},${y} "${cell.getChars()}" has no colour`);
	}

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

	// The pane's program sets a steady bar cursor: the user's terminal gets the same, and its own back on detach.
	await am.type("printf '\\e[6 q'\r");
	await am.waitFor(() => am.rawOutput.includes('\u001B[6 q'), 'DECSCUSR 6 passed through');
	await am.prefix('d');
	await am.waitForExit();
	assert.ok(am.rawOutput.lastIndexOf('\u001B[0 q') > am.rawOutput.lastIndexOf('\u001B[6 q'), 'the cursor shape is reset on detach');
});

test('a workspace split tree with sizes; split, resize with prefix arrows, rename, and a border dragged with the mouse', async t => {
	const am = startAgentmux(t, {cols: 120, rows: 40, workspace: {split: 'vertical', sizes: [70, 30], panes: [bashPane('a'), bashPane('b')]}});
	await am.waitForText(/ 2 b · /);
	// 70% of 120 columns: the first frame ends at column 83, the second starts at 84.
	const corner = (x: number, chars: string) => chars.includes(am.charAt(x, 0));
	await am.waitFor(() => corner(83, '┓') && corner(84, '┌'), 'a 84/36 split');
	await am.waitFor(() => /\[custom\]/.test(am.screenText().at(-1)!), 'the status bar to name the layout [custom]');

	await am.prefix('\u001B[C');
	await am.waitFor(() => corner(85, '┓') && corner(86, '┌'), 'the border moved two columns right');

	// Prefix % splits the focused pane: a new shell to its right, in the same folder, with focus.
	await am.prefix('%');
	await am.waitFor(() => corner(42, '┐') && corner(43, '┏') && corner(85, '┓') && corner(86, '┌'), 'pane a split in two halves');
	await am.type('pwd\r');
	await am.waitFor(() => am.regionText({x: 44, y: 1, width: 40, height: 5}).includes(am.cwd), 'the new shell in the same folder');

	await am.prefix(',');
	await am.waitForText(/ RENAME .*pane 2: bash/);
	am.press('\u0015');
	await am.type('logs\r');
	await am.waitFor(() => /^┏━ 2 logs · /.test(am.screenText()[0]!.slice(43)), 'the new name in the title');

	// Drag the border between pane 2 and pane 3 (columns 85|86) ten columns right: SGR reports are 1-based.
	am.press('\u001B[<0;87;10M');
	am.press('\u001B[<32;92;10M');
	am.press('\u001B[<32;97;10M');
	am.press('\u001B[<0;97;10m');
	await am.waitFor(() => corner(95, '┓') && corner(96, '┌'), 'the border dragged to column 96');
	assert.ok(am.screenText()[0]!.slice(96).startsWith('┌─ 3 b · '), am.screenDump());
});
