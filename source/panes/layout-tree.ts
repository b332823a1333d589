import type {LayoutName} from '../config/names.js';
import type {Direction, Rect} from './layout.js';

/**
 * How a split divides its area: `vertical` puts its children side by side (the dividers between
 * them are vertical lines, as in main-vertical), `horizontal` stacks them top to bottom.
 */
export type SplitDirection = 'vertical' | 'horizontal';

/**
 * A layout's shape. Leaves are pane slots that the session's panes fill in order (depth first),
 * so the pane list and the tree never disagree about which pane is where. A split's sizes are
 * relative weights: a workspace gives percentages, a resize stores cells.
 */
export type LayoutTree = {kind: 'pane'} | {kind: 'split'; split: SplitDirection; sizes: number[]; children: LayoutTree[]};

type SplitNode = Extract<LayoutTree, {kind: 'split'}>;

/** The smallest frame a pane is resized or dragged to: two columns and one row inside its border. */
export const minFrameWidth = 4;
export const minFrameHeight = 3;

const leaf = (): LayoutTree => ({kind: 'pane'});

function row(count: number, split: SplitDirection): LayoutTree {
	return count === 1 ? leaf() : {kind: 'split', split, sizes: Array.from({length: count}, () => 1), children: Array.from({length: count}, leaf)};
}

/** The tree a named layout gives `count` panes (the same rectangles the named layouts always had). */
export function namedTree(name: LayoutName, count: number): LayoutTree {
	if (count <= 1) {
		return leaf();
	}

	switch (name) {
		case 'columns': {
			return row(count, 'vertical');
		}

		case 'rows': {
			return row(count, 'horizontal');
		}

		case 'main-vertical': {
			return {kind: 'split', split: 'vertical', sizes: [60, 40], children: [leaf(), row(count - 1, 'horizontal')]};
		}

		case 'tiled': {
			const columns = Math.ceil(Math.sqrt(count));
			const rowCount = Math.ceil(count / columns);
			const rows: LayoutTree[] = [];
			let remaining = count;
			for (let index = 0; index < rowCount; index++) {
				// The last row may hold fewer panes; they share its whole width.
				const inRow = Math.min(columns, remaining);
				rows.push(row(inRow, 'vertical'));
				remaining -= inRow;
			}

			return rows.length === 1 ? rows[0]! : {kind: 'split', split: 'horizontal', sizes: rows.map(() => 1), children: rows};
		}
	}
}

/** How many panes the tree holds. */
export function leafCount(tree: LayoutTree): number {
	return tree.kind === 'pane' ? 1 : tree.children.reduce((sum, child) => sum + leafCount(child), 0);
}

/** The smallest width (`x`) or height (`y`) a subtree can be given. */
export function minimumSize(tree: LayoutTree, axis: 'x' | 'y'): number {
	if (tree.kind === 'pane') {
		return axis === 'x' ? minFrameWidth : minFrameHeight;
	}

	const sizes = tree.children.map(child => minimumSize(child, axis));
	const along = (tree.split === 'vertical') === (axis === 'x');
	return along ? sizes.reduce((sum, size) => sum + size, 0) : Math.max(...sizes);
}

/**
 * Splits `total` cells by weight: whole cells, the leftover ones to the largest fractions (ties to
 * the earlier child, so equal weights give the larger parts first), then every child raised to its
 * minimum where the total allows, taken from the ones with the most to spare.
 */
export function distribute(total: number, weights: number[], minimums: number[] = []): number[] {
	const sum = weights.reduce((a, b) => a + b, 0) || 1;
	const ideal = weights.map(weight => (total * weight) / sum);
	const sizes = ideal.map(value => Math.floor(value + 1e-9));
	let leftover = total - sizes.reduce((a, b) => a + b, 0);
	const order = ideal.map((value, index) => ({index, fraction: value - Math.floor(value + 1e-9)})).sort((a, b) => b.fraction - a.fraction || a.index - b.index);
	for (const {index} of order) {
		if (leftover <= 0) break;
		sizes[index]!++;
		leftover--;
	}

	if (minimums.reduce((a, b) => a + b, 0) > total) {
		return sizes;
	}

	for (const [index, minimum] of minimums.entries()) {
		while (sizes[index]! < minimum) {
			let donor = -1;
			for (const [other, size] of sizes.entries()) {
				if (other !== index && size - (minimums[other] ?? 0) > (donor === -1 ? 0 : sizes[donor]! - (minimums[donor] ?? 0))) {
					donor = other;
				}
			}

			if (donor === -1) break;
			sizes[donor]!--;
			sizes[index]!++;
		}
	}

	return sizes;
}

