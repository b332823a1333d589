import fs from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import {type CredentialMode, credentialModes} from '../credentials/providers.js';
import type {LayoutTree} from '../panes/layout-tree.js';
import {type SandboxSpec, sandboxSpecSchema} from '../sandbox/sandbox-schema.js';
import {formatIssues} from './format-issues.js';
import {maxPanes} from './layout-tree-schema.js';
import {type ExitPolicy, exitPolicies} from './names.js';
import {layoutNameSchema} from './settings-schema.js';

export {type ExitPolicy, exitPolicies} from './names.js';

const paneSchema = z
	.strictObject({
		name: z.string().min(1).max(64).optional(),
		// One executable: arguments belong in args, so nothing is ever split by a shell.
		command: z
			.string()
			.min(1)
			.refine(value => !/\s/.test(value) || fs.existsSync(value), {
				message: 'command is one executable; put its arguments in "args"',
			})
			.optional(),
		/** An agent profile (claude, codex, gemini, aider, opencode, shell, or the user's own) instead of a command. */
		agent: z
			.string()
			.regex(/^[a-z][a-z0-9_-]*$/, 'an agent profile name')
			.optional(),
		args: z.array(z.string()).default([]),
		cwd: z.string().min(1).optional(),
		env: z.record(z.string(), z.string()).default({}),
		onExit: z.enum(exitPolicies).default('close'),
		/** Agent panes: approve the agent's own prompt when the policy allows the command. Off unless asked for. */
		autoApprove: z.boolean().default(false),
		/** Agent panes: resume the agent's last conversation. */
		resume: z.boolean().default(false),
		/** "proxy": stand-in API keys and agentmux's credential proxy instead of the real keys (over the profile's own choice). */
		credentials: z.enum(credentialModes).optional(),
		/** The pane's sandbox: "strict", "workspace", "off", "prefer", or an object with paths and network. */
		sandbox: sandboxSpecSchema.optional(),
		/** A git worktree of its own: true names the branch after the pane, a string names it. */
		worktree: z.union([z.boolean(), z.string().min(1).max(200)]).optional(),
		/** The worktree's new branch starts here (a branch, tag or commit) instead of the current HEAD. */
		base: z.string().min(1).max(200).optional(),
		/** Open the branch (or its worktree) when it exists already, instead of refusing the clash. */
		reuse: z.boolean().default(false),
	})
	.superRefine((pane, context) => {
		if ((pane.command === undefined) === (pane.agent === undefined)) {
			// Not to be read past: an entry that is neither a pane nor a split is reported as the one it is closer to.
			context.addIssue({code: 'custom', path: ['command'], message: 'give either "command" or "agent"', continue: false});
		}

		if ((pane.base !== undefined || pane.reuse) && (pane.worktree === undefined || pane.worktree === false)) {
			context.addIssue({code: 'custom', path: [pane.base === undefined ? 'reuse' : 'base'], message: 'only with "worktree"'});
		}
	})
	.meta({id: 'pane', description: 'A pane: one program (command and args, never a shell string) or an agent profile'});

const splitDirectionSchema = z.enum(['vertical', 'horizontal']).describe('vertical: side by side (vertical borders between them); horizontal: stacked top to bottom');
const sizesSchema = z.array(z.number().positive().max(1_000_000)).describe('relative sizes, one per entry of "panes" (percentages read well: [60, 40]); equal when left out');

/** A split inside a workspace: its panes are panes or further splits. */
const splitSchema = z
	.strictObject({
		split: splitDirectionSchema,
		sizes: sizesSchema.optional(),
		get panes() {
			return z
				.array(z.union([splitSchema, paneSchema]))
				.min(1)
				.max(maxPanes);
		},
	})
	.meta({id: 'split', description: 'Panes side by side (vertical) or stacked (horizontal), with their sizes'});

type SplitEntry = z.infer<typeof splitSchema>;
type PaneEntry = z.infer<typeof paneSchema>;

/** Sizes match their panes, the tree holds at most maxPanes panes, and a tree and a named layout are not both given. */
function checkTree(workspace: {layout?: unknown; split?: unknown; sizes?: number[] | undefined; panes: Array<SplitEntry | PaneEntry>}, context: z.RefinementCtx): void {
	if (workspace.layout !== undefined && workspace.split !== undefined) {
		context.addIssue({code: 'custom', path: ['split'], message: 'give "layout" (a named layout) or "split" (a tree of splits), not both'});
	}

	if (workspace.split === undefined && workspace.sizes !== undefined) {
		context.addIssue({code: 'custom', path: ['sizes'], message: 'sizes belong to a split: add "split": "vertical" or "horizontal"'});
	}

	let leaves = 0;
	const walk = (node: {split?: unknown; sizes?: number[] | undefined; panes: Array<SplitEntry | PaneEntry>}, path: Array<string | number>) => {
		if (node.split !== undefined && node.sizes !== undefined && node.sizes.length !== node.panes.length) {
			context.addIssue({code: 'custom', path: [...path, 'sizes'], message: `one size per entry of "panes": ${node.panes.length} panes, ${node.sizes.length} sizes`});
		}

		for (const [index, entry] of node.panes.entries()) {
			if ('split' in entry) {
				if (node.split === undefined) {
					context.addIssue({code: 'custom', path: [...path, 'panes', index], message: 'a nested split needs "split" at the top of the workspace too'});
				}

				walk(entry, [...path, 'panes', index]);
			} else {
				leaves++;
			}
		}
	};

	walk(workspace, []);
	if (leaves > maxPanes) {
		context.addIssue({code: 'custom', path: ['panes'], message: `at most ${maxPanes} panes (this tree has ${leaves})`});
	}
}

