import {z} from 'zod';

/**
 * How a pane is sandboxed:
 * - `workspace`: the cwd and the agent's own folders writable, the rest read-only, secrets unreadable;
 * - `strict`: the same with only the cwd writable and the network off;
 * - `off`: no sandbox;
 * - `prefer`: `workspace` where the sandbox can start, else unsandboxed with a mark on the frame.
 */
export const sandboxModes = ['strict', 'workspace', 'off', 'prefer'] as const;
export type SandboxMode = (typeof sandboxModes)[number];

/** A host the pane may reach through the proxy: a name or address, `*.` for subdomains, `:port` to pin one port. */
export const hostPatternSchema = z
	.string()
	.min(1)
	.max(260)
	.regex(/^(?:\*\.)?(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/, 'a host name, "*.domain", an address, optionally ":port"');

/** `off`, or the hosts the pane may reach (an empty list reaches nothing, but denials are audited). */
export const networkSchema = z.union([z.literal('off'), z.array(hostPatternSchema).max(256)]);
export type NetworkSpec = z.infer<typeof networkSchema>;

const userPath = z.string().min(1).max(4096);

/** The object form: a mode and the details. Paths are absolute, `~/…`, or relative to the pane's cwd. */
export const sandboxObjectSchema = z.strictObject({
	mode: z.enum(sandboxModes).optional(),
	/** Extra folders or files readable (only useful where a built-in deny would not hide them). */
	read: z.array(userPath).max(256).optional(),
	/** Extra folders or files writable. */
	write: z.array(userPath).max(256).optional(),
	/** Extra folders or files unreadable. */
	deny: z.array(userPath).max(256).optional(),
	network: networkSchema.optional(),
});

/** What a workspace pane, an agent profile or the settings may say. */
export const sandboxSpecSchema = z.union([z.enum(sandboxModes), sandboxObjectSchema]);
export type SandboxSpec = z.infer<typeof sandboxSpecSchema>;
export type SandboxObject = z.infer<typeof sandboxObjectSchema>;

/** The `sandbox` block of the settings. */
export const sandboxSettingsSchema = z
	.strictObject({
		/** The default for agent panes. */
		agents: sandboxSpecSchema.default('workspace'),
		/** The default for plain command and shell panes. */
		shells: sandboxSpecSchema.default('off'),
		/** Let sandboxed panes reach the npm and Python package registries. */
		registries: z.boolean().default(false),
		/** The bubblewrap and socat programs (a name looked up on PATH, or a path). */
		bwrap: z.string().min(1).default('bwrap'),
		socat: z.string().min(1).default('socat'),
	})
	.prefault({});
export type SandboxSettings = z.infer<typeof sandboxSettingsSchema>;
