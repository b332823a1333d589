import type {LayoutName} from '../config/settings-schema.js';
import {namedTree, treeRects} from './layout-tree.js';

export type Rect = {x: number; y: number; width: number; height: number};

/** Splits `total` cells into `parts` sizes that differ by at most one, larger ones first. */
export function splitEvenly(total: number, parts: number): number[] {
	const base = Math.floor(total / parts);
	const extra = total - base * parts;
	return Array.from({length: parts}, (_, index) => base + (index < extra ? 1 : 0));
}

/** The outer rectangles (frame included) of `count` panes laid out in `area`: the named layout's tree, measured. */
export function computeLayout(layout: LayoutName, count: number, area: Rect): Rect[] {
	if (count <= 0) {
		return [];
	}

	return treeRects(namedTree(layout, count), area);
}

/** The cells inside a pane's frame, where its program draws. Never smaller than 1x1. */
export function contentRect(frame: Rect): Rect {
	return {
		x: frame.x + 1,
		y: frame.y + 1,
		width: Math.max(1, frame.width - 2),
		height: Math.max(1, frame.height - 2),
	};
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The pane to move to from `from` in a direction: the nearest one whose edge
 * touches and whose span overlaps, preferring the one most in line.
 */
export function neighbour(rects: Rect[], from: number, direction: Direction): number | undefined {
	const origin = rects[from];
	if (!origin) {
		return undefined;
	}

	let best: number | undefined;
	let bestScore = Number.POSITIVE_INFINITY;
	for (const [index, rect] of rects.entries()) {
		if (index === from) {
			continue;
		}

		const horizontal = direction === 'left' || direction === 'right';
		const gap = {
			left: origin.x - (rect.x + rect.width),
			right: rect.x - (origin.x + origin.width),
			up: origin.y - (rect.y + rect.height),
			down: rect.y - (origin.y + origin.height),
		}[direction];
		if (gap < 0) {
			continue;
		}

		const overlap = horizontal
			? Math.min(origin.y + origin.height, rect.y + rect.height) - Math.max(origin.y, rect.y)
			: Math.min(origin.x + origin.width, rect.x + rect.width) - Math.max(origin.x, rect.x);
		if (overlap <= 0) {
			continue;
		}

		const misalignment = horizontal ? Math.abs(rect.y - origin.y) : Math.abs(rect.x - origin.x);
		const score = gap * 10_000 + misalignment;
		if (score < bestScore) {
			bestScore = score;
			best = index;
		}
	}

	return best;
}
