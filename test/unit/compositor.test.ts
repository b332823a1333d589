import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {cellBackground, cellFlags, cellForeground} from '../../source/panes/cell-style.js';
import {Compositor} from '../../source/panes/compositor.js';
import type {Rect} from '../../source/panes/layout.js';
import {DirtyRows} from '../../source/sessions/dirty-rows.js';
import type {Session} from '../../source/sessions/session.js';
import {createTerminal, type HeadlessTerminal, rowText, write} from './helpers/terminal.js';

/** Just what Compositor.paint reads from a session. */
type FakeSession = {id: number; terminal: HeadlessTerminal; dirtyRows: DirtyRows; dirty: boolean; synchronizing: boolean; isSynchronizing(): boolean};

function fakeSession(id: number, cols: number, rows: number): FakeSession {
	const terminal = createTerminal(cols, rows);
	return {
		id,
		terminal,
		// The real row tracking, so these tests also prove it misses no change.
		dirtyRows: new DirtyRows(terminal),
		dirty: true,
		synchronizing: false,
		isSynchronizing() {
			return this.synchronizing;
		},
	};
}

type Harness = {
	user: HeadlessTerminal;
	compositor: Compositor;
	/** Paints and waits until the user's terminal has parsed the frame. */
	paint(panes: Array<{session: FakeSession; rect: Rect}>): Promise<string>;
};

function harness(cols: number, rows: number): Harness {
	const user = createTerminal(cols, rows);
	let pending = '';
	const compositor = new Compositor(data => {
		pending += data;
	});
	return {
		user,
		compositor,
		async paint(panes) {
			pending = '';
			const frame = compositor.paint(
				panes.map(({session, rect}) => ({session: session as unknown as Session, rect})),
				undefined,
			);
			assert.equal(pending, frame, 'the returned frame is what was written');
			await write(user, frame);
			return frame;
		},
	};
}

type CellView = {chars: string; width: number; fg: number; bg: number; flags: number};

function readCell(terminal: HeadlessTerminal, x: number, y: number): CellView {
	const buffer = terminal.buffer.active;
	const cell = buffer.getLine(buffer.viewportY + y)?.getCell(x);
	assert.ok(cell, `no cell ${x},${y}`);
	return {chars: cell.getChars() || ' ', width: cell.getWidth(), fg: cellForeground(cell), bg: cellBackground(cell), flags: cellFlags(cell)};
}

/** The user's terminal shows the pane's screen at the rect's offset, cell for cell. */
function assertShows(user: HeadlessTerminal, session: FakeSession, rect: Rect, label = ''): void {
	for (let y = 0; y < rect.height; y++) {
		for (let x = 0; x < rect.width; x++) {
			const expected = readCell(session.terminal, x, y);
			const actual = readCell(user, rect.x + x, rect.y + y);
			assert.deepEqual(
				actual,
				expected,
				`${label} pane ${session.id} cell ${x},${y} (screen ${rect.x + x},${rect.y + y}); pane row "${rowText(session.terminal, y)}" screen row "${rowText(user, rect.y + y)}"`,
			);
		}
	}
}

/** Cells of the user's screen outside every rect are still blank. */
function assertBlankOutside(user: HeadlessTerminal, rects: Rect[]): void {
	for (let y = 0; y < user.rows; y++) {
		for (let x = 0; x < user.cols; x++) {
			if (rects.some(rect => x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height)) {
				continue;
			}

			const cell = readCell(user, x, y);
			assert.deepEqual(cell, {chars: ' ', width: 1, fg: 0, bg: 0, flags: 0}, `screen cell ${x},${y} outside panes was drawn on`);
		}
	}
}

const styledScreen = [
	'plain \u001B[1mbold\u001B[0m \u001B[2mdim\u001B[0m \u001B[3mital\u001B[0m\r\n',
	'\u001B[4munder\u001B[0m \u001B[7minverse\u001B[0m \u001B[9mstrike\u001B[0m\r\n',
	'\u001B[31mred\u001B[0m \u001B[38;5;208m256\u001B[0m \u001B[38;2;10;200;30mrgb\u001B[0m \u001B[44mbluebg\u001B[0m\r\n',
	'\u001B[48;5;52m256bg\u001B[0m \u001B[48;2;1;2;3mrgbbg\u001B[0m \u001B[8mhidden\u001B[0m\r\n',
	'\u001B[45m\u001B[K\u001B[0m\r\n',
	'      \u001B[7m            \u001B[0m end',
].join('');

