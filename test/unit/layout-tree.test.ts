import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {layoutNames} from '../../source/config/settings-schema.js';
import {distribute, dividerAt, dividers, type LayoutTree, leafCount, minFrameWidth, moveDivider, namedTree, removePane, resizePane, splitPane, treeRects} from '../../source/panes/layout-tree.js';

const area = {x: 0, y: 0, width: 160, height: 44};
const leaf: LayoutTree = {kind: 'pane'};

describe('named layouts as trees', () => {
	it('hold one slot per pane', () => {
		for (const name of layoutNames) {
			for (let count = 1; count <= 10; count++) {
				assert.equal(leafCount(namedTree(name, count)), count, `${name} ${count}`);
			}
		}
	});

	it('main-vertical is a 60/40 vertical split with the others stacked on the right', () => {
		assert.deepEqual(namedTree('main-vertical', 3), {
			kind: 'split',
			split: 'vertical',
			sizes: [60, 40],
			children: [leaf, {kind: 'split', split: 'horizontal', sizes: [1, 1], children: [leaf, leaf]}],
		});
		const [main, top, bottom] = treeRects(namedTree('main-vertical', 3), area);
		assert.deepEqual(main, {x: 0, y: 0, width: 96, height: 44});
		assert.deepEqual(top, {x: 96, y: 0, width: 64, height: 22});
		assert.deepEqual(bottom, {x: 96, y: 22, width: 64, height: 22});
	});

	it('tiled 5 is two rows: three panes over two', () => {
		const rects = treeRects(namedTree('tiled', 5), area);
		assert.deepEqual(
			rects.map(rect => [rect.x, rect.y, rect.width]),
			[
				[0, 0, 54],
				[54, 0, 53],
				[107, 0, 53],
				[0, 22, 80],
				[80, 22, 80],
			],
		);
	});
});

describe('distribute', () => {
	it('gives every cell away, by weight, larger parts first on a tie', () => {
		assert.deepEqual(distribute(10, [1, 1, 1]), [4, 3, 3]);
		assert.deepEqual(distribute(100, [60, 40]), [60, 40]);
		assert.deepEqual(distribute(45, [60, 40]), [27, 18]);
	});

	it('raises a child to its minimum from the one with most to spare', () => {
		assert.deepEqual(distribute(20, [1, 99], [4, 4]), [4, 16]);
	});
});

describe('split', () => {
	it('replaces a pane by two side by side, the new one second', () => {
		const tree = splitPane(leaf, 0, 'vertical');
		assert.deepEqual(treeRects(tree, area), [
			{x: 0, y: 0, width: 80, height: 44},
			{x: 80, y: 0, width: 80, height: 44},
		]);
	});

	it("in a split of the same direction, the new pane shares the old one's share", () => {
		const columns = namedTree('columns', 2);
		const tree = splitPane(columns, 1, 'vertical');
		assert.equal(tree.kind === 'split' && tree.children.length, 3);
		assert.deepEqual(
			treeRects(tree, area).map(rect => rect.width),
			[80, 40, 40],
		);
	});

	it('across, nests a split and keeps the others where they were', () => {
		const tree = splitPane(namedTree('columns', 2), 0, 'horizontal');
		const rects = treeRects(tree, area);
		assert.deepEqual(rects[0], {x: 0, y: 0, width: 80, height: 22});
		assert.deepEqual(rects[1], {x: 0, y: 22, width: 80, height: 22});
		assert.deepEqual(rects[2], {x: 80, y: 0, width: 80, height: 44});
	});

	it('removing a pane gives its room back and folds a split of one', () => {
		const tree = removePane(splitPane(namedTree('columns', 2), 0, 'horizontal'), 1);
		assert.deepEqual(tree, namedTree('columns', 2));
		assert.deepEqual(removePane(namedTree('columns', 2), 0), leaf);
	});
});

describe('resize', () => {
	it('moves the border on the named side: the pane grows, its neighbour shrinks', () => {
		const tree = resizePane(namedTree('columns', 2), area, 0, 'right', 2)!;
		assert.deepEqual(
			treeRects(tree, area).map(rect => rect.width),
			[82, 78],
		);
		const back = resizePane(tree, area, 1, 'right', 2)!;
		// The right pane has no border on its right: its left one moves right and it shrinks.
		assert.deepEqual(
			treeRects(back, area).map(rect => rect.width),
			[84, 76],
		);
	});

	it('reaches past a split of the other direction to the one that can move', () => {
		const tree = namedTree('main-vertical', 3);
		const resized = resizePane(tree, area, 2, 'left', 4)!;
		assert.deepEqual(
			treeRects(resized, area).map(rect => rect.width),
			[92, 68, 68],
		);
		const taller = resizePane(tree, area, 1, 'down', 3)!;
		assert.deepEqual(
			treeRects(taller, area).map(rect => rect.height),
			[44, 25, 19],
		);
	});

	it('stops at the minimum size and says when nothing can move', () => {
		let tree: LayoutTree = namedTree('columns', 2);
		for (let step = 0; step < 100; step++) {
			tree = resizePane(tree, area, 0, 'right', 5) ?? tree;
		}

		assert.deepEqual(
			treeRects(tree, area).map(rect => rect.width),
			[160 - minFrameWidth, minFrameWidth],
		);
		assert.equal(resizePane(tree, area, 0, 'right', 1), undefined);
		assert.equal(resizePane(leaf, area, 0, 'left', 1), undefined);
		assert.equal(resizePane(namedTree('columns', 2), area, 0, 'up', 1), undefined);
	});

	it('keeps its cells as sizes, so the same screen shows exactly them again', () => {
		const tree = resizePane(namedTree('rows', 3), area, 0, 'down', 5)!;
		assert.deepEqual(tree.kind === 'split' && tree.sizes, [20, 10, 14]);
	});
});

describe('dividers', () => {
	it('are found on either of the two border columns, and dragging one moves it', () => {
		const list = dividers(namedTree('main-vertical', 3), area);
		assert.deepEqual(
			list.map(divider => [divider.split, divider.at]),
			[
				['vertical', 96],
				['horizontal', 22],
			],
		);
		assert.equal(dividerAt(list, 95, 10), list[0]);
		assert.equal(dividerAt(list, 96, 30), list[0]);
		assert.equal(dividerAt(list, 120, 21), list[1]);
		assert.equal(dividerAt(list, 50, 21), undefined);
		const moved = moveDivider(namedTree('main-vertical', 3), list[0]!, -10)!;
		assert.equal(treeRects(moved, area)[0]!.width, 86);
	});
});
