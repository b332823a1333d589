import {z} from 'zod';
import type {LayoutTree} from '../panes/layout-tree.js';

/** Most panes a session holds; a tree with more leaves is refused. */
export const maxPanes = 64;

const splitDirectionSchema = z.enum(['vertical', 'horizontal']);

/** A layout tree as it crosses the session socket and the saved-session file (no pane specs, only slots). */
export const layoutTreeSchema: z.ZodType<LayoutTree> = z.lazy(() =>
	z.union([
		z.strictObject({kind: z.literal('pane')}),
		z
			.strictObject({
				kind: z.literal('split'),
				split: splitDirectionSchema,
				sizes: z.array(z.number().positive().max(1_000_000)).min(1).max(maxPanes),
				children: z.array(layoutTreeSchema).min(1).max(maxPanes),
			})
			.refine(node => node.sizes.length === node.children.length, {message: 'one size per child'}),
	]),
);
