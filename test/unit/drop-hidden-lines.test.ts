import assert from 'node:assert/strict';
import {test} from 'node:test';
import {dropHiddenLines, hiddenLineCapacity, holdsLines, plainRunWithin} from '../../source/sessions/drop-hidden-lines.js';
import {SeededRandom} from '../helpers/seeded-random.js';
import {createTerminal, type HeadlessTerminal, write} from './helpers/terminal.js';

/** Everything the terminal holds: every buffer row's text and cell styles, the cursor and the view. */
function snapshot(terminal: HeadlessTerminal): string {
	const buffer = terminal.buffer.active;
	const rows: string[] = [];
	const cell = buffer.getNullCell();
	for (let y = 0; y < buffer.length; y++) {
		const line = buffer.getLine(y)!;
		let styles = '';
		for (let x = 0; x < terminal.cols; x++) {
			line.getCell(x, cell);
			styles += `${cell.getFgColorMode()}:${cell.getFgColor()}/${cell.getBgColorMode()}:${cell.getBgColor()}/${cell.isBold()}${cell.isInverse()}${cell.isUnderline()}${cell.isItalic()}${cell.isDim()}${cell.isStrikethrough()}${cell.isOverline()}${cell.isBlink()}${cell.isInvisible()},`;
		}

		rows.push(`${line.isWrapped ? 'w' : '-'}|${line.translateToString(false)}|${styles}`);
	}

	return JSON.stringify({
		type: buffer.type,
		length: buffer.length,
		baseY: buffer.baseY,
		viewportY: buffer.viewportY,
		cursor: [buffer.cursorX, buffer.cursorY],
		rows,
	});
}

/**
 * Feeds `before` to two terminals alike, then `text` to one as it is and to the
 * other with hidden lines dropped; both must end up holding the same thing.
 * Returns how many characters were dropped.
 */
async function compare(cols: number, rows: number, scrollback: number, before: string, text: string, setup?: (terminal: HeadlessTerminal) => void): Promise<number> {
	const whole = createTerminal(cols, rows);
	const skipped = createTerminal(cols, rows);
	whole.options.scrollback = scrollback;
	skipped.options.scrollback = scrollback;
	await write(whole, before);
	await write(skipped, before);
	setup?.(whole);
	setup?.(skipped);
	const capacity = hiddenLineCapacity(skipped);
	const result = capacity ? dropHiddenLines(text, capacity) : {text, dropped: 0};
	assert.equal(result.text.length, text.length - result.dropped);
	await write(whole, text);
	await write(skipped, result.text);
	assert.equal(snapshot(skipped), snapshot(whole));
	return result.dropped;
}

function lines(count: number, make: (index: number) => string): string {
	let text = '';
	for (let index = 0; index < count; index++) {
		text += `${make(index)}\r\n`;
	}

	return text;
}

test('a flood of y lines skips what scrolls out, and the screen and scrollback are those of the whole flood', async () => {
	const dropped = await compare(
		20,
		5,
		30,
		'',
		lines(500, () => 'y'),
	);
	assert.ok(dropped > 400 * 3, `most of the flood is skipped (${dropped} chars)`);
});

test('numbered lines: the last screen and the scrollback hold exactly the last lines', async () => {
	const terminal = createTerminal(12, 4);
	terminal.options.scrollback = 10;
	const text = lines(1000, index => String(index));
	const result = dropHiddenLines(text, hiddenLineCapacity(terminal)!);
	await write(terminal, result.text);
	const buffer = terminal.buffer.active;
	assert.equal(buffer.length, 14);
	// 13 rows of the last lines, then the blank row the cursor is on.
	assert.equal(buffer.getLine(0)!.translateToString(true), '987');
	assert.equal(buffer.getLine(12)!.translateToString(true), '999');
	assert.equal(buffer.getLine(13)!.translateToString(true), '');
	assert.deepEqual([buffer.cursorX, buffer.cursorY], [0, 3]);
	// The first rows of the screen's worth are kept as they were written.
	assert.ok(result.text.startsWith('0\r\n1\r\n2\r\n3\r\n987\r\n'), JSON.stringify(result.text.slice(0, 30)));
});

