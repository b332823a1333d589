import * as z from 'zod/mini';

/*
 * What a server may say, validated by the client before it acts on any of it. Written with
 * zod/mini: bundled, it loads in a few milliseconds where zod's full API takes about a hundred,
 * and an attaching client would otherwise spend them before its first frame.
 */

/** A session's name, as the CLI and every message carry it. */
export const sessionNameSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w.@+-]+$/, 'letters, digits and . _ - + @ only'));

/** One pane as `agentmux ls --json` prints it: what the overview (prefix s) shows. */
export const paneDetailSchema = z.strictObject({
	index: z.number(),
	name: z.string(),
	agent: z.optional(z.string()),
	/** busy, waiting, idle, exited, starting (agents); running, exited, failed (other panes). */
	state: z.string(),
	/** When the pane entered that state (ISO 8601). */
	since: z.string(),
	/** The pane's own worktree (made by the new-agent form), with files changed and commits ahead. */
	worktree: z.optional(z.strictObject({branch: z.string(), path: z.string(), dirty: z.number(), ahead: z.number()})),
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
	credentials: z.optional(z.array(z.strictObject({pane: z.string(), providers: z.array(z.string()), requests: z.number(), errors: z.number()}))),
	/** Panes in a worktree agentmux made: its branch now, ahead/behind its upstream (else its base), dirty files, commits held nowhere else. */
	worktrees: z.optional(
		z.array(
			z.strictObject({
				pane: z.string(),
				path: z.string(),
				branch: z.string(),
				ahead: z.number(),
				behind: z.number(),
				dirty: z.number(),
				unpushed: z.number(),
			}),
		),
	),
	/** Every pane, in index order. */
	paneDetails: z.array(paneDetailSchema),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** Everything a server may say. */
export const serverMessageSchema = z.discriminatedUnion('type', [
	z.strictObject({type: z.literal('welcome'), version: z.string()}),
	z.strictObject({type: z.literal('error'), message: z.string(), exitCode: z.int()}),
	z.strictObject({type: z.literal('attached'), session: z.string()}),
	/** The attach is over: detached (the session lives on) or the session ended. */
	z.strictObject({type: z.literal('exit'), code: z.int(), reason: z.enum(['detached', 'ended', 'server-exit'])}),
	z.strictObject({type: z.literal('sessions'), sessions: z.array(sessionSummarySchema), saved: z.array(z.string())}),
	z.strictObject({type: z.literal('done')}),
	/** There is no such session running, but one of that name was saved: ask the user. */
	z.strictObject({type: z.literal('saved'), session: z.string(), panes: z.array(z.string())}),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
