import {randomBytes, timingSafeEqual} from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {z} from 'zod';
import {assertPrivateDirectory, listenPrivate, refusePeer} from '../ipc/private-socket.js';
import {loadPeerCredentials} from './peer-credentials.js';

/*
 * The channel from an agent's hooks back to agentmux: a Unix domain socket, never a network port.
 *
 * Who can reach it, three locks deep:
 * - connect(2) on a Unix socket needs search permission on every directory of its path and write
 *   permission on the socket file. The socket lives in a fresh mkdtemp directory that is chmod
 *   0700 and checked to be ours (lstat: a real directory, our uid, no group/other bits), and the
 *   socket is chmod 0600.
 * - Every connection's peer uid, as the kernel recorded it at connect(2) (SO_PEERCRED, read by a
 *   small native addon because Node has no API for it), must be our own uid.
 * - A random per-run token (compared in constant time) rejects anything that did not get it from
 *   agentmux: a stale socket from another run, or a same-uid process that merely found the path.
 */

/** A status an agent reports through its hooks. */
export const hookStatuses = ['busy', 'waiting', 'idle', 'notification'] as const;
export type HookStatus = (typeof hookStatuses)[number];

/** The policy's answer for a command an agent is about to run. */
export type HookDecision = 'allow' | 'confirm' | 'deny';
export type Judgement = {decision: HookDecision; reason?: string};

/** Messages on the socket, one JSON object per line. */
const conversation = z
	.string()
	.regex(/^[\w-]{1,128}$/)
	.optional();
export const hookMessageSchema = z.discriminatedUnion('event', [
	z.object({
		token: z.string(),
		pane: z.string(),
		agent: z.string().default(''),
		conversation,
		event: z.literal('status'),
		payload: z.object({status: z.enum(hookStatuses), detail: z.string().optional()}),
	}),
	z.object({
		token: z.string(),
		pane: z.string(),
		agent: z.string().default(''),
		conversation,
		event: z.literal('pre-tool-use'),
		payload: z.object({command: z.string(), tool: z.string().optional(), cwd: z.string().optional()}),
	}),
	// The agent started or resumed a conversation: its id is what a restore resumes.
	z.object({token: z.string(), pane: z.string(), agent: z.string().default(''), conversation, event: z.literal('session-start'), payload: z.object({}).default({})}),
]);
export type HookMessage = z.infer<typeof hookMessageSchema>;

/** The server's one-line answer. */
export type HookReply = {ok: true; decision?: HookDecision; reason?: string} | {ok: false; error: string};

export type HookServerOptions = {
	/** Judges a command an agent is about to run in `pane`. */
	judge(pane: string, command: string, message: HookMessage): Promise<Judgement>;
	/** Called for status reports. */
	onStatus?(pane: string, status: HookStatus, message: HookMessage): void;
	/** Called with the agent's conversation id, from any message that carries one. */
	onConversation?(pane: string, id: string): void;
	/** Called for rejected connections (wrong token, bad JSON), for the audit log. */
	onReject?(reason: string): void;
	/** Parent of the private directory: $XDG_RUNTIME_DIR when set, else os.tmpdir(). */
	parentDir?: string;
	/** Longest line accepted, in bytes. */
	maxMessageBytes?: number;
	/** A connection idle this long is closed. */
	idleTimeoutMs?: number;
	/** The only uid allowed to connect; our own unless a test says otherwise. */
	peerUid?: number;
};

/** The address hooks need: what agent-launch puts into the pane's environment. */
export type HookAddress = {socketPath: string; token: string};

/** Listens on a private Unix socket for agent hook reports. */
export class HookServer {
	readonly #server: net.Server;
	readonly #sockets = new Set<net.Socket>();
	#closed = false;

