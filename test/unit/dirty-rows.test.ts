import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DirtyRows} from '../../source/sessions/dirty-rows.js';
import {createTerminal, write} from './helpers/terminal.js';

test('row tracking is available in the pinned @xterm/headless', () => {
	assert.equal(new DirtyRows(createTerminal(20, 10)).tracked, true);
});

test('a write marks only the rows it touched', async () => {
	const terminal = createTerminal(20, 10);
	const rows = new DirtyRows(terminal);
	await write(terminal, '\u001B[6;1H');
	rows.take();
	// A spinner redrawing its own row, as agents do while thinking.
	await write(terminal, '\r⠋ Thinking…\u001B[K');
	assert.deepEqual(rows.take(), {start: 5, end: 5});
	assert.ok(rows.take().start > rows.take().end, 'nothing is left after a take');
	await write(terminal, '\u001B[3;1Ha\u001B[4;1Hb');
	const range = rows.take();
	assert.ok(range.start <= 2 && range.end >= 3 && range.end <= 5, `rows 2-3 (and where the cursor was) are marked: ${JSON.stringify(range)}`);
});

test('scrolling and a buffer switch mark every row', async () => {
	const terminal = createTerminal(20, 5);
	const rows = new DirtyRows(terminal);
	rows.take();
	await write(terminal, '\r\n\r\n\r\n\r\n\r\n\r\n');
	assert.deepEqual(rows.take(), {start: 0, end: 4});
	await write(terminal, '\u001B[?1049h');
	assert.deepEqual(rows.take(), {start: 0, end: 4});
});