test('what was on screen before, a half-written line and the cursor in the middle, comes out the same', async () => {
	const before = 'first\r\nsecond\r\n\u001B[2;4Hxyz\u001B[5;1Hold text on row five\u001B[1;1H\u001B[3Cpartial';
	await compare(
		30,
		8,
		40,
		before,
		lines(300, index => `line ${index}`),
	);
});

test('colours and attributes in force carry over to the kept lines and the blank rows', async () => {
	await compare(
		24,
		6,
		25,
		'\u001B[1;31;44m\u001B[4m',
		lines(400, index => `c${index % 7}`),
	);
	await compare(
		24,
		6,
		25,
		'\u001B[38;2;10;20;30m\u001B[48;5;200m',
		lines(400, index => `t${index}`),
	);
});

test('lines as wide as the screen or wider are skipped too, by the rows they take, and come out the same', async () => {
	const cols = 10;
	const text = lines(200, () => 'a'.repeat(cols - 1)) + lines(3, () => 'b'.repeat(cols)) + lines(200, () => 'c') + lines(2, () => 'd'.repeat(25)) + lines(300, () => 'e');
	const dropped = await compare(cols, 4, 20, '', text);
	assert.ok(dropped > 400 * 3, `the wide lines are part of the run (${dropped} chars)`);
	// Lines of one, two and three rows, and exactly as wide as two rows (the wrap left pending).
	const mixed = lines(600, index => 'w'.repeat([3, 10, 14, 20, 27, 30][index % 6]!));
	assert.ok((await compare(10, 4, 20, '', mixed)) > 0);
	// Three rows a line: after the screen of first lines, 8 lines fill the 23 rows kept above the cursor's.
	const tall = lines(100, index => String(index % 10).repeat(25));
	assert.equal(dropHiddenLines(tall, {rows: 4, cols: 10, kept: 24}).text, tall.slice(0, 4 * 27) + tall.slice(92 * 27));
	// Without wraparound a long line stays on one row.
	assert.ok((await compare(10, 4, 20, '\u001B[?7l', mixed)) > 0);
});

/** Coloured log lines as a test runner or a server writes them, wider than the screen now and then. */
function colouredLog(count: number, seed: number): string {
	const random = new SeededRandom(seed);
	const sgr = [
		'\u001B[31m',
		'\u001B[1;32m',
		'\u001B[38;5;208m',
		'\u001B[38;2;10;200;30m',
		'\u001B[48;5;17m',
		'\u001B[4m',
		'\u001B[4:3m',
		'\u001B[58;5;9m',
		'\u001B[7m',
		'\u001B[2;3;9m',
		'\u001B[53m',
		'\u001B[39m',
		'\u001B[49m',
		'\u001B[22m',
		'\u001B[24m',
		'\u001B[m',
		'\u001B[0m',
		'\u001B[0;35m',
		'\u001B[;44m',
		'\u001B[38:2::1:2:3m',
	];
	return lines(count, () => {
		let line = '';
		for (let word = Math.floor(random.fraction() * 12); word > 0; word--) {
			if (random.fraction() < 0.4) line += sgr[Math.floor(random.fraction() * sgr.length)]!;
			line += 'lorem ipsum dolor'.slice(0, 1 + Math.floor(random.fraction() * 12));
		}

		return line;
	});
}

test('coloured lines, wrapped or not, are skipped: the pen they leave and the blank rows come out the same', async () => {
	for (const [cols, rows, scrollback, seed] of [
		[20, 5, 30, 1],
		[33, 7, 12, 2],
		[12, 3, 50, 3],
		[80, 10, 40, 4],
	] as const) {
		// eslint-disable-next-line no-await-in-loop
		const dropped = await compare(cols, rows, scrollback, '\u001B[45m', colouredLog(700, seed));
		assert.ok(dropped > 0, `${cols}x${rows}: skipped ${dropped}`);
	}

	// Without a reset in the skipped lines, every colour they set is replayed.
	const noReset = lines(500, index => `\u001B[3${index % 8}mc${index}\u001B[4${(index * 3) % 8}mb`);
	assert.ok((await compare(15, 4, 20, '', noReset)) > 0);
});