export const workspaceSchema = z
	.strictObject({
		$schema: z.string().optional().describe('agentmux.schema.json, for editors'),
		layout: layoutNameSchema.optional().describe('a named layout: tiled, main-vertical, columns or rows'),
		split: splitDirectionSchema.optional(),
		sizes: sizesSchema.optional(),
		panes: z
			.array(z.union([splitSchema, paneSchema]))
			.min(1)
			.max(maxPanes),
		/** Git-ignored files (gitignore patterns) copied into every new worktree, beside the repository's .worktreeinclude. */
		worktreeInclude: z.array(z.string().min(1)).default([]),
	})
	.superRefine(checkTree);

export type Workspace = z.infer<typeof workspaceSchema>;

/** The workspace's panes in order (depth first) and, when it has splits, the tree they fill. */
function flatten(workspace: Workspace): {panes: PaneEntry[]; tree?: LayoutTree} {
	const panes: PaneEntry[] = [];
	const build = (entries: Array<SplitEntry | PaneEntry>, split: 'vertical' | 'horizontal', sizes: number[] | undefined): LayoutTree => ({
		kind: 'split',
		split,
		sizes: sizes ?? entries.map(() => 1),
		children: entries.map(entry => {
			if ('split' in entry) {
				return build(entry.panes, entry.split, entry.sizes);
			}

			panes.push(entry);
			return {kind: 'pane'};
		}),
	});
	if (workspace.split === undefined) {
		return {panes: workspace.panes as PaneEntry[]};
	}

	const tree = build(workspace.panes, workspace.split, workspace.sizes);
	return {panes, tree: tree.kind === 'split' && tree.children.length === 1 ? tree.children[0]! : tree};
}

/** A pane as the multiplexer starts it: everything resolved. */
export type PaneSpec = {
	name: string;
	command: string;
	args: string[];
	cwd: string;
	env: Record<string, string>;
	onExit: ExitPolicy;
	/** The agent profile this pane runs, resolved into command/args before it starts. */
	agent?: string;
	autoApprove?: boolean;
	resume?: boolean;
	/** Resume this conversation of the agent (saved from its own report), never merely the latest one. */
	resumeId?: string;
	/** Where the pane's API keys come from: "proxy" gives it stand-ins (see source/credentials). */
	credentials?: CredentialMode;
	/** The pane's own sandbox, over its profile's and the settings' defaults. */
	sandbox?: SandboxSpec;
	/** Start in a git worktree of its own, made from the repository that holds `cwd`. */
	worktree?: WorktreeAsk;
	/** The worktree agentmux made for this pane (set by the server once it exists; never from a client). */
	worktreePath?: string;
};

/** What a pane asks for its worktree: the branch (undefined: named after the pane), where it starts, whether a clash may be reused. */
export type WorktreeAsk = {branch?: string | undefined; base?: string | undefined; reuse?: boolean | undefined; include?: string[] | undefined};

export type WorkspaceResult = {ok: true; workspace: Workspace; panes: PaneSpec[]; tree?: LayoutTree} | {ok: false; errors: string[]};

/** Reads and validates a workspace file; relative cwds are taken from the file's folder. */
export function loadWorkspace(file: string): WorkspaceResult {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		return {ok: false, errors: [`${file}: (root): cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]};
	}

	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		return {ok: false, errors: [`${file}: (root): not valid JSON: ${(error as Error).message}`]};
	}

	const parsed = workspaceSchema.safeParse(json);
	if (!parsed.success) {
		return {ok: false, errors: formatIssues(file, parsed.error)};
	}

	const base = path.dirname(path.resolve(file));
	const {panes: entries, tree} = flatten(parsed.data);
	const panes = entries.map(pane => ({
		name: pane.name ?? pane.agent ?? path.basename(pane.command!),
		command: pane.command ?? '',
		args: pane.args,
		cwd: path.resolve(base, pane.cwd ?? '.'),
		env: pane.env,
		onExit: pane.onExit,
		...(pane.agent ? {agent: pane.agent, autoApprove: pane.autoApprove, resume: pane.resume} : {}),
		...(pane.credentials === undefined ? {} : {credentials: pane.credentials}),
		...(pane.sandbox === undefined ? {} : {sandbox: pane.sandbox}),
		...worktreeAsk(pane.worktree, pane.base, pane.reuse, parsed.data.worktreeInclude),
	}));
	return {ok: true, workspace: parsed.data, panes, ...(tree ? {tree} : {})};
}

function worktreeAsk(worktree: boolean | string | undefined, base: string | undefined, reuse: boolean, include: string[]): {worktree?: WorktreeAsk} {
	if (worktree === undefined || worktree === false) {
		return {};
	}

	return {worktree: {...(worktree === true ? {} : {branch: worktree}), ...(base === undefined ? {} : {base}), ...(reuse ? {reuse} : {}), ...(include.length > 0 ? {include} : {})}};
}

/** A pane running an agent profile, as `--agent NAME` starts it. */
export function agentPane(agent: string): PaneSpec {
	return {name: agent, command: '', args: [], cwd: process.cwd(), env: {}, onExit: 'hold', agent};
}

/** The pane agentmux starts with no workspace: the user's shell, in the current folder. */
export function defaultShellPane(shell: string | undefined): PaneSpec {
	const command = shell ?? process.env['SHELL'] ?? '/bin/sh';
	return {name: path.basename(command), command, args: [], cwd: process.cwd(), env: {}, onExit: 'close'};
}
