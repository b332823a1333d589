import path from 'node:path';
import type {Settings} from '../config/settings-schema.js';
import type {PaneSpec} from '../config/workspace.js';
import {branchNameForPane} from '../worktrees/branch-name.js';
import {createWorktree} from '../worktrees/create.js';
import type {GitGate} from '../worktrees/gate.js';
import {planWorktree, type WorktreePlan} from '../worktrees/plan.js';
import type {WorktreeRegistry} from '../worktrees/registry.js';

/** The branch a pane's worktree gets: the one it names, else one named after the pane. */
export function paneBranch(spec: PaneSpec): string | undefined {
	return spec.worktree ? (spec.worktree.branch ?? branchNameForPane(spec.name)) : undefined;
}

/**
 * Plans the worktree of every pane that asks for one, touching nothing: a bad branch name, a
 * clash with an existing branch or worktree, or two panes asking for one branch are errors
 * (`label: message`), found before anything starts.
 */
export async function planPaneWorktrees(specs: readonly PaneSpec[], settings: Settings, label: (index: number) => string): Promise<{plans: Map<number, WorktreePlan>; errors: string[]}> {
	const plans = new Map<number, WorktreePlan>();
	const errors: string[] = [];
	const claimed = new Map<string, number>();
	for (const [index, spec] of specs.entries()) {
		const branch = paneBranch(spec);
		if (!spec.worktree || branch === undefined) continue;
		// eslint-disable-next-line no-await-in-loop
		const result = await planWorktree({from: spec.cwd, branch, base: spec.worktree.base, reuse: spec.worktree.reuse, root: settings.worktrees.root});
		if (!result.ok) {
			errors.push(`${label(index)}: ${result.message}`);
			continue;
		}

		const key = `${result.plan.repoRoot}\0${result.plan.branch}`;
		const other = claimed.get(key);
		if (other !== undefined) {
			errors.push(`${label(index)}: branch "${branch}" is asked for by pane ${other + 1} too: each worktree needs a branch of its own`);
			continue;
		}

		claimed.set(key, index);
		plans.set(index, result.plan);
	}

	return {plans, errors};
}

export type OpenOptions = {
	settings: Settings;
	registry: WorktreeRegistry;
	/** The policy gate for one pane's git commands. */
	gate: (pane: string) => GitGate;
	session: string;
	label?: (index: number) => string;
};

/**
 * Makes the worktrees the panes ask for and points each pane at its own: planned first for every
 * pane (so a clash stops them all before any is made), then made one by one through the policy
 * gate. A pane with a worktree starts in it and carries `worktreePath`, which the close dialog uses.
 */
export async function openPaneWorktrees(specs: readonly PaneSpec[], options: OpenOptions): Promise<{panes: PaneSpec[]; errors: string[]}> {
	const label = options.label ?? ((index: number) => `pane ${specs[index]?.name ?? index + 1}: worktree`);
	const {plans, errors} = await planPaneWorktrees(specs, options.settings, label);
	if (errors.length > 0) {
		return {panes: [...specs], errors};
	}

	const panes: PaneSpec[] = [];
	for (const [index, spec] of specs.entries()) {
		const plan = plans.get(index);
		if (!plan) {
			panes.push(spec);
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		const made = await createWorktree(plan, {
			gate: options.gate(spec.name),
			registry: options.registry,
			include: [...options.settings.worktrees.include, ...(spec.worktree?.include ?? [])],
			session: options.session,
			pane: spec.name,
		});
		if (!made.ok) {
			return {panes: [...specs], errors: [`${label(index)}: ${made.message}`]};
		}

		const {worktree: _asked, ...rest} = spec;
		// A pane started in a sub-folder of the repository starts in the same sub-folder of its tree.
		const relative = path.relative(plan.repoRoot, spec.cwd);
		const cwd = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? made.path : path.join(made.path, relative);
		panes.push({...rest, cwd, ...(made.record ? {worktreePath: made.path} : {})});
	}

	return {panes, errors: []};
}

/** A restored pane in a worktree agentmux made for it gets its `worktreePath` back (the saved session keeps only its folder). */
export function adoptRestoredWorktree(spec: PaneSpec, registry: WorktreeRegistry, session: string): PaneSpec {
	const record = registry.find(spec.cwd);
	return record && record.session === session && record.pane === spec.name ? {...spec, worktreePath: record.path} : spec;
}
