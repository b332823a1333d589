import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

const esc = '\u001B';

test('bash output shows in the pane; wide characters keep the right border in its column', async t => {
	const am = startAgentmux(t, {
		workspace: {panes: [bashPane('wide')]},
		files: {'wide.txt': '日本語🎉X\nplain-line\n'},
	});
	await am.waitForText(/^┏━ 1 wide · bash --norc --noprofile · running ━+┓$/);
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('cat wide.txt\r');
	const row = await am.waitForText('日本語🎉X');
	await am.waitForText(/^┃plain-line +┃$/);
	// 日 本 語 🎉 take two cells each: X lands in column 1 + 8.
	assert.equal(am.charAt(1, row), '日');
	assert.equal(am.cell(1, row)?.getWidth(), 2);
	assert.equal(am.charAt(3, row), '本');
	assert.equal(am.charAt(5, row), '語');
	assert.equal(am.charAt(7, row), '🎉');
	assert.equal(am.cell(7, row)?.getWidth(), 2);
	assert.equal(am.charAt(9, row), 'X');
	// The frame is intact on every row: left and right borders where they belong.
	for (let y = 1; y < am.rows - 2; y++) {
		assert.equal(am.charAt(0, y), '┃', `left border on row ${y}\n${am.screenDump()}`);
		assert.equal(am.charAt(am.cols - 1, y), '┃', `right border on row ${y}\n${am.screenDump()}`);
	}
});

test("SGR colours and attributes reach the user's terminal", async t => {
	const am = startAgentmux(t, {
		workspace: {panes: [bashPane('colours')]},
		files: {
			'colours.txt': [
				`${esc}[31mRED-TEXT${esc}[0m`,
				`${esc}[1mBOLD-TEXT${esc}[0m`,
				`${esc}[38;5;208mORANGE-256${esc}[0m`,
				`${esc}[38;2;10;20;30mTRUE-COLOUR${esc}[0m`,
				`${esc}[44mBLUE-BG${esc}[0m`,
				`${esc}[3;4mITALIC-UNDER${esc}[0m`,
				'PLAIN-TEXT',
				'',
			].join('\n'),
		},
	});
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('cat colours.txt\r');
	await am.waitForText(/^┃PLAIN-TEXT +┃$/);

	const cellOf = (text: string) => {
		const y = am.findRow(new RegExp(`^┃${text}`));
		assert.notEqual(y, -1, `${text} on screen\n${am.screenDump()}`);
		const cell = am.cell(1, y);
		assert.ok(cell, `cell of ${text}`);
		assert.equal(cell.getChars(), text[0]);
		return cell;
	};

	const red = cellOf('RED-TEXT');
	assert.ok(red.isFgPalette(), 'red is a palette colour');
	assert.equal(red.getFgColor(), 1);

	const bold = cellOf('BOLD-TEXT');
	assert.ok(bold.isBold());
	assert.ok(bold.isFgDefault());

	const orange = cellOf('ORANGE-256');
	assert.ok(orange.isFgPalette());
	assert.equal(orange.getFgColor(), 208);

	const trueColour = cellOf('TRUE-COLOUR');
	assert.ok(trueColour.isFgRGB(), 'truecolor stays truecolor');
	assert.equal(trueColour.getFgColor(), (10 << 16) | (20 << 8) | 30);

	const blue = cellOf('BLUE-BG');
	assert.ok(blue.isBgPalette());
	assert.equal(blue.getBgColor(), 4);

	const italic = cellOf('ITALIC-UNDER');
	assert.ok(italic.isItalic());
	assert.ok(italic.isUnderline());

	const plain = cellOf('PLAIN-TEXT');
	assert.ok(plain.isFgDefault() && plain.isBgDefault());
	assert.equal(plain.isBold(), 0);
});