test('random coloured and wrapped lines cut at a random place come out the same (fixed seed)', async () => {
	let droppedAny = 0;
	for (let round = 0; round < 30; round++) {
		const seed = 0x2545_f491 + round * 7919;
		const cols = 4 + (seed % 23);
		const rows = 2 + (seed % 7);
		const scrollback = seed % 31;
		const text = colouredLog(100 + (seed % 300), seed);
		const before = ['', '\u001B[1;31m', '\u001B[?7l', '\u001B[?1049h', 'partial \u001B[42m'][round % 5]!;
		const cut = seed % 97;
		// eslint-disable-next-line no-await-in-loop
		droppedAny += await compare(cols, rows, scrollback, before + text.slice(0, cut), text.slice(cut));
	}

	assert.ok(droppedAny > 0, 'some rounds skip lines');
});

test('only the run at the start is touched: sequences and control characters end it', async () => {
	const tail = `\tTab\r\n${lines(500, () => 'after')}\u0007\u001B]0;title\u0007x\u001B[2J`;
	const text = lines(300, () => 'y') + tail;
	const dropped = await compare(16, 5, 10, '', text);
	assert.ok(dropped > 0);
	const result = dropHiddenLines(text, {rows: 5, cols: 16, kept: 15});
	assert.ok(result.text.endsWith(tail), 'everything after the run is left as it is');
	assert.equal(dropHiddenLines(`\u001B[2J${text}`, {rows: 5, cols: 16, kept: 15}).dropped, 0, 'a run that does not start the text is not touched');
});

test('the alternate screen keeps no scrollback: only a screen of lines stays', async () => {
	const dropped = await compare(
		20,
		6,
		50,
		'\u001B[?1049h',
		lines(300, index => `alt ${index}`),
	);
	assert.ok(dropped > 0);
});

test('a lone LF, CR without LF, or LF CR are not plain lines', async () => {
	assert.equal(dropHiddenLines('y\n'.repeat(1000), {rows: 3, cols: 10, kept: 10}).dropped, 0);
	assert.equal(dropHiddenLines('y\r'.repeat(1000), {rows: 3, cols: 10, kept: 10}).dropped, 0);
	assert.equal(dropHiddenLines('y\n\r'.repeat(1000), {rows: 3, cols: 10, kept: 10}).dropped, 0);
	await compare(10, 3, 7, '', 'y\r\n'.repeat(50) + 'z\n'.repeat(40) + 'y\r\n'.repeat(50));
});

test('nothing is dropped when too few lines follow to fill the buffer', async () => {
	const capacity = {rows: 5, cols: 20, kept: 25};
	assert.equal(
		dropHiddenLines(
			lines(29, () => 'y'),
			capacity,
		).dropped,
		0,
	);
	assert.equal(
		dropHiddenLines(
			lines(31, () => 'y'),
			capacity,
		).dropped,
		2 * 3,
		'two lines of "y\r\n" more than the first screen and the buffer',
	);
	await compare(
		20,
		5,
		20,
		'',
		lines(30, () => 'y'),
	);
});

test('no skipping inside a string sequence, with a scroll region, in insert mode or while the user reads the scrollback', async () => {
	const flood = lines(400, index => `n${index}`);
	// Inside an unterminated OSC the "lines" are its payload, not text.
	let terminal = createTerminal(20, 5);
	await write(terminal, '\u001B]0;a title that goes on');
	assert.equal(hiddenLineCapacity(terminal), undefined);
	await compare(20, 5, 20, '\u001B]0;a title that goes on', `${flood}\u0007`);
	// Inside a CSI, a printable byte ends it: the parser is not at rest.
	terminal = createTerminal(20, 5);
	await write(terminal, '\u001B[3');
	assert.equal(hiddenLineCapacity(terminal), undefined);
	// A scroll region keeps scrolled lines out of the scrollback.
	terminal = createTerminal(20, 5);
	await write(terminal, '\u001B[2;4r');
	assert.equal(hiddenLineCapacity(terminal), undefined);
	await compare(20, 5, 20, '\u001B[2;4r', flood);
	terminal = createTerminal(20, 5);
	await write(terminal, '\u001B[4h');
	assert.equal(hiddenLineCapacity(terminal), undefined);
	// Reading the scrollback: the view moves up by one for every line that scrolls out.
	await compare(
		20,
		5,
		20,
		lines(60, index => `old ${index}`),
		flood,
		scrolled => {
			scrolled.scrollLines(-10);
			assert.equal(hiddenLineCapacity(scrolled), undefined);
		},
	);
	// Back at the bottom, skipping is allowed again.
	terminal = createTerminal(20, 5);
	await write(
		terminal,
		lines(60, index => `old ${index}`),
	);
	terminal.scrollLines(-10);
	terminal.scrollToBottom();
	assert.ok(hiddenLineCapacity(terminal));
});

