import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keepClearedScreens} from '../../source/sessions/keep-cleared-screen.js';
import {createTerminal, write} from './helpers/terminal.js';

function allLines(terminal: ReturnType<typeof createTerminal>): string[] {
	const buffer = terminal.buffer.active;
	return Array.from({length: buffer.length}, (_, index) => buffer.getLine(index)?.translateToString(true) ?? '');
}

test('ED 2 keeps the cleared screen in the scrollback, and still clears every row inside a scroll region or on the alternate screen', async () => {
	const terminal = createTerminal(10, 4);
	keepClearedScreens(terminal);
	await write(terminal, 'a\r\nb\r\nc\u001B[H\u001B[2Jnew');
	assert.deepEqual(allLines(terminal), ['a', 'b', 'c', 'new', '', '', '']);
	// With a scroll region, every row is erased and nothing is scrolled away.
	await write(terminal, '\u001B[2J\u001B[Hw\r\nx\r\ny\r\nz\u001B[2;3r\u001B[2J');
	assert.deepEqual(allLines(terminal).slice(-4), ['', '', '', '']);
	await write(terminal, '\u001B[r\u001B[?1049h\u001B[Halt\u001B[2J');
	assert.deepEqual(allLines(terminal), ['', '', '', '']);
	// ED 0 erases as ever: nothing goes to the scrollback.
	await write(terminal, '\u001B[?1049l\u001B[Hq');
	const before = terminal.buffer.active.baseY;
	await write(terminal, '\u001B[H\u001B[J');
	assert.equal(terminal.buffer.active.baseY, before);
	assert.equal(allLines(terminal).at(-4), '');
});