	private constructor(
		readonly directory: string,
		readonly socketPath: string,
		readonly token: string,
		private readonly options: HookServerOptions,
	) {
		this.#server = net.createServer(socket => {
			this.#accept(socket);
		});
	}

	/** Creates the private directory, listens, and locks the socket down. */
	static async start(options: HookServerOptions): Promise<HookServer> {
		// Without the peer check there is no channel: fail here, before any agent relies on it.
		loadPeerCredentials();
		const parent = options.parentDir ?? (process.env['XDG_RUNTIME_DIR'] || os.tmpdir());
		const directory = await fs.mkdtemp(path.join(parent, 'agentmux-'));
		await fs.chmod(directory, 0o700);
		await assertPrivateDirectory(directory);
		const server = new HookServer(directory, path.join(directory, 'hook.sock'), randomBytes(32).toString('hex'), options);
		try {
			await server.#listen();
		} catch (error) {
			await fs.rm(directory, {recursive: true, force: true});
			throw error;
		}

		return server;
	}

	/** Socket path and token, for the pane's environment. */
	get address(): HookAddress {
		return {socketPath: this.socketPath, token: this.token};
	}

	async #listen(): Promise<void> {
		await listenPrivate(this.#server, this.socketPath);
	}

	#accept(socket: net.Socket): void {
		if (this.#closed) {
			socket.destroy();
			return;
		}

		this.#sockets.add(socket);
		socket.on('close', () => this.#sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		const refusal = this.#refusePeer(socket);
		if (refusal !== undefined) {
			// Nothing the peer sends is read. It gets the reason and a half-closed socket, and what it
			// writes meanwhile is drained, so it reads the reason instead of a reset.
			this.options.onReject?.(refusal);
			reply(socket, {ok: false, error: refusal});
			socket.end();
			socket.resume();
			return;
		}

		socket.setTimeout(this.options.idleTimeoutMs ?? 30_000, () => socket.destroy());
		const limit = this.options.maxMessageBytes ?? 1024 * 1024;
		let buffered = '';
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => {
			buffered += chunk;
			let newline = buffered.indexOf('\n');
			while (newline >= 0) {
				const line = buffered.slice(0, newline);
				buffered = buffered.slice(newline + 1);
				void this.#handle(socket, line);
				newline = buffered.indexOf('\n');
			}

			if (Buffer.byteLength(buffered) > limit) {
				this.#reject(socket, 'message too long');
			}
		});
	}

	async #handle(socket: net.Socket, line: string): Promise<void> {
		let raw: unknown;
		try {
			raw = JSON.parse(line);
		} catch {
			this.#reject(socket, 'not JSON');
			return;
		}

		const token = (raw as {token?: unknown} | null)?.token;
		if (typeof token !== 'string' || !sameToken(token, this.token)) {
			this.#reject(socket, 'wrong token');
			return;
		}

		const parsed = hookMessageSchema.safeParse(raw);
		if (!parsed.success) {
			this.#reject(socket, `bad message: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
			return;
		}

		const message = parsed.data;
		if (message.conversation !== undefined) {
			this.options.onConversation?.(message.pane, message.conversation);
		}

		if (message.event === 'session-start') {
			reply(socket, {ok: true});
			return;
		}

		if (message.event === 'status') {
			this.options.onStatus?.(message.pane, message.payload.status, message);
			reply(socket, {ok: true});
			return;
		}

		let judgement: Judgement;
		try {
			judgement = await this.options.judge(message.pane, message.payload.command, message);
		} catch (error) {
			// A policy that fails is a policy that did not say yes.
			judgement = {decision: 'confirm', reason: `agentmux could not judge the command: ${(error as Error).message}`};
		}

		reply(socket, {ok: true, decision: judgement.decision, ...(judgement.reason === undefined ? {} : {reason: judgement.reason})});
	}

	/** Why this peer may not talk to us, or undefined when it may. */
	#refusePeer(socket: net.Socket): string | undefined {
		return refusePeer(socket, this.options.peerUid ?? process.getuid?.());
	}

	#reject(socket: net.Socket, reason: string): void {
		this.options.onReject?.(reason);
		reply(socket, {ok: false, error: reason});
		socket.end();
		socket.destroySoon();
	}

	/** Stops listening, drops open connections, and removes the socket and its directory. */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		for (const socket of this.#sockets) socket.destroy();
		await new Promise<void>(resolve => {
			this.#server.close(() => resolve());
		});
		await fs.rm(this.directory, {recursive: true, force: true});
	}
}

function reply(socket: net.Socket, message: HookReply): void {
	if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}

function sameToken(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}