/** The areas of a split's children. */
function childAreas(node: SplitNode, area: Rect): Rect[] {
	const vertical = node.split === 'vertical';
	const sizes = distribute(
		vertical ? area.width : area.height,
		node.sizes,
		node.children.map(child => minimumSize(child, vertical ? 'x' : 'y')),
	);
	const areas: Rect[] = [];
	let offset = 0;
	for (const size of sizes) {
		areas.push(vertical ? {x: area.x + offset, y: area.y, width: size, height: area.height} : {x: area.x, y: area.y + offset, width: area.width, height: size});
		offset += size;
	}

	return areas;
}

/** The outer rectangle (frame included) of every pane, in pane order. */
export function treeRects(tree: LayoutTree, area: Rect): Rect[] {
	if (tree.kind === 'pane') {
		return [area];
	}

	const areas = childAreas(tree, area);
	return tree.children.flatMap((child, index) => treeRects(child, areas[index]!));
}

/** A border between two neighbouring children of a split: dragging it or resizing moves it. */
export type Divider = {
	/** Child indexes from the root down to the split. */
	path: number[];
	/** The border between child `index` and child `index + 1`. */
	index: number;
	split: SplitDirection;
	/** The column (vertical split) or row where child `index + 1` starts. */
	at: number;
	/** The split's whole area. */
	area: Rect;
};

/** Every divider in the tree, outermost first. */
export function dividers(tree: LayoutTree, area: Rect, path: number[] = []): Divider[] {
	if (tree.kind === 'pane') {
		return [];
	}

	const areas = childAreas(tree, area);
	const own: Divider[] = areas.slice(1).map((childArea, index) => ({path, index, split: tree.split, at: tree.split === 'vertical' ? childArea.x : childArea.y, area}));
	return [...own, ...tree.children.flatMap((child, index) => dividers(child, areas[index]!, [...path, index]))];
}

function nodeAt(tree: LayoutTree, path: number[]): LayoutTree | undefined {
	let node: LayoutTree | undefined = tree;
	for (const index of path) {
		node = node?.kind === 'split' ? node.children[index] : undefined;
	}

	return node;
}

/**
 * Moves a divider by `delta` cells (right or down when positive), as far as both neighbours keep
 * their minimum size. Returns the new tree, or undefined when nothing moved.
 */
export function moveDivider(tree: LayoutTree, divider: Pick<Divider, 'path' | 'index' | 'area'>, delta: number): LayoutTree | undefined {
	const copy = structuredClone(tree);
	const node = nodeAt(copy, divider.path);
	if (node?.kind !== 'split' || divider.index < 0 || divider.index >= node.children.length - 1) {
		return undefined;
	}

	const vertical = node.split === 'vertical';
	const axis = vertical ? 'x' : 'y';
	const minimums = node.children.map(child => minimumSize(child, axis));
	const sizes = distribute(vertical ? divider.area.width : divider.area.height, node.sizes, minimums);
	const left = divider.index;
	const right = left + 1;
	const clamped = Math.max(minimums[left]! - sizes[left]!, Math.min(delta, sizes[right]! - minimums[right]!));
	if (clamped === 0 || Math.sign(clamped) !== Math.sign(delta)) {
		return undefined;
	}

	sizes[left]! += clamped;
	sizes[right]! -= clamped;
	node.sizes = sizes;
	return copy;
}

