import {z} from 'zod';
import {layoutTreeSchema} from '../config/layout-tree-schema.js';
import {exitPolicies, layoutNames} from '../config/names.js';
import {credentialModes} from '../credentials/providers.js';
import {sandboxSpecSchema} from '../sandbox/sandbox-schema.js';
import {sessionNameSchema} from './server-messages.js';

export * from './protocol-version.js';
export * from './server-messages.js';

/*
 * What a client may say, validated by the server. The server's messages, the handshake's version
 * and the limits live in their own modules (the attaching client loads only those).
 */

const sessionName = sessionNameSchema;
const size = z.number().int().min(1).max(10_000);

/** A pane as a client asks for it; the same shape as a resolved workspace pane. */
export const paneSpecSchema = z.strictObject({
	name: z.string().min(1).max(128),
	command: z.string().max(4096),
	args: z.array(z.string().max(65_536)).max(1024),
	cwd: z.string().min(1).max(4096),
	env: z.record(z.string().max(1024), z.string().max(65_536)),
	onExit: z.enum(exitPolicies),
	agent: z.string().max(64).optional(),
	autoApprove: z.boolean().optional(),
	resume: z.boolean().optional(),
	resumeId: z
		.string()
		.regex(/^[\w-]{1,128}$/)
		.optional(),
	credentials: z.enum(credentialModes).optional(),
	sandbox: sandboxSpecSchema.optional(),
	worktree: z
		.strictObject({
			branch: z.string().min(1).max(200).optional(),
			base: z.string().min(1).max(200).optional(),
			reuse: z.boolean().optional(),
			include: z.array(z.string().min(1).max(4096)).max(256).optional(),
		})
		.optional(),
});

/** Everything a client may say, after the hello. */
export const clientMessageSchema = z.discriminatedUnion('type', [
	z.strictObject({type: z.literal('hello'), version: z.string().max(100)}),
	z.strictObject({
		type: z.literal('attach'),
		/** Absent (`agentmux attach` without a name): the session used most recently, as tmux picks. */
		session: z.optional(sessionName),
		cols: size,
		rows: size,
		/** Set by `agentmux [-s NAME]`: the panes to start when there is no such session. */
		create: z.strictObject({panes: z.array(paneSpecSchema).min(1).max(64), layout: z.union([z.enum(layoutNames), layoutTreeSchema])}).optional(),
		/** Bring back a saved session of that name (the user said yes to restoring it). */
		restore: z.boolean().optional(),
		/** The client runs inside tmux (TMUX is set): clipboard writes use tmux's passthrough. */
		tmux: z.boolean().optional(),
		/** The user's terminal wants no colour (NO_COLOR): agentmux's own chrome is drawn without any. */
		noColor: z.boolean().optional(),
		/** The client's terminal device: the server draws on it directly when it is this user's (see TerminalDrawing). */
		terminal: z
			.strictObject({
				path: z.string().max(4096),
				dev: z.number().int().min(0),
				ino: z.number().int().min(0),
				rdev: z.number().int().min(0),
			})
			.optional(),
	}),
	z.strictObject({type: z.literal('list')}),
	z.strictObject({type: z.literal('kill'), session: sessionName}),
	z.strictObject({type: z.literal('kill-server')}),
	z.strictObject({type: z.literal('resize'), cols: size, rows: size}),
	z.strictObject({type: z.literal('detach')}),
	/** The client's terminal is in full screen: the server's drawing may reach it now. */
	z.strictObject({type: z.literal('ready')}),
	/** How many bytes of drawing this client has written to its terminal so far (see drawnAckBytes). */
	z.strictObject({type: z.literal('drawn'), bytes: z.number().int().min(0)}),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;
