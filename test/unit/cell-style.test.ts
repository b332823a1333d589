import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {cellBackground, cellFlags, cellForeground, isDefaultColor, sgr} from '../../source/panes/cell-style.js';
import {createTerminal, type HeadlessTerminal, write} from './helpers/terminal.js';

function cellAt(terminal: HeadlessTerminal, x: number, y: number) {
	const cell = terminal.buffer.active.getLine(y)?.getCell(x);
	assert.ok(cell, `no cell at ${x},${y}`);
	return cell;
}

/** Writes `text` after a reset and returns the SGR that reproduces its first cell's style. */
async function styleOf(sequence: string): Promise<string> {
	const terminal = createTerminal(20, 3);
	await write(terminal, `\u001B[0m${sequence}X`);
	const cell = cellAt(terminal, 0, 0);
	assert.equal(cell.getChars(), 'X');
	const result = sgr(cellFlags(cell), cellForeground(cell), cellBackground(cell));
	terminal.dispose();
	return result;
}

describe('sgr(cellFlags, cellForeground, cellBackground)', () => {
	const cases: Array<[string, string, string]> = [
		['plain', '', '\u001B[0m'],
		['bold', '\u001B[1m', '\u001B[0;1m'],
		['dim', '\u001B[2m', '\u001B[0;2m'],
		['italic', '\u001B[3m', '\u001B[0;3m'],
		['underline', '\u001B[4m', '\u001B[0;4m'],
		['blink', '\u001B[5m', '\u001B[0;5m'],
		['inverse', '\u001B[7m', '\u001B[0;7m'],
		['invisible', '\u001B[8m', '\u001B[0;8m'],
		['strikethrough', '\u001B[9m', '\u001B[0;9m'],
		['overline', '\u001B[53m', '\u001B[0;53m'],
		['bold italic underline', '\u001B[1;3;4m', '\u001B[0;1;3;4m'],
		['fg red (16)', '\u001B[31m', '\u001B[0;31m'],
		['fg bright cyan (16)', '\u001B[96m', '\u001B[0;96m'],
		['bg blue (16)', '\u001B[44m', '\u001B[0;44m'],
		['bg bright white (16)', '\u001B[107m', '\u001B[0;107m'],
		['fg black (16)', '\u001B[30m', '\u001B[0;30m'],
		['fg 256', '\u001B[38;5;200m', '\u001B[0;38;5;200m'],
		['bg 256', '\u001B[48;5;17m', '\u001B[0;48;5;17m'],
		['fg 256 colour 0', '\u001B[38;5;0m', '\u001B[0;38;5;0m'],
		['fg truecolor', '\u001B[38;2;1;2;3m', '\u001B[0;38;2;1;2;3m'],
		['bg truecolor', '\u001B[48;2;255;128;0m', '\u001B[0;48;2;255;128;0m'],
		['truecolor black fg', '\u001B[38;2;0;0;0m', '\u001B[0;38;2;0;0;0m'],
		['default fg after colour', '\u001B[31m\u001B[39m', '\u001B[0m'],
		['default bg after colour', '\u001B[41m\u001B[49m', '\u001B[0m'],
		['everything', '\u001B[1;2;3;4;7;9;38;5;123;48;2;10;20;30m', '\u001B[0;1;2;3;4;7;9;38;5;123;48;2;10;20;30m'],
	];

	for (const [name, input, expected] of cases) {
		it(name, async () => {
			assert.equal(await styleOf(input), expected);
		});
	}

	it('round-trips: writing sgr() output gives a cell with identical packed style', async () => {
		const inputs = cases.map(([, input]) => input);
		const source = createTerminal(40, inputs.length + 1);
		const target = createTerminal(40, inputs.length + 1);
		for (const [row, input] of inputs.entries()) {
			await write(source, `\u001B[${row + 1};1H\u001B[0m${input}Q`);
		}

		for (const row of inputs.keys()) {
			const cell = cellAt(source, 0, row);
			await write(target, `\u001B[${row + 1};1H${sgr(cellFlags(cell), cellForeground(cell), cellBackground(cell))}Q`);
		}

		for (const row of inputs.keys()) {
			const a = cellAt(source, 0, row);
			const b = cellAt(target, 0, row);
			assert.equal(cellFlags(b), cellFlags(a), `row ${row} flags`);
			assert.equal(cellForeground(b), cellForeground(a), `row ${row} fg`);
			assert.equal(cellBackground(b), cellBackground(a), `row ${row} bg`);
		}

		source.dispose();
		target.dispose();
	});

	it('cellFlags differ for each attribute (distinct bits)', async () => {
		const terminal = createTerminal(20, 2);
		await write(terminal, '\u001B[1mA\u001B[0;2mB\u001B[0;3mC\u001B[0;4mD\u001B[0;5mE\u001B[0;7mF\u001B[0;8mG\u001B[0;9mH\u001B[0;53mI\u001B[0mJ');
		const flags = Array.from({length: 10}, (_, x) => cellFlags(cellAt(terminal, x, 0)));
		assert.equal(flags[9], 0);
		assert.equal(new Set(flags).size, 10, `flags not distinct: ${flags.join(',')}`);
		for (const value of flags.slice(0, 9)) {
			assert.equal(value & (value - 1), 0, `not a single bit: ${value}`);
		}

		terminal.dispose();
	});

	it('default, 16-colour, 256-colour and rgb colours pack to distinct integers', async () => {
		const terminal = createTerminal(20, 2);
		// Colour 1 in each of the three modes, and the default.
		await write(terminal, 'a\u001B[31mb\u001B[38;5;1mc\u001B[38;2;0;0;1md');
		const values = [0, 1, 2, 3].map(x => cellForeground(cellAt(terminal, x, 0)));
		assert.equal(values[0], 0);
		assert.equal(new Set(values).size, 4);
		terminal.dispose();
	});
});

describe('isDefaultColor', () => {
	it('is true only for the default colour mode', async () => {
		const terminal = createTerminal(20, 2);
		await write(terminal, 'a\u001B[41mb\u001B[48;5;0mc\u001B[48;2;0;0;0md');
		assert.equal(isDefaultColor(cellBackground(cellAt(terminal, 0, 0))), true);
		assert.equal(isDefaultColor(cellBackground(cellAt(terminal, 1, 0))), false);
		assert.equal(isDefaultColor(cellBackground(cellAt(terminal, 2, 0))), false);
		assert.equal(isDefaultColor(cellBackground(cellAt(terminal, 3, 0))), false);
		terminal.dispose();
	});
});
