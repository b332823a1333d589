import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {clampRepeatCounts, equivalentRepeatCount, repeatScrollbackBudget} from '../../source/sessions/count-clamp.js';
import {createTerminal, type HeadlessTerminal, write} from './helpers/terminal.js';

const huge = [99_999_999, 2_147_483_647];

/** Everything a sequence can change: every line kept (text, colours, wrapping), the cursor and the view. */
function snapshot(terminal: HeadlessTerminal, screenOnly = false): string {
	const buffer = terminal.buffer.active;
	const lines: string[] = [];
	const first = screenOnly ? buffer.baseY : 0;
	for (let y = first; y < buffer.length; y++) {
		const line = buffer.getLine(y)!;
		let colours = '';
		for (let x = 0; x < terminal.cols; x++) {
			const cell = line.getCell(x)!;
			colours += `${cell.getFgColor()},${cell.getBgColor()},${cell.getWidth()};`;
		}

		lines.push(`${line.isWrapped ? '~' : ' '}${line.translateToString(false)}|${colours}`);
	}

	const view = screenOnly ? [] : [`base ${buffer.baseY} view ${buffer.viewportY}`];
	return [buffer.type, `cursor ${buffer.cursorX},${buffer.cursorY}`, ...view, ...lines].join('\n');
}

