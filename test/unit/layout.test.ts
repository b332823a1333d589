import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {layoutNames} from '../../source/config/settings-schema.js';
import {computeLayout, contentRect, neighbour, type Rect, splitEvenly} from '../../source/panes/layout.js';

const areas: Rect[] = [
	{x: 0, y: 0, width: 80, height: 23},
	{x: 0, y: 0, width: 200, height: 59},
	{x: 3, y: 2, width: 101, height: 37},
	{x: 0, y: 0, width: 17, height: 9},
];

/** Every cell of the area is covered by exactly one rect, and no rect leaves the area. */
function assertExactCover(rects: Rect[], area: Rect, label: string): void {
	const grid = new Uint8Array(area.width * area.height);
	for (const rect of rects) {
		assert.ok(rect.width > 0 && rect.height > 0, `${label}: empty rect ${JSON.stringify(rect)}`);
		assert.ok(rect.x >= area.x && rect.y >= area.y, `${label}: rect starts outside ${JSON.stringify(rect)}`);
		assert.ok(rect.x + rect.width <= area.x + area.width, `${label}: rect too wide ${JSON.stringify(rect)}`);
		assert.ok(rect.y + rect.height <= area.y + area.height, `${label}: rect too tall ${JSON.stringify(rect)}`);
		for (let y = rect.y; y < rect.y + rect.height; y++) {
			for (let x = rect.x; x < rect.x + rect.width; x++) {
				grid[(y - area.y) * area.width + (x - area.x)]!++;
			}
		}
	}

	const overlaps = grid.filter(count => count > 1).length;
	const gaps = grid.filter(count => count === 0).length;
	assert.equal(overlaps, 0, `${label}: ${overlaps} overlapping cells`);
	assert.equal(gaps, 0, `${label}: ${gaps} uncovered cells`);
}

function spread(values: number[]): number {
	return Math.max(...values) - Math.min(...values);
}

describe('splitEvenly', () => {
	it('sums to the total and differs by at most one, larger parts first', () => {
		for (const total of [0, 1, 7, 23, 80, 101]) {
			for (let parts = 1; parts <= 9; parts++) {
				const sizes = splitEvenly(total, parts);
				assert.equal(sizes.length, parts);
				assert.equal(
					sizes.reduce((a, b) => a + b, 0),
					total,
					`${total}/${parts}`,
				);
				assert.ok(spread(sizes) <= 1, `${total}/${parts}: ${sizes.join(',')}`);
				for (let index = 1; index < sizes.length; index++) {
					assert.ok(sizes[index - 1]! >= sizes[index]!, `not descending: ${sizes.join(',')}`);
				}
			}
		}
	});

	it('gives the exact split for known inputs', () => {
		assert.deepEqual(splitEvenly(10, 3), [4, 3, 3]);
		assert.deepEqual(splitEvenly(11, 3), [4, 4, 3]);
		assert.deepEqual(splitEvenly(9, 3), [3, 3, 3]);
		assert.deepEqual(splitEvenly(80, 1), [80]);
	});
});

describe('computeLayout', () => {
	it('returns no rects for zero panes', () => {
		for (const name of layoutNames) {
			assert.deepEqual(computeLayout(name, 0, areas[0]!), []);
		}
	});

	for (const name of layoutNames) {
		it(`${name}: 1..7 panes cover the area exactly, no overlap, no gaps`, () => {
			for (const area of areas) {
				for (let count = 1; count <= 7; count++) {
					const rects = computeLayout(name, count, area);
					assert.equal(rects.length, count, `${name} ${count}`);
					assertExactCover(rects, area, `${name} ${count} in ${JSON.stringify(area)}`);
				}
			}
		});
	}

	it('one pane takes the whole area in every layout', () => {
		for (const name of layoutNames) {
			for (const area of areas) {
				assert.deepEqual(computeLayout(name, 1, area), [area]);
			}
		}
	});

	it('columns: full height, widths differ by at most one', () => {
		for (const area of areas) {
			for (let count = 1; count <= 7; count++) {
				const rects = computeLayout('columns', count, area);
				assert.ok(rects.every(rect => rect.height === area.height && rect.y === area.y));
				assert.ok(spread(rects.map(rect => rect.width)) <= 1);
				// Left to right.
				for (let index = 1; index < rects.length; index++) {
					assert.equal(rects[index]!.x, rects[index - 1]!.x + rects[index - 1]!.width);
				}
			}
		}
	});

	it('rows: full width, heights differ by at most one', () => {
		for (const area of areas) {
			for (let count = 1; count <= 7; count++) {
				const rects = computeLayout('rows', count, area);
				assert.ok(rects.every(rect => rect.width === area.width && rect.x === area.x));
				assert.ok(spread(rects.map(rect => rect.height)) <= 1);
				for (let index = 1; index < rects.length; index++) {
					assert.equal(rects[index]!.y, rects[index - 1]!.y + rects[index - 1]!.height);
				}
			}
		}
	});

	it('tiled: 4 panes make a 2x2 grid of near-equal rects', () => {
		const rects = computeLayout('tiled', 4, {x: 0, y: 0, width: 80, height: 23});
		assert.deepEqual(rects, [
			{x: 0, y: 0, width: 40, height: 12},
			{x: 40, y: 0, width: 40, height: 12},
			{x: 0, y: 12, width: 40, height: 11},
			{x: 40, y: 12, width: 40, height: 11},
		]);
	});

	it('tiled: rows have equal heights (±1) and panes in a row equal widths (±1)', () => {
		for (const area of areas) {
			for (let count = 1; count <= 7; count++) {
				const rects = computeLayout('tiled', count, area);
				const rowsByY = new Map<number, Rect[]>();
				for (const rect of rects) {
					rowsByY.set(rect.y, [...(rowsByY.get(rect.y) ?? []), rect]);
				}

				const rowHeights = [...rowsByY.values()].map(row => row[0]!.height);
				assert.ok(spread(rowHeights) <= 1, `tiled ${count}: row heights ${rowHeights.join(',')}`);
				for (const row of rowsByY.values()) {
					assert.ok(row.every(rect => rect.height === row[0]!.height));
					assert.ok(spread(row.map(rect => rect.width)) <= 1, `tiled ${count}: widths ${row.map(rect => rect.width).join(',')}`);
				}

				const columns = Math.ceil(Math.sqrt(count));
				assert.equal(rowsByY.size, Math.ceil(count / columns), `tiled ${count}: row count`);
			}
		}
	});

	it('tiled: 3 panes put two on top and one full-width below', () => {
		const rects = computeLayout('tiled', 3, {x: 0, y: 0, width: 80, height: 24});
		assert.equal(rects[2]!.width, 80);
		assert.equal(rects[2]!.x, 0);
		assert.equal(rects[0]!.width + rects[1]!.width, 80);
	});

	it('main-vertical: the main pane is ~60% wide and full height, the rest stack evenly on the right', () => {
		for (const area of areas) {
			for (let count = 2; count <= 7; count++) {
				const [main, ...side] = computeLayout('main-vertical', count, area);
				assert.equal(main!.height, area.height);
				assert.equal(main!.x, area.x);
				assert.equal(main!.width, Math.round(area.width * 0.6));
				assert.ok(side.every(rect => rect.x === area.x + main!.width && rect.width === area.width - main!.width));
				assert.ok(spread(side.map(rect => rect.height)) <= 1);
			}
		}
	});
});