describe('Compositor', () => {
	it('paints a pane at its rect offset with the same characters and attributes', async () => {
		const rect = {x: 7, y: 3, width: 40, height: 8};
		const session = fakeSession(1, rect.width, rect.height);
		await write(session.terminal, styledScreen);
		const h = harness(60, 15);
		const frame = await h.paint([{session, rect}]);
		assert.ok(frame.length > 0);
		assert.equal(session.dirty, false, 'painting clears the dirty flag');
		assertShows(h.user, session, rect);
		assertBlankOutside(h.user, [rect]);
		assert.equal(rowText(h.user, 3).slice(7), 'plain bold dim ital');
	});

	it('a second paint with nothing changed writes nothing', async () => {
		const rect = {x: 2, y: 1, width: 30, height: 6};
		const session = fakeSession(1, rect.width, rect.height);
		await write(session.terminal, styledScreen);
		const h = harness(40, 10);
		await h.paint([{session, rect}]);
		assert.equal(await h.paint([{session, rect}]), '');
		// Dirty but identical content: still nothing to write.
		session.dirty = true;
		assert.equal(await h.paint([{session, rect}]), '');
	});

	it('changing one cell writes a small diff and the screen still matches', async () => {
		const rect = {x: 10, y: 4, width: 50, height: 10};
		const session = fakeSession(1, rect.width, rect.height);
		await write(session.terminal, styledScreen);
		const h = harness(80, 20);
		await h.paint([{session, rect}]);
		const before = h.compositor.bytesWritten;
		await write(session.terminal, '\u001B[3;5H\u001B[1;32mZ');
		session.dirty = true;
		const frame = await h.paint([{session, rect}]);
		assert.ok(frame.length > 0, 'something is written');
		assert.ok(frame.length < 100, `diff is ${frame.length} bytes: ${JSON.stringify(frame)}`);
		assert.equal(h.compositor.bytesWritten - before, frame.length);
		assertShows(h.user, session, rect);
		assert.equal(readCell(h.user, rect.x + 4, rect.y + 2).chars, 'Z');
	});

	it('wide characters (CJK, emoji) line up with the pane', async () => {
		const rect = {x: 5, y: 2, width: 24, height: 5};
		const session = fakeSession(1, rect.width, rect.height);
		await write(session.terminal, '日本語 text\r\n😀 smile 🎉 x\r\na日b本c語d\r\n\u001B[31m漢字\u001B[0m|end');
		const h = harness(40, 10);
		await h.paint([{session, rect}]);
		assertShows(h.user, session, rect);
		// The narrow text after wide characters lands in the same columns.
		assert.equal(readCell(h.user, rect.x + 7, rect.y).chars, 't');
		assert.equal(readCell(h.user, rect.x + 0, rect.y + 1).width, 2);
		assert.equal(readCell(h.user, rect.x + 3, rect.y + 1).chars, 's');

		// Replace wide characters with narrow ones and back.
		await write(session.terminal, '\u001B[1;1HABCDEF\u001B[3;1H日日日日');
		session.dirty = true;
		await h.paint([{session, rect}]);
		assertShows(h.user, session, rect);
		await write(session.terminal, '\u001B[1;2H語\u001B[3;2Hxy');
		session.dirty = true;
		await h.paint([{session, rect}]);
		assertShows(h.user, session, rect);
		assertBlankOutside(h.user, [rect]);
	});

	it('paints two panes side by side without touching each other', async () => {
		const left = {x: 1, y: 1, width: 20, height: 6};
		const right = {x: 23, y: 1, width: 20, height: 6};
		const a = fakeSession(1, left.width, left.height);
		const b = fakeSession(2, right.width, right.height);
		await write(a.terminal, 'left pane\r\n\u001B[41mred bg line\u001B[K');
		await write(b.terminal, '\u001B[1mright\u001B[0m pane\r\n日本');
		const h = harness(50, 10);
		await h.paint([
			{session: a, rect: left},
			{session: b, rect: right},
		]);
		assertShows(h.user, a, left);
		assertShows(h.user, b, right);
		assertBlankOutside(h.user, [left, right]);

		// Only b changes: a is not repainted.
		await write(b.terminal, '\u001B[4;1Hmore');
		b.dirty = true;
		const frame = await h.paint([
			{session: a, rect: left},
			{session: b, rect: right},
		]);
		assert.ok(!frame.includes('left'), 'unchanged pane is not rewritten');
		assertShows(h.user, a, left);
		assertShows(h.user, b, right);
	});

	it('shows the bottom of a pane that scrolled', async () => {
		const rect = {x: 0, y: 0, width: 20, height: 5};
		const session = fakeSession(1, rect.width, rect.height);
		const h = harness(30, 8);
		await write(session.terminal, Array.from({length: 30}, (_, index) => `line ${index}`).join('\r\n'));
		await h.paint([{session, rect}]);
		assert.equal(rowText(h.user, 4), 'line 29');
		assert.equal(rowText(h.user, 0), 'line 25');
		for (let index = 30; index < 33; index++) {
			await write(session.terminal, `\r\nline ${index}`);
		}

		session.dirty = true;
		await h.paint([{session, rect}]);
		assertShows(h.user, session, rect);
		assert.equal(rowText(h.user, 4), 'line 32');
	});

	it('a synchronizing session is not painted after its first paint', async () => {
		const rect = {x: 3, y: 2, width: 20, height: 4};
		const session = fakeSession(1, rect.width, rect.height);
		session.synchronizing = true;
		await write(session.terminal, 'first frame');
		const h = harness(30, 8);
		// The first paint of a pane happens even mid-frame: there is nothing else to show.
		await h.paint([{session, rect}]);
		assert.equal(rowText(h.user, 2).trim(), 'first frame');

		await write(session.terminal, '\r\u001B[Khalf drawn');
		session.dirty = true;
		assert.equal(await h.paint([{session, rect}]), '');
		assert.equal(rowText(h.user, 2).trim(), 'first frame', 'half-drawn frame is held back');
		assert.equal(session.dirty, true, 'the pane stays dirty so it is painted once the frame ends');

		session.synchronizing = false;
		await h.paint([{session, rect}]);
		assert.equal(rowText(h.user, 2).trim(), 'half drawn');
		assertShows(h.user, session, rect);
	});

	it('invalidate() repaints everything', async () => {
		const rect = {x: 4, y: 1, width: 30, height: 7};
		const session = fakeSession(1, rect.width, rect.height);
		await write(session.terminal, styledScreen);
		const h = harness(40, 10);
		const first = await h.paint([{session, rect}]);
		// Something (Ink) wrote over the screen.
		await write(h.user, '\u001B[0m\u001B[2J\u001B[3;5Hink was here');
		assert.equal(await h.paint([{session, rect}]), '');
		h.compositor.invalidate();
		const again = await h.paint([{session, rect}]);
		assert.ok(again.length > 0);
		assert.ok(again.length >= first.length * 0.8, `full repaint expected (${again.length} vs ${first.length})`);
		assertShows(h.user, session, rect);
	});

	it('a pane whose rect moved is repainted in full at the new place', async () => {
		const session = fakeSession(1, 20, 4);
		await write(session.terminal, 'moving pane\r\n\u001B[35mcolour');
		const h = harness(50, 10);
		await h.paint([{session, rect: {x: 0, y: 0, width: 20, height: 4}}]);
		const moved = {x: 25, y: 5, width: 20, height: 4};
		await write(h.user, '\u001B[2J');
		await h.paint([{session, rect: moved}]);
		assertShows(h.user, session, moved);
	});

	it('places and shows the cursor; a cursor-only change is written', async () => {
		const rect = {x: 0, y: 0, width: 10, height: 3};
		const session = fakeSession(1, rect.width, rect.height);
		await write(session.terminal, 'abc');
		const h = harness(20, 5);
		const views = [{session: session as unknown as Session, rect}];
		const first = h.compositor.paint(views, {x: 3, y: 0, visible: true});
		await write(h.user, first);
		assert.ok(first.endsWith('\u001B[1;4H\u001B[?25h') || first.includes('\u001B[1;4H\u001B[?25h'));
		assert.equal(h.user.buffer.active.cursorX, 3);
		assert.equal(h.compositor.paint(views, {x: 3, y: 0, visible: true}), '');
		const moved = h.compositor.paint(views, {x: 5, y: 2, visible: true});
		await write(h.user, moved);
		assert.equal(h.user.buffer.active.cursorX, 5);
		assert.equal(h.user.buffer.active.cursorY, 2);
		const hidden = h.compositor.paint(views, {x: 5, y: 2, visible: false});
		assert.ok(hidden.includes('\u001B[?25l') && !hidden.includes('\u001B[?25h'));
	});

	it('stays identical through many random edits (diff painting fuzz)', async () => {
		const rect = {x: 3, y: 2, width: 23, height: 7};
		const session = fakeSession(1, rect.width, rect.height);
		const h = harness(30, 12);
		let seed = 12_345;
		const random = (n: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed % n;
		};

		const texts = ['a', 'hello', ' ', '        ', '日', '本語', '😀', 'xy', '—', 'é'];
		const styles = ['\u001B[0m', '\u001B[1m', '\u001B[7m', '\u001B[31m', '\u001B[44m', '\u001B[38;5;99m', '\u001B[48;2;9;8;7m', '\u001B[4;3m', '\u001B[0m'];
		for (let step = 0; step < 300; step++) {
			let data = '';
			for (let op = 0; op < 1 + random(4); op++) {
				switch (random(6)) {
					case 0: {
						data += `\u001B[${1 + random(rect.height)};${1 + random(rect.width)}H`;
						break;
					}

					case 1: {
						data += styles[random(styles.length)]!;
						break;
					}

					case 2: {
						data += random(2) === 0 ? '\u001B[K' : `\u001B[${1 + random(5)}X`;
						break;
					}

					case 3: {
						data += '\r\n';
						break;
					}

					default: {
						data += texts[random(texts.length)]!;
					}
				}
			}

			await write(session.terminal, data);
			session.dirty = true;
			await h.paint([{session, rect}]);
			assertShows(h.user, session, rect, `step ${step} after ${JSON.stringify(data)}`);
		}

		assertBlankOutside(h.user, [rect]);
	});
});
