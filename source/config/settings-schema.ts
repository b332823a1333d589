import {z} from 'zod';
import {userProfilesSchema} from '../agents/profile-schema.js';
import {actions} from '../app/actions.js';
import {credentialProxySettingsSchema} from '../credentials/credential-settings.js';
import {mcpSettingsSchema} from '../mcp/registry-schema.js';
import {sandboxSettingsSchema} from '../sandbox/sandbox-schema.js';
import {userRulesSchema} from '../security/rule-schema.js';
import {keySpecSchema} from './key-spec.js';

import {layoutNames} from './names.js';

export {type LayoutName, layoutNames} from './names.js';
export const layoutNameSchema = z.enum(layoutNames);

/** Everything a key after the prefix can do. */
export const prefixActions = [
	'next-pane',
	'previous-pane',
	'last-pane',
	'focus-left',
	'focus-right',
	'focus-up',
	'focus-down',
	'zoom',
	'new-pane',
	'close-pane',
	'next-layout',
	'help',
	'quit',
	'restart-pane',
	'scroll-mode',
	'next-waiting',
	'detach',
	'split-right',
	'split-down',
	'resize-left',
	'resize-right',
	'resize-up',
	'resize-down',
	'rename-pane',
	'swap-previous',
	'swap-next',
	'new-agent',
	'overview',
	'change-sandbox',
] as const;
export type PrefixAction = (typeof prefixActions)[number];

const keyList = z.array(keySpecSchema).min(1);

// The action table holds each action's default keys, help line and hint.
const defaultBindings = Object.fromEntries(actions.map(action => [action.name, [...action.defaultKeys]])) as Record<PrefixAction, string[]>;

/** The defaults as text, for the help and the README. */
export const defaultBindingText = defaultBindings;

export const settingsSchema = z.strictObject({
	// Ctrl-\ clashes with none of Claude Code, Codex CLI, Gemini CLI, vim's
	// everyday keys, readline/emacs editing or a surrounding tmux's Ctrl-b.
	prefix: keySpecSchema.prefault('ctrl+\\'),
	// Alt+1..9 and Alt+arrows switch panes without the prefix.
	quickSwitch: z.boolean().default(true),
	bindings: z.strictObject(Object.fromEntries(prefixActions.map(action => [action, keyList.optional()])) as Record<PrefixAction, z.ZodOptional<typeof keyList>>).default({}),
	defaultLayout: layoutNameSchema.default('tiled'),
	scrollback: z.number().int().min(0).max(1_000_000).default(10_000),
	// Pane text is written to disk (0600, for a restore after kill-server or a reboot) only when this is on.
	persistScrollback: z.boolean().default(false),
	shell: z.string().min(1).optional(),
	// The user's own agent profiles, or changes to the built-in ones (field by field).
	agents: userProfilesSchema.default({}),
	// How agentmux calls you when an agent that was working starts waiting for you.
	attention: z
		.strictObject({
			bell: z.boolean().default(true),
			// OSC 9 and OSC 777 desktop notifications; they pass through SSH.
			desktop: z.boolean().default(true),
		})
		.prefault({}),
	// Clicks focus panes, the wheel scrolls history, a drag selects text (programs that ask for the mouse still get it).
	mouse: z.boolean().default(true),
	// Where copy mode's y sends the selection: the user's terminal clipboard through OSC 52, or nowhere.
	clipboard: z.enum(['osc52', 'off']).default('osc52'),
	// Git worktrees made for panes ("worktree" in a workspace, --worktree): where they go, and
	// git-ignored files (gitignore patterns) copied into each, beside the repository's .worktreeinclude.
	worktrees: z
		.strictObject({
			root: z.string().min(1).optional(),
			include: z.array(z.string().min(1)).default([]),
		})
		.prefault({}),
	policy: z
		.strictObject({
			// The user's own rules: add, override or relax the built-in ones.
			rules: userRulesSchema.default([]),
			// Credential variables panes may still see, e.g. ["GITHUB_TOKEN"].
			keepEnv: z.array(z.string().min(1)).default([]),
			// More variable-name patterns to take out of panes' environment, e.g. ["*_DSN"].
			scrubEnv: z.array(z.string().min(1)).default([]),
		})
		.prefault({}),
	// The credential proxy: per provider, where the real key comes from and where requests go.
	credentialProxy: credentialProxySettingsSchema.prefault({}),
	// The MCP server registry: {servers: {NAME: {risk, match: {command} | {url}, reason}}} (see source/mcp/).
	mcp: mcpSettingsSchema.prefault({}),
	// The per-pane sandbox: defaults for agent and plain panes, and where bubblewrap and socat are.
	sandbox: sandboxSettingsSchema,
	// Every pane's network is loopback only, whatever the workspace says (panes without a sandbox get one).
	airGapped: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;
export type Bindings = Record<PrefixAction, ReturnType<typeof keyList.parse>>;

/** The effective bindings: the user's where given, the defaults elsewhere. */
export function resolveBindings(settings: Settings): Bindings {
	const result = {} as Bindings;
	for (const action of prefixActions) {
		result[action] = settings.bindings[action] ?? keyList.parse(defaultBindings[action]);
	}

	return result;
}
