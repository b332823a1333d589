import {z} from 'zod';
import {credentialModes} from '../credentials/providers.js';
import {sandboxSpecSchema} from '../sandbox/sandbox-schema.js';

/** What an agent pane shows, as read from hooks or from its screen. */
export const agentStates = ['busy', 'waiting', 'idle'] as const;
export type AgentState = (typeof agentStates)[number];

/** How agentmux can hear from an agent besides its screen (see agent-launch.ts). */
export const hookKinds = ['none', 'claude', 'gemini', 'codex-notify', 'aider-notify'] as const;
export type HookKind = (typeof hookKinds)[number];

/** Which agent's MCP server configuration a profile's program reads; `none` for programs without MCP. */
export const mcpConfigKinds = ['none', 'claude', 'gemini', 'codex', 'opencode'] as const;

/** Keys named as in the config's key specs ("enter", "escape") or one printable character ("y", "1"). */
export const namedApprovalKeys = ['enter', 'escape', 'tab', 'space', 'up', 'down', 'left', 'right'] as const;

const approvalKey = z
	.string()
	.refine(key => (namedApprovalKeys as readonly string[]).includes(key) || /^[\x21-\x7e]$/.test(key), {message: `a key is one printable character or one of ${namedApprovalKeys.join(', ')}`});

/** A regular expression given as a string; checked by compiling it, so bad patterns fail at load time. */
export const regexSource = z
	.string()
	.min(1)
	.superRefine((source, context) => {
		try {
			new RegExp(source, 'u');
		} catch (error) {
			context.addIssue({code: 'custom', message: `not a valid regular expression: ${(error as Error).message}`});
		}
	});

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name');

/**
 * Where the proposed command sits relative to the approval prompt line. The block starts at the
 * nearest line matching `start` (searched `up` from the prompt line or `down` from it), runs
 * until the first later line matching `end`, and each of its lines contributes the first capture
 * group of `line` (lines that do not match are skipped). With `dropTintedTail`, rows at the end of
 * the block drawn entirely in a colour other than the default foreground are left out of the command
 * shown and audited (Claude Code draws the model's description, in grey, right under it), though
 * the policy still judges them with it. The first row always stays.
 */
export const commandLocatorSchema = z.strictObject({
	start: regexSource,
	search: z.enum(['up', 'down']),
	startInclusive: z.boolean().default(false),
	end: regexSource,
	line: regexSource.default('^\\s*(\\S.*?)\\s*$'),
	/** How far from the prompt line to look, in rows. */
	window: z.number().int().min(1).max(200).default(30),
	dropTintedTail: z.boolean().default(false),
	/**
	 * The most command rows the agent's prompt shows, where it cuts a longer command without any
	 * sign: a block this long may hide the rest, so the policy asks at least.
	 */
	cutAt: z.number().int().min(1).optional(),
});

/** How to recognise an agent's own "run this command?" prompt and which keys answer it. */
export const approvalSchema = z.strictObject({
	/** A line that only the approval prompt draws. */
	prompt: regexSource,
	command: commandLocatorSchema,
	/** Option rows: group 1 is the digit that picks the option, group 2 its label. */
	option: regexSource.optional(),
	/** Labels of options that approve ("Yes", "Allow once"): their digits join approveKeys. */
	approveLabel: regexSource.optional(),
	/** Keys that approve whatever option rows say: Enter (it confirms the highlighted option, which may be "Yes"), shortcuts like "y". */
	approveKeys: z.array(approvalKey).min(1),
	/** Keys that decline; their digits are added from the option rows that do not match approveLabel. */
	declineKeys: z.array(approvalKey).default([]),
});

export const screenPatternsSchema = z.strictObject({
	busy: z.array(regexSource).default([]),
	waiting: z.array(regexSource).default([]),
	idle: z.array(regexSource).default([]),
});

/** One agent profile, built in or from the user's config. */
export const agentProfileSchema = z.strictObject({
	name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a profile name is lower-case letters, digits, - and _'),
	command: z.string().min(1),
	args: z.array(z.string()).default([]),
	/** Variables kept through credential scrubbing (the agent's own API keys). */
	env: z.array(envName).default([]),
	/** Arguments that resume the agent's last conversation, added after `args`; absent where the agent has none. */
	resumeArgs: z.array(z.string()).optional(),
	/** Arguments that resume one conversation by its id ("{id}" stands for it); never "the latest", which every pane in a folder shares. */
	resumeIdArgs: z.array(z.string()).optional(),
	hooks: z.enum(hookKinds).default('none'),
	/** Whose MCP configuration files the agent reads (source/mcp/): its servers are reviewed before it starts. */
	mcp: z.enum(mcpConfigKinds).default('none'),
	screen: screenPatternsSchema.prefault({}),
	approval: approvalSchema.optional(),
	/** "proxy": the agent gets stand-in keys and agentmux's credential proxy as its base URL (source/credentials). */
	credentials: z.enum(credentialModes).optional(),
	/** The agent's sandbox over the settings' default: typically the hosts its API needs ({"network": [...]}). */
	sandbox: sandboxSpecSchema.optional(),
});

export type AgentProfile = z.infer<typeof agentProfileSchema>;
export type AgentProfileInput = z.input<typeof agentProfileSchema>;
export type ApprovalSpec = z.infer<typeof approvalSchema>;

const userScreenSchema = z.strictObject({
	busy: z.array(regexSource).optional(),
	waiting: z.array(regexSource).optional(),
	idle: z.array(regexSource).optional(),
});

/** A profile in the user's config: every field optional, so that it can override a built-in one field at a time. */
export const userProfileSchema = z.strictObject({
	/** The built-in profile to start from; by default the built-in of the same name, if any. */
	extends: z.string().optional(),
	command: z.string().min(1).optional(),
	args: z.array(z.string()).optional(),
	env: z.array(envName).optional(),
	resumeArgs: z.array(z.string()).optional(),
	resumeIdArgs: z.array(z.string()).optional(),
	hooks: z.enum(hookKinds).optional(),
	mcp: z.enum(mcpConfigKinds).optional(),
	screen: userScreenSchema.optional(),
	approval: approvalSchema.optional(),
	credentials: z.enum(credentialModes).optional(),
	sandbox: sandboxSpecSchema.optional(),
});

/** The user's profiles as they appear in the config: a map from profile name to profile. */
export const userProfilesSchema = z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a profile name is lower-case letters, digits, - and _'), userProfileSchema);

export type UserProfile = z.infer<typeof userProfileSchema>;
export type UserProfiles = z.infer<typeof userProfilesSchema>;