describe('contentRect', () => {
	it('is the frame minus its one-cell border', () => {
		assert.deepEqual(contentRect({x: 10, y: 5, width: 40, height: 12}), {x: 11, y: 6, width: 38, height: 10});
	});

	it('is never smaller than 1x1', () => {
		assert.deepEqual(contentRect({x: 0, y: 0, width: 2, height: 1}), {x: 1, y: 1, width: 1, height: 1});
		assert.deepEqual(contentRect({x: 0, y: 0, width: 0, height: 0}), {x: 1, y: 1, width: 1, height: 1});
	});
});

describe('neighbour', () => {
	// 2x2 grid.
	const grid = computeLayout('tiled', 4, {x: 0, y: 0, width: 80, height: 24});

	it('moves in a 2x2 grid', () => {
		assert.equal(neighbour(grid, 0, 'right'), 1);
		assert.equal(neighbour(grid, 0, 'down'), 2);
		assert.equal(neighbour(grid, 0, 'left'), undefined);
		assert.equal(neighbour(grid, 0, 'up'), undefined);
		assert.equal(neighbour(grid, 1, 'left'), 0);
		assert.equal(neighbour(grid, 1, 'down'), 3);
		assert.equal(neighbour(grid, 3, 'up'), 1);
		assert.equal(neighbour(grid, 3, 'left'), 2);
		assert.equal(neighbour(grid, 2, 'right'), 3);
		assert.equal(neighbour(grid, 2, 'up'), 0);
	});

	it('does not move diagonally', () => {
		// Pane 3 is below-right of pane 0: no overlap horizontally or vertically.
		const rects: Rect[] = [
			{x: 0, y: 0, width: 10, height: 10},
			{x: 10, y: 10, width: 10, height: 10},
		];
		assert.equal(neighbour(rects, 0, 'right'), undefined);
		assert.equal(neighbour(rects, 0, 'down'), undefined);
	});

	it('main-vertical: from main to the right picks the side pane most in line (the top one)', () => {
		const rects = computeLayout('main-vertical', 4, {x: 0, y: 0, width: 100, height: 30});
		assert.equal(neighbour(rects, 0, 'right'), 1);
		assert.equal(neighbour(rects, 2, 'left'), 0);
		assert.equal(neighbour(rects, 3, 'left'), 0);
		assert.equal(neighbour(rects, 1, 'down'), 2);
		assert.equal(neighbour(rects, 2, 'down'), 3);
		assert.equal(neighbour(rects, 3, 'down'), undefined);
		assert.equal(neighbour(rects, 2, 'up'), 1);
	});

	it('prefers the nearest pane over a farther one in line', () => {
		const rects = computeLayout('columns', 4, {x: 0, y: 0, width: 80, height: 24});
		assert.equal(neighbour(rects, 0, 'right'), 1);
		assert.equal(neighbour(rects, 3, 'left'), 2);
		assert.equal(neighbour(rects, 1, 'right'), 2);
	});

	it('prefers the best aligned of several touching panes', () => {
		const rects: Rect[] = [
			{x: 0, y: 10, width: 10, height: 10},
			{x: 10, y: 0, width: 10, height: 12},
			{x: 10, y: 12, width: 10, height: 12},
		];
		// Pane 1 starts 10 rows off, pane 2 two rows off.
		assert.equal(neighbour(rects, 0, 'right'), 2);
	});

	it('returns undefined for a bad index', () => {
		assert.equal(neighbour(grid, 9, 'left'), undefined);
	});
});
