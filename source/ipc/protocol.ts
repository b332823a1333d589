import {readFileSync} from 'node:fs';
import {z} from 'zod';
import {layoutTreeSchema} from '../config/layout-tree-schema.js';
import {exitPolicies, layoutNames} from '../config/names.js';
import {credentialModes} from '../credentials/providers.js';
import {sandboxSpecSchema} from '../sandbox/sandbox-schema.js';
import {fromPackageRoot} from '../security/package-root.js';

/** Bumped whenever a message changes shape; a client and server must agree on it and on the package version. */
const protocolRevision = 3;

let version: string | undefined;

/** What a client and a server compare in the handshake. */
export function protocolVersion(): string {
	if (version === undefined) {
		let packageVersion = 'unknown';
		try {
			packageVersion = (JSON.parse(readFileSync(fromPackageRoot('package.json'), 'utf8')) as {version?: string}).version ?? packageVersion;
		} catch {
			// Still comparable: both sides read the same file when they are the same install.
		}

		version = `${packageVersion}/${protocolRevision}`;
	}

	return version;
}

/** Longest message a client may send: a whole workspace fits, a flood of garbage does not. */
export const maxClientMessageBytes = 1024 * 1024;
/** Longest message a server sends (a full frame of a very large terminal fits many times). */
export const maxServerMessageBytes = 64 * 1024 * 1024;

const sessionName = z
	.string()
	.min(1)
	.max(64)
	.regex(/^[\w.@+-]+$/, 'letters, digits and . _ - + @ only');
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

export const sessionNameSchema = sessionName;

/** Everything a client may say, after the hello. */
export const clientMessageSchema = z.discriminatedUnion('type', [
	z.strictObject({type: z.literal('hello'), version: z.string().max(100)}),
	z.strictObject({
		type: z.literal('attach'),
		session: sessionName,
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
	}),
	z.strictObject({type: z.literal('list')}),
	z.strictObject({type: z.literal('kill'), session: sessionName}),
	z.strictObject({type: z.literal('kill-server')}),
	z.strictObject({type: z.literal('resize'), cols: size, rows: size}),
	z.strictObject({type: z.literal('detach')}),
	/** How many bytes of drawing this client has written to its terminal so far (see drawnAckBytes). */
	z.strictObject({type: z.literal('drawn'), bytes: z.number().int().min(0)}),
]);

/**
 * The client says how much it has drawn every this many bytes, and the server draws ahead of
 * what was said by at most drawWindowBytes: a terminal that shows output slower than panes
 * make it gets the latest screen, not a queue of old frames, and a typed key's echo is never
 * behind more than the window.
 */
export const drawnAckBytes = 16 * 1024;
export const drawWindowBytes = 64 * 1024;
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** One pane as `agentmux ls --json` prints it: what the overview (prefix s) shows. */
export const paneDetailSchema = z.strictObject({
	index: z.number(),
	name: z.string(),
	agent: z.string().optional(),
	/** busy, waiting, idle, exited, starting (agents); running, exited, failed (other panes). */
	state: z.string(),
	/** When the pane entered that state (ISO 8601). */
	since: z.string(),
	/** The pane's own worktree (made by the new-agent form), with files changed and commits ahead. */
	worktree: z.strictObject({branch: z.string(), path: z.string(), dirty: z.number(), ahead: z.number()}).optional(),
	/** The last line of its screen that says something (not blank, not a border or footer hint). */
	lastLine: z.string(),
	/** The agent shows its own approval prompt now. */
	approvalPending: z.boolean(),
});
export type PaneDetail = z.infer<typeof paneDetailSchema>;

/** One session as `agentmux ls --json` prints it. */
export const sessionSummarySchema = z.strictObject({
	name: z.string(),
	panes: z.number(),
	clients: z.number(),
	created: z.string(),
	socket: z.string(),
	agents: z.array(z.strictObject({pane: z.string(), agent: z.string(), state: z.string()})),
	/** Panes behind the credential proxy: requests forwarded for each, and how many failed or were refused. */
	credentials: z.array(z.strictObject({pane: z.string(), providers: z.array(z.string()), requests: z.number(), errors: z.number()})).optional(),
	/** Panes in a worktree agentmux made: its branch now, ahead/behind its upstream (else its base), dirty files, commits held nowhere else. */
	worktrees: z
		.array(
			z.strictObject({
				pane: z.string(),
				path: z.string(),
				branch: z.string(),
				ahead: z.number(),
				behind: z.number(),
				dirty: z.number(),
				unpushed: z.number(),
			}),
		)
		.optional(),
	/** Every pane, in index order. */
	paneDetails: z.array(paneDetailSchema),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** Everything a server may say. */
export const serverMessageSchema = z.discriminatedUnion('type', [
	z.strictObject({type: z.literal('welcome'), version: z.string()}),
	z.strictObject({type: z.literal('error'), message: z.string(), exitCode: z.number().int()}),
	z.strictObject({type: z.literal('attached'), session: z.string()}),
	/** The attach is over: detached (the session lives on) or the session ended. */
	z.strictObject({type: z.literal('exit'), code: z.number().int(), reason: z.enum(['detached', 'ended', 'server-exit'])}),
	z.strictObject({type: z.literal('sessions'), sessions: z.array(sessionSummarySchema), saved: z.array(z.string())}),
	z.strictObject({type: z.literal('done')}),
	/** There is no such session running, but one of that name was saved: ask the user. */
	z.strictObject({type: z.literal('saved'), session: z.string(), panes: z.array(z.string())}),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** The words a user sees when client and server differ. */
export function versionMismatch(client: string, server: string): string {
	return `agentmux: this client (${client}) and the running server (${server}) are different versions: restart the server (agentmux kill-server)`;
}