/** The splits above a pane, innermost last: each with its area and which child leads to the pane. */
function ancestors(tree: LayoutTree, area: Rect, index: number): Array<{path: number[]; node: SplitNode; area: Rect; child: number}> {
	const chain: Array<{path: number[]; node: SplitNode; area: Rect; child: number}> = [];
	let node = tree;
	let nodeArea = area;
	let remaining = index;
	const path: number[] = [];
	while (node.kind === 'split') {
		const areas = childAreas(node, nodeArea);
		let child = 0;
		while (child < node.children.length - 1 && remaining >= leafCount(node.children[child]!)) {
			remaining -= leafCount(node.children[child]!);
			child++;
		}

		chain.push({path: [...path], node, area: nodeArea, child});
		path.push(child);
		node = node.children[child]!;
		nodeArea = areas[child]!;
	}

	return chain;
}

/**
 * Resizes pane `index` towards `direction` by `cells`: the border on that side moves outwards (the
 * pane grows), or, for a pane at that edge, the opposite border moves the same way (it shrinks), as
 * tmux's resize-pane does. Returns the new tree, or undefined when nothing can move.
 */
export function resizePane(tree: LayoutTree, area: Rect, index: number, direction: Direction, cells: number): LayoutTree | undefined {
	const split: SplitDirection = direction === 'left' || direction === 'right' ? 'vertical' : 'horizontal';
	const forward = direction === 'right' || direction === 'down';
	const chain = ancestors(tree, area, index)
		.filter(entry => entry.node.split === split)
		.reverse();
	const delta = forward ? cells : -cells;
	// The border on the side named first (the pane grows), then the far one (it shrinks).
	for (const entry of chain) {
		const border = forward ? entry.child : entry.child - 1;
		if (border >= 0 && border < entry.node.children.length - 1) {
			return moveDivider(tree, {path: entry.path, index: border, area: entry.area}, delta);
		}
	}

	for (const entry of chain) {
		const border = forward ? entry.child - 1 : entry.child;
		if (border >= 0 && border < entry.node.children.length - 1) {
			return moveDivider(tree, {path: entry.path, index: border, area: entry.area}, delta);
		}
	}

	return undefined;
}

/**
 * Splits pane `index` in two: the new pane comes right after it (to its right, or below). In a
 * split of the same direction the new pane becomes a sibling and the two share the pane's size.
 */
export function splitPane(tree: LayoutTree, index: number, split: SplitDirection): LayoutTree {
	const copy = structuredClone(tree);
	const pair = (): LayoutTree => ({kind: 'split', split, sizes: [1, 1], children: [leaf(), leaf()]});
	if (copy.kind === 'pane') {
		return pair();
	}

	const chain = ancestors(copy, {x: 0, y: 0, width: 1000, height: 1000}, index);
	const parent = chain.at(-1)!;
	const {node, child} = parent;
	if (node.split === split) {
		const size = node.sizes[child]!;
		node.sizes.splice(child, 1, size / 2, size / 2);
		node.children.splice(child + 1, 0, leaf());
	} else {
		node.children[child] = pair();
	}

	return copy;
}

/** Takes pane `index` out; a split left with one child gives way to it. */
export function removePane(tree: LayoutTree, index: number): LayoutTree {
	if (tree.kind === 'pane') {
		return tree;
	}

	const copy = structuredClone(tree) as SplitNode;
	const chain = ancestors(copy, {x: 0, y: 0, width: 1000, height: 1000}, index);
	const parent = chain.at(-1)!;
	parent.node.children.splice(parent.child, 1);
	parent.node.sizes.splice(parent.child, 1);
	if (parent.node.children.length === 1) {
		const only = parent.node.children[0]!;
		if (chain.length === 1) {
			return only;
		}

		const grand = chain.at(-2)!;
		grand.node.children[grand.child] = only;
	}

	return copy;
}

/**
 * The divider under screen cell (x, y), if any: either of the two border lines that meet there (the
 * left pane's right edge and the right pane's left edge). Checked before any other mouse target,
 * so a press on a shared border starts a drag.
 */
export function dividerAt(list: Divider[], x: number, y: number): Divider | undefined {
	return list.find(divider => {
		const {area, at} = divider;
		return divider.split === 'vertical' ? (x === at - 1 || x === at) && y >= area.y && y < area.y + area.height : (y === at - 1 || y === at) && x >= area.x && x < area.x + area.width;
	});
}