test('the capacity follows the scrollback setting and the screen size', async () => {
	const terminal = createTerminal(30, 7);
	terminal.options.scrollback = 123;
	assert.deepEqual(hiddenLineCapacity(terminal), {rows: 7, cols: 30, kept: 130});
	terminal.resize(40, 9);
	await write(terminal, 'x');
	assert.deepEqual(hiddenLineCapacity(terminal), {rows: 9, cols: 40, kept: 132});
	await compare(
		40,
		9,
		123,
		'',
		lines(900, index => `r${index}`),
		resized => {
			resized.resize(35, 6);
		},
	);
});

test('random mixes of plain lines and other output come out the same (fixed seed)', async () => {
	const random = new SeededRandom(0x9e37_79b9);
	const pieces = [
		'\u001B[31m',
		'\u001B[0m',
		'\u001B[2;3H',
		'\u001B[K',
		'\t',
		'é',
		'世',
		'\n',
		'\r',
		'\u001B[?1049h',
		'\u001B[?1049l',
		'\u001B[1;3r',
		'\u001B[r',
		'\u001B[2J',
		'\u001B[3S',
		'\u001B]0;t\u0007',
		'\u001B[4h',
		'\u001B[4l',
	];
	for (let round = 0; round < 40; round++) {
		const cols = 4 + Math.floor(random.fraction() * 20);
		const rows = 2 + Math.floor(random.fraction() * 8);
		const scrollback = Math.floor(random.fraction() * 30);
		let before = '';
		for (let index = Math.floor(random.fraction() * 6); index > 0; index--) {
			before += pieces[Math.floor(random.fraction() * pieces.length)]!;
		}

		let text = '';
		for (let block = 0; block < 4; block++) {
			text += lines(Math.floor(random.fraction() * 120), () => 'abcdefghijklmnopqrstuvwxyz'.slice(0, Math.floor(random.fraction() * (cols + 2))));
			text += pieces[Math.floor(random.fraction() * pieces.length)]!;
		}

		// eslint-disable-next-line no-await-in-loop
		await compare(cols, rows, scrollback, before, text);
	}
});

test('a backlog that starts with the end of a line cut by a read still skips, and comes out the same', async () => {
	const flood = lines(400, index => `n${index}`);
	// The read ended after the CR: the backlog starts with the LF.
	let dropped = await compare(20, 5, 20, `${flood}n400\r`, `\n${flood}`);
	assert.ok(dropped > 300 * 4, `a lone LF first (${dropped} chars)`);
	// The read ended mid-line, after a cursor move and a colour: the rest of the line first.
	dropped = await compare(20, 5, 20, '\u001B[3;7H\u001B[32mhalf a li', `ne${flood}`);
	assert.ok(dropped > 300 * 4, `the rest of a line first (${dropped} chars)`);
	// The rest of a line wider than the screen, and one ended by LF alone.
	dropped = await compare(10, 4, 12, 'x'.repeat(15), `${'x'.repeat(25)}\r\n${flood}`);
	assert.ok(dropped > 0);
	dropped = await compare(10, 4, 12, 'abc', `def\n${flood}`);
	assert.ok(dropped > 0);
	// A coloured lead line ended by a bare LF; lines that end in CR CR LF.
	const crcrlf = flood.replaceAll('\r\n', '\u001B[32mok\u001B[0m\r\r\n');
	dropped = await compare(20, 5, 20, 'x\u001B[38;5;9m', `rest\u001B[1m of it\n${crcrlf}`);
	assert.ok(dropped > 300 * 4, `a coloured lead line and CR CR LF (${dropped} chars)`);
	assert.equal(plainRunWithin(`\n${flood}`, 20), undefined, 'the run after the lead line may go on');
	assert.equal(plainRunWithin('\ny\r\n\u001B[2J', 20), 4);
	assert.equal(dropHiddenLines(`\u001B[2Kx\n${flood}`, {rows: 5, cols: 20, kept: 25}).dropped, 0, 'a lead line with a sequence other than SGR in it is not simple');
});