/** Writes and fails the test if the parse does not finish: a hang guard, not a speed claim. */
async function writeWithin(terminal: HeadlessTerminal, data: string, ms = 2000): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			reject(new Error(`parsing ${JSON.stringify(data)} did not finish within ${ms} ms`));
		}, ms);
	});
	try {
		await Promise.race([write(terminal, data), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Numbered coloured lines, some history, a scroll region or not, and the cursor in the middle. */
function prelude(region: boolean): string {
	let text = '';
	for (let index = 0; index < 30; index++) {
		text += `\u001B[3${index % 8}m${String(index).padStart(3, '0')}\tabcdefghijklmnopqrstuvwxyz\u001B[0m\r\n`;
	}

	text += '\u001B[44m'; // erased cells take the current background
	if (region) {
		text += '\u001B[3;8r';
	}

	return `${text}\u001B[5;7H`;
}

function pair(cols = 40, rows = 10): {hooked: HeadlessTerminal; plain: HeadlessTerminal} {
	const hooked = createTerminal(cols, rows);
	assert.equal(clampRepeatCounts(hooked), true, 'the core CSI hook is there');
	return {hooked, plain: createTerminal(cols, rows)};
}

type Case = {name: string; final: string; smallest: (terminal: HeadlessTerminal) => number};
const byRows = (terminal: HeadlessTerminal) => terminal.rows;
const byCols = (terminal: HeadlessTerminal) => terminal.cols;
const cases: Case[] = [
	{name: 'SU (scroll up)', final: 'S', smallest: byRows},
	{name: 'SD (scroll down)', final: 'T', smallest: byRows},
	{name: 'IL (insert lines)', final: 'L', smallest: byRows},
	{name: 'DL (delete lines)', final: 'M', smallest: byRows},
	{name: 'CHT (forward tabs)', final: 'I', smallest: byCols},
	{name: 'CBT (backward tabs)', final: 'Z', smallest: byCols},
	{name: 'ICH (insert characters)', final: '@', smallest: byCols},
	{name: 'DCH (delete characters)', final: 'P', smallest: byCols},
	{name: 'ECH (erase characters)', final: 'X', smallest: byCols},
	{name: 'SL (scroll left)', final: ' @', smallest: byCols},
	{name: 'SR (scroll right)', final: ' A', smallest: byCols},
	{name: 'DECIC (insert columns)', final: "'}", smallest: byCols},
	{name: 'DECDC (delete columns)', final: "'~", smallest: byCols},
	{name: 'CUF (cursor forward)', final: 'C', smallest: byCols},
	{name: 'CUD (cursor down)', final: 'B', smallest: byRows},
];

describe('clampRepeatCounts', {timeout: 120_000}, () => {
	for (const {name, final, smallest} of cases) {
		for (const region of [false, true]) {
			it(`${name}${region ? ' in a scroll region' : ''}: a huge count leaves what the smallest count with the same effect leaves`, async () => {
				for (const count of huge) {
					const {hooked, plain} = pair();
					await write(hooked, prelude(region));
					await write(plain, prelude(region));
					const before = snapshot(plain);
					await writeWithin(hooked, `\u001B[${count}${final}x`);
					await write(plain, `\u001B[${smallest(plain)}${final}x`);
					assert.equal(snapshot(hooked), snapshot(plain), `CSI ${count} ${final}`);
					assert.notEqual(snapshot(plain), before, 'the sequence did something');
					hooked.dispose();
					plain.dispose();
				}
			});
		}
	}

	it('the smallest equivalent counts are real: one less leaves a different screen', async () => {
		for (const {final, smallest} of cases.filter(({final}) => ['S', 'T', 'L', 'M'].includes(final))) {
			const a = createTerminal(40, 10);
			const b = createTerminal(40, 10);
			await write(a, `${prelude(false)}\u001B[1;1H`);
			await write(b, `${prelude(false)}\u001B[1;1H`);
			await write(a, `\u001B[${smallest(a)}${final}`);
			await write(b, `\u001B[${smallest(b) - 1}${final}`);
			assert.notEqual(snapshot(a), snapshot(b), final);
			a.dispose();
			b.dispose();
		}
	});

	it('moderate counts are exact against an unclamped terminal', async () => {
		for (const {final} of cases) {
			const {hooked, plain} = pair();
			await write(hooked, prelude(true));
			await write(plain, prelude(true));
			await writeWithin(hooked, `\u001B[5000${final}`);
			await write(plain, `\u001B[5000${final}`);
			assert.equal(snapshot(hooked), snapshot(plain), final);
			hooked.dispose();
			plain.dispose();
		}
	});

	it('counts below the limits pass unchanged', async () => {
		const {hooked, plain} = pair();
		for (const sequence of ['\u001B[3S', '\u001B[2T', '\u001B[4L', '\u001B[1M', '\u001B[2I', '\u001B[1Z', '\u001B[7@', '\u001B[3P', '\u001B[9X', 'q\u001B[5b']) {
			await write(hooked, prelude(false) + sequence);
			await write(plain, prelude(false) + sequence);
			assert.equal(snapshot(hooked), snapshot(plain), JSON.stringify(sequence));
		}

		hooked.dispose();
		plain.dispose();
	});

	describe('REP (repeat the preceding character)', () => {
		it('a huge count leaves the screen, scrollback and cursor an unclamped terminal leaves with a million', async () => {
			// The test terminals keep 100 lines of scrollback: within the budget, so the scrollback is exact too.
			for (const [cols, character] of [
				[40, 'x'],
				[41, 'x'],
				[40, '中'],
				[41, '中'],
				[40, 'e\u0301'],
			] as const) {
				const {hooked, plain} = pair(cols, 10);
				await write(hooked, prelude(false));
				await write(plain, prelude(false));
				const count = 1_000_003;
				await writeWithin(hooked, `${character}\u001B[${count}b`);
				await write(plain, `${character}\u001B[${count}b`);
				assert.equal(snapshot(hooked), snapshot(plain), `${cols} columns, ${character}`);
				hooked.dispose();
				plain.dispose();
			}
		});

		it('2^31-1 repeats leave what the same count modulo a line leaves once every line is full', async () => {
			for (const [cols, character, perLine] of [
				[40, 'x', 40],
				[41, 'x', 41],
				[40, '中', 20],
				[41, '中', 20],
			] as const) {
				const {hooked, plain} = pair(cols, 10);
				await writeWithin(hooked, `${prelude(false)}${character}\u001B[2147483647b`);
				// 400 lines' worth fills the screen and the 100 lines of scrollback whatever the start.
				const small = perLine * 400 + (2_147_483_647 % perLine);
				await write(plain, `${prelude(false)}${character}\u001B[${small}b`);
				assert.equal(snapshot(hooked), snapshot(plain), `${cols} columns, ${character}`);
				hooked.dispose();
				plain.dispose();
			}
		});

		it('without autowrap, in insert mode, in a scroll region, on the alternate screen and scrolled back', async () => {
			const setups = ['\u001B[?7l', '\u001B[4h', '\u001B[3;8r', '\u001B[?1049h', ''];
			for (const setup of setups) {
				const {hooked, plain} = pair(40, 10);
				for (const terminal of [hooked, plain]) {
					await write(terminal, prelude(false) + setup);
					if (setup === '') {
						terminal.scrollLines(-20);
					}
				}

				await writeWithin(hooked, 'y\u001B[1000003b');
				await write(plain, 'y\u001B[1000003b');
				assert.equal(snapshot(hooked), snapshot(plain), JSON.stringify(setup));
				hooked.dispose();
				plain.dispose();
			}
		});

		it('with a long scrollback the screen and cursor are exact, and the work stays within a screenful', async () => {
			const cols = 200;
			const rows = 50;
			const scrollback = 10_000;
			const count = equivalentRepeatCount(2_147_483_647, {cols, rows, scrollback, alternate: false, userScrolled: false});
			assert.ok(count <= cols * (rows + 3), `${count} repeats`);
			assert.ok(cols * scrollback > repeatScrollbackBudget);
			const hooked = createTerminal(cols, rows);
			hooked.options.scrollback = scrollback;
			clampRepeatCounts(hooked);
			const plain = createTerminal(cols, rows);
			plain.options.scrollback = scrollback;
			await writeWithin(hooked, 'z\u001B[2147483647b');
			await write(plain, `z\u001B[${cols * 300 + (2_147_483_647 % cols)}b`);
			assert.equal(snapshot(hooked, true), snapshot(plain, true));
			hooked.dispose();
			plain.dispose();
		});

		it('never changes a count that fits on the screen', () => {
			const shape = {cols: 80, rows: 24, scrollback: 10_000, alternate: false, userScrolled: false};
			for (const count of [1, 79, 80, 81, 80 * 24, 80 * 26]) {
				assert.equal(equivalentRepeatCount(count, shape), count);
			}
		});
	});
});