test('random mixes cut at a random place, as a read cuts them, come out the same (fixed seed)', async () => {
	const random = new SeededRandom(0x1234_5678);
	const pieces = ['\u001B[31m', '\u001B[0m', '\u001B[2;3H', '\t', 'é', '世', '\n', '\r', '\u001B[?1049h', '\u001B[?1049l', '\u001B[1;3r', '\u001B[r', '\u001B[4h', '\u001B[4l', '\u001B]0;t\u0007'];
	let droppedAny = 0;
	for (let round = 0; round < 40; round++) {
		const cols = 4 + Math.floor(random.fraction() * 20);
		const rows = 2 + Math.floor(random.fraction() * 8);
		const scrollback = Math.floor(random.fraction() * 30);
		let text = '';
		for (let block = 0; block < 4; block++) {
			text += lines(Math.floor(random.fraction() * 150), () => 'abcdefghijklmnopqrstuvwxyz'.slice(0, Math.floor(random.fraction() * (cols + 2))));
			if (random.fraction() < 0.5) text += pieces[Math.floor(random.fraction() * pieces.length)]!;
		}

		const cut = Math.floor(random.fraction() * Math.min(text.length, 200));
		// eslint-disable-next-line no-await-in-loop
		droppedAny += await compare(cols, rows, scrollback, text.slice(0, cut), text.slice(cut));
	}

	assert.ok(droppedAny > 0, 'some rounds skip lines');
});

test('plainRunWithin: the run of plain lines is known to end only when what follows cannot start a plain line', () => {
	assert.equal(plainRunWithin('y\r\ny\r\n\u001B[2Kred\r\n', 10), 6, 'a sequence other than SGR ends it');
	assert.equal(plainRunWithin('y\r\n\u001B[31mred\u001B[0m\r\n\t', 10), 17, 'a coloured line is part of it');
	assert.equal(plainRunWithin('y\r\n\u001B[38;5', 10), undefined, 'an SGR cut by the chunk may go on');
	assert.equal(plainRunWithin('y\r\n\u001B[?25l', 10), 3);
	assert.equal(plainRunWithin('\u001B[2Jtext', 10), 0);
	assert.equal(plainRunWithin('\u001B[0mtext', 10), undefined, 'a coloured start may go on');
	assert.equal(plainRunWithin(`y\r\n${'x'.repeat(12)}\r\n\u0007`, 10), 17, 'a line wider than the screen is part of it');
	assert.equal(plainRunWithin('y\r\ny\r\n', 10), undefined, 'the next chunk may hold more plain lines');
	assert.equal(plainRunWithin('y\r\nyy', 10), undefined, 'a line cut by the chunk may go on plainly');
	assert.equal(plainRunWithin('y\r\nyy\r', 10), undefined);
	assert.equal(plainRunWithin('y\r\nyy\rz', 10), 3, 'a carriage return not followed by a line feed ends it');
	assert.equal(plainRunWithin('y\r\r\nyy\r\r', 10), undefined, 'CR CR LF (what the pty makes of CR LF) ends a line too');
	assert.equal(plainRunWithin('a\u001B[31mb\nc\r\n\u0007', 10), 11, 'the lead line may be coloured');
});

test('holdsLines counts line feeds across chunks, and stops at the count', () => {
	assert.equal(holdsLines(['a\r\nb', '\r\n', 'c\n'], 3), true);
	assert.equal(holdsLines(['a\r\nb', '\r\n', 'c'], 3), false);
	assert.equal(holdsLines([], 1), false);
	assert.equal(holdsLines(['\n'.repeat(1e6)], 10), true);
});
