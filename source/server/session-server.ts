import fs from 'node:fs';
import net from 'node:net';
import process from 'node:process';
import type tty from 'node:tty';
import {loadPeerCredentials} from '../agents/peer-credentials.js';
import {FaultBudget} from '../app/fault-budget.js';
import type {PolicyServices} from '../app/gate-host.js';
import type {LayoutSpec} from '../app/pane-set.js';
import {loadSettings} from '../config/load-settings.js';
import type {Settings} from '../config/settings-schema.js';
import type {PaneSpec} from '../config/workspace.js';
import {CredentialService} from '../credentials/credential-service.js';
import {captureConsole} from '../diagnostics/console-capture.js';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import {encodeControl, FrameError, FrameReader, frameKinds} from '../ipc/frames.js';
import {ensurePrivateDirectory, listenPrivate, refusePeer} from '../ipc/private-socket.js';
import {type ClientMessage, clientMessageSchema, maxClientMessageBytes, protocolVersion, type ServerMessage, versionMismatch} from '../ipc/protocol.js';
import {serverPidPath, serverSocketPath, socketDirectory} from '../ipc/socket-location.js';
import {leafCount} from '../panes/layout-tree.js';
import {SandboxHost} from '../sandbox/sandbox-host.js';
import {AuditLog, defaultAuditPath} from '../security/audit-log.js';
import {createClassifier} from '../security/classify.js';
import {scrubEnvironment} from '../security/env-scrub.js';
import {ClientLink} from './client-link.js';
import {ServerSession} from './server-session.js';
import {SessionStore} from './session-store.js';
import {openClientTerminal} from './terminal-drawing.js';

/** More unexpected errors than this within the window means the server is failing in a loop. */
const faultLimit = 50;
const faultWindowMs = 10_000;
/** With persistScrollback on, pane text is saved this often (and when the server stops). */
const scrollbackSaveMs = 30_000;
/** A connection that has not said hello by then is dropped. */
const helloTimeoutMs = 5000;
/** A server started for a client that never created a session ends after this long, once no client is connected. */
const idleExitMs = 10_000;

/**
 * The per-user server: owns every session's panes, the policy services, the audit log and the
 * agents' hook channels, and draws each attached client's view. Started on demand by the first
 * `agentmux`; ends when its last session ends.
 */
export class SessionServer {
	private readonly sessions = new Map<string, ServerSession>();
	private readonly creating = new Map<string, Promise<ServerSession | {errors: string[]}>>();
	private readonly links = new Map<ServerSession, Set<ClientLink>>();
	/** The client whose size each session's panes follow. */
	private readonly latest = new Map<ServerSession, ClientLink>();
	private readonly connections = new Set<net.Socket>();
	private readonly sandboxHost: SandboxHost;
	private readonly server: net.Server;
	private idleTimer: NodeJS.Timeout | undefined;
	/** The client that started this server has ended (see watchStarter). */
	private starterGone = false;
	/** idleExitMs have passed since the start (see stopIfUnused). */
	private idleTimeOver = false;
	private stopping = false;
	readonly socketPath: string;
	readonly store: SessionStore;

	private constructor(
		private readonly settings: Settings,
		private readonly services: PolicyServices,
		private readonly baseEnvironment: NodeJS.ProcessEnv,
		/** The credential proxy; it listens only once a pane in `credentials: "proxy"` mode starts. */
		readonly credentials: CredentialService,
	) {
		this.socketPath = serverSocketPath();
		// The sandbox's trial run (bubblewrap, through execa) waits for the first sandboxed pane: run while
		// the server started, it cost every session about 70 ms of the start-up's CPU, plain ones too.
		this.sandboxHost = new SandboxHost(settings.sandbox, settings.airGapped);
		this.store = new SessionStore();
		this.server = net.createServer(socket => {
			this.accept(socket);
		});
	}

	/** Starts listening; resolves undefined when another server already answers on the socket. */
	static async start(): Promise<SessionServer | undefined> {
		loadPeerCredentials();
		const settingsResult = loadSettings();
		if (!settingsResult.ok) {
			throw new Error(settingsResult.errors.join('\n'));
		}

		const {settings} = settingsResult;
		const {policy} = settings;
		const services: PolicyServices = {
			classifier: await createClassifier({rules: policy.rules}),
			audit: new AuditLog(defaultAuditPath()),
		};
		const {env: baseEnvironment} = scrubEnvironment(process.env, {keep: policy.keepEnv, extraPatterns: policy.scrubEnv});
		// The real keys are read from the server's own environment (the starting client's, unscrubbed); panes get the scrubbed one.
		const credentials = new CredentialService(settings.credentialProxy, process.env, services.audit.filePath);
		const server = new SessionServer(settings, services, baseEnvironment, credentials);
		await ensurePrivateDirectory(socketDirectory());
		if (!(await server.listen())) {
			return undefined;
		}

		fs.writeFileSync(serverPidPath(), `${process.pid}\n`, {mode: 0o600});
		if (settings.persistScrollback) {
			// A crash or a reboot loses at most this much pane text.
			setInterval(() => {
				for (const session of server.sessions.values()) {
					server.store.saveScrollback(session);
				}
			}, scrollbackSaveMs).unref();
		}

		server.idleTimer = setTimeout(() => {
			server.idleTimeOver = true;
			server.stopIfUnused();
		}, idleExitMs);
		server.watchStarter();
		return server;
	}

	/**
	 * The client that started this server holds the other end of its standard input, a pipe (see
	 * spawnServer). When that client ends and nothing else uses the server (it stopped at a bad flag
	 * or a broken workspace file), the server ends at once rather than after idleExitMs.
	 */
	private watchStarter(): void {
		try {
			// Node's 'pipe' is a socket pair; a terminal or /dev/null (a server started by hand) is no starter.
			const input = fs.fstatSync(0);
			if (!input.isSocket() && !input.isFIFO()) return;
		} catch {
			return;
		}

		const starterGone = () => {
			this.starterGone = true;
			process.stdin.destroy();
			this.stopIfUnused();
		};

		process.stdin.on('end', starterGone);
		process.stdin.on('error', starterGone);
		process.stdin.resume();
	}

	/**
	 * Ends a server that nothing uses: no session, none being made, and no client connected (one
	 * may be asking its user whether to restore a saved session), once its starter is gone or its
	 * idle time is over.
	 */
	private stopIfUnused(): void {
		if ((this.starterGone || this.idleTimeOver) && this.sessions.size === 0 && this.creating.size === 0 && this.connections.size === 0) {
			void this.stop();
		}
	}

	/** Ends every session and the server. Saved sessions stay saved, for a restore. */
	async stop(): Promise<void> {
		if (this.stopping) {
			return;
		}

		this.stopping = true;
		clearTimeout(this.idleTimer);
		this.server.close();
		if (this.settings.persistScrollback) {
			// Kill-server keeps the pane text for the restore; nothing is written unless the user asked.
			for (const session of this.sessions.values()) {
				this.store.saveScrollback(session);
			}
		}

		const ends = [...this.sessions.values()].map(async session => {
			this.closeLinks(session, {type: 'exit', code: 0, reason: 'server-exit'});
			await session.end(0);
		});
		await Promise.all(ends);
		await this.credentials.close().catch((error: unknown) => {
			logDiagnostic('credential proxy', error);
		});
		await this.sandboxHost.close().catch((error: unknown) => {
			logDiagnostic('server', error);
		});
		for (const socket of this.connections) {
			socket.destroy();
		}

		try {
			fs.rmSync(this.socketPath, {force: true});
			fs.rmSync(serverPidPath(), {force: true});
		} catch (error) {
			logDiagnostic('server', error);
		}

		process.exit(0);
	}

	private async listen(): Promise<boolean> {
		try {
			await listenPrivate(this.server, this.socketPath);
			return true;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
				throw error;
			}
		}

		// A socket is there: another server answers on it, or it was left by one that died.
		const alive = await new Promise<boolean>(resolve => {
			const probe = net.connect(this.socketPath);
			probe.once('connect', () => {
				probe.destroy();
				resolve(true);
			});
			probe.once('error', () => {
				resolve(false);
			});
		});
		if (alive) {
			return false;
		}

		fs.rmSync(this.socketPath, {force: true});
		await listenPrivate(this.server, this.socketPath);
		return true;
	}

	private accept(socket: net.Socket): void {
		this.connections.add(socket);
		socket.on('close', () => {
			this.connections.delete(socket);
			this.stopIfUnused();
		});
		socket.on('error', error => {
			logDiagnostic('server', `client connection: ${error.message}`);
			socket.destroy();
		});
		const refusal = refusePeer(socket);
		if (refusal !== undefined) {
			logDiagnostic('server', `refused a connection: ${refusal}`);
			socket.end(encodeControl({type: 'error', message: `agentmux: refused: ${refusal}`, exitCode: 1}));
			socket.resume();
			return;
		}

		const reader = new FrameReader(maxClientMessageBytes);
		let greeted = false;
		let link: ClientLink | undefined;
		let dropped = false;
		const drop = (reason: string) => {
			dropped = true;
			logDiagnostic('server', `dropped a client: ${reason}`);
			if (link) {
				link.close();
			} else {
				socket.destroy();
			}
		};

		const helloTimer = setTimeout(() => {
			drop('no hello in time');
		}, helloTimeoutMs);
		socket.on('close', () => {
			clearTimeout(helloTimer);
			if (reader.pending > 0 && !dropped) {
				logDiagnostic('server', `a client left mid-message (${reader.pending} bytes of it received)`);
			}

			link?.close();
		});
		socket.on('data', (chunk: Buffer) => {
			let frames: ReturnType<FrameReader['push']>;
			try {
				frames = reader.push(chunk);
			} catch (error) {
				drop(error instanceof FrameError ? error.message : String(error));
				return;
			}

			for (const frame of frames) {
				if (socket.destroyed) {
					return;
				}

				if (frame.kind === frameKinds.data) {
					if (!link) {
						drop('input before attaching');
						return;
					}

					link.input(frame.payload);
					continue;
				}

				let message: ClientMessage;
				try {
					const parsed = clientMessageSchema.safeParse(JSON.parse(frame.payload.toString('utf8')));
					if (!parsed.success) {
						drop(`bad message: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
						return;
					}

					message = parsed.data;
				} catch {
					drop('a message that is not JSON');
					return;
				}

				if (!greeted) {
					if (message.type !== 'hello') {
						drop(`"${message.type}" before hello`);
						return;
					}

					clearTimeout(helloTimer);
					if (message.version !== protocolVersion()) {
						logDiagnostic('server', `a client of another version (${message.version}) was turned away`);
						socket.end(encodeControl({type: 'error', message: versionMismatch(message.version, protocolVersion()), exitCode: 1}));
						return;
					}

					greeted = true;
					send(socket, {type: 'welcome', version: protocolVersion()});
					continue;
				}

				if (link) {
					if (message.type === 'resize') {
						link.resize(message.cols, message.rows);
						const session = this.sessionOf(link);
						if (session && this.latest.get(session) === link) {
							session.panes.resize(message.cols, message.rows);
						}
					} else if (message.type === 'drawn') {
						link.drawn(message.bytes);
					} else if (message.type === 'ready') {
						link.ready();
					} else if (message.type === 'detach') {
						link.close({type: 'exit', code: 0, reason: 'detached'});
					} else {
						drop(`"${message.type}" while attached`);
					}

					continue;
				}

				void this.request(socket, message).then(
					attached => {
						link = attached;
					},
					(error: unknown) => {
						logDiagnostic('server', error);
						socket.end(encodeControl({type: 'error', message: `agentmux: ${(error as Error).message}`, exitCode: 1}));
					},
				);
			}
		});
	}

	private sessionOf(link: ClientLink): ServerSession | undefined {
		for (const [session, links] of this.links) {
			if (links.has(link)) {
				return session;
			}
		}

		return undefined;
	}

	/** Answers one request; resolves with the link when the client is now attached. */
	private async request(socket: net.Socket, message: ClientMessage): Promise<ClientLink | undefined> {
		switch (message.type) {
			case 'list': {
				// Worktree counts fresh from git: a script reading ls --json sees what is there now.
				await Promise.all([...this.sessions.values()].map(async session => session.refreshWorktrees()));
				const sessions = await Promise.all(
					[...this.sessions.values()].map(async session => {
						const worktrees = await session.worktreeSummary();
						return {...session.summary(this.socketPath), ...(worktrees.length > 0 ? {worktrees} : {})};
					}),
				);
				const running = new Set(this.sessions.keys());
				socket.end(encodeControl({type: 'sessions', sessions, saved: this.store.names().filter(name => !running.has(name))}));
				return undefined;
			}

			case 'kill': {
				const session = this.sessions.get(message.session);
				if (!session) {
					socket.end(encodeControl({type: 'error', message: `no session ${message.session} (see agentmux ls)`, exitCode: 1}));
					return undefined;
				}

				this.closeLinks(session, {type: 'exit', code: 0, reason: 'ended'});
				this.store.remove(session.name);
				await session.end(0);
				socket.end(encodeControl({type: 'done'}));
				return undefined;
			}

			case 'kill-server': {
				socket.end(encodeControl({type: 'done'}));
				void this.stop();
				return undefined;
			}

			case 'attach': {
				return this.attach(socket, message);
			}

			default: {
				socket.end(encodeControl({type: 'error', message: `agentmux: unexpected "${message.type}"`, exitCode: 1}));
				return undefined;
			}
		}
	}

	private async attach(socket: net.Socket, request: Extract<ClientMessage, {type: 'attach'}>): Promise<ClientLink | undefined> {
		const name = request.session ?? this.latestSession()?.name;
		if (name === undefined) {
			socket.end(encodeControl({type: 'error', message: 'no session to attach to (see agentmux ls)', exitCode: 1}));
			return undefined;
		}

		const message = {...request, session: name};
		let session = this.sessions.get(message.session) ?? (await this.creating.get(message.session));
		if (session && 'errors' in session) {
			session = undefined;
		}

		if (!session) {
			const saved = this.store.load(message.session);
			let panes: PaneSpec[] | undefined;
			let layout = message.create?.layout ?? this.settings.defaultLayout;
			let restored = false;
			if (saved && message.restore === undefined && message.create) {
				// Saved but not running: the client asks the user first.
				socket.write(encodeControl({type: 'saved', session: message.session, panes: saved.panes.map(pane => pane.name)}));
				return undefined;
			}

			let history: Record<string, string> | undefined;
			let titles: Record<string, string> | undefined;
			if (saved && message.restore === true) {
				panes = saved.panes.map(pane => this.store.resumeSpec(pane));
				layout = saved.tree !== undefined && leafCount(saved.tree) === panes.length ? saved.tree : saved.layout;
				restored = true;
				history = this.settings.persistScrollback ? this.store.loadScrollback(message.session) : undefined;
				titles = Object.fromEntries(saved.panes.flatMap(pane => (pane.title === undefined ? [] : [[pane.name, pane.title]])));
			} else if (message.create) {
				panes = message.create.panes;
			}

			if (!panes) {
				socket.end(encodeControl({type: 'error', message: `no session ${message.session}: see agentmux ls`, exitCode: 1}));
				return undefined;
			}

			const created = this.createSession(message.session, panes, layout, {restored, history, titles});
			const result = await created;
			if ('errors' in result) {
				socket.end(encodeControl({type: 'error', message: result.errors.join('\n'), exitCode: 2}));
				return undefined;
			}

			session = result;
		}

		if (socket.destroyed) {
			return undefined;
		}

		// tmux's way: the server draws on the client's terminal itself, and the client only sends keys.
		let terminal: tty.WriteStream | undefined;
		if (message.terminal) {
			const opened = openClientTerminal(message.terminal);
			if (typeof opened === 'string') {
				logDiagnostic('server', `the client relays its drawing: ${opened}`);
			} else {
				terminal = opened;
			}
		}

		send(socket, {type: 'attached', session: session.name});
		const target = session;
		// A pane's program that is behind on its input holds every client's keyboard: the socket stops
		// being read, the client's writes back up, and the client stops reading its terminal. Keys wait
		// in the kernel's buffers instead of in memory here, and none is dropped.
		const holdInput = (held: boolean) => {
			if (held) {
				socket.pause();
			} else {
				socket.resume();
			}
		};

		target.panes.on('inputHeld', holdInput);
		holdInput(target.panes.inputHeld);
		const link: ClientLink = new ClientLink({
			socket,
			terminal,
			session: target,
			settings: this.settings,
			cols: message.cols,
			rows: message.rows,
			tmux: message.tmux === true,
			noColor: message.noColor === true,
			onActive: active => {
				if (this.latest.get(target) !== active) {
					this.latest.set(target, active);
					target.panes.resize(active.view.size.cols, active.view.size.rows);
				}
			},
			onClose: closed => {
				target.panes.off('inputHeld', holdInput);
				const links = this.links.get(target);
				links?.delete(closed);
				target.clients = links?.size ?? 0;
				target.lastUsed = Date.now();
				target.panes.watched = target.clients > 0;
				if (this.latest.get(target) === closed) {
					this.latest.delete(target);
					const next = [...(links ?? [])].at(-1);
					if (next) {
						this.latest.set(target, next);
						target.panes.resize(next.view.size.cols, next.view.size.rows);
					}
				}
			},
		});
		const links = this.links.get(target) ?? new Set();
		links.add(link);
		this.links.set(target, links);
		target.clients = links.size;
		target.lastUsed = Date.now();
		target.panes.watched = true;
		this.latest.set(target, link);
		target.panes.resize(message.cols, message.rows);
		link.view.greet();
		return link;
	}

	private async createSession(
		name: string,
		panes: PaneSpec[],
		layout: LayoutSpec,
		restore: {restored: boolean; history?: Record<string, string> | undefined; titles?: Record<string, string> | undefined},
	): Promise<ServerSession | {errors: string[]}> {
		const {restored, history, titles} = restore;
		const pending = ServerSession.create({
			name,
			settings: this.settings,
			panes,
			layout,
			services: this.services,
			baseEnvironment: this.baseEnvironment,
			credentials: this.credentials,
			restored,
			...(history ? {history} : {}),
			...(titles ? {titles} : {}),
			sandboxHost: this.sandboxHost,
			workTrees: () => [...this.sessions.values()].flatMap(session => session.panes.sessions.map(pane => pane.spec.cwd)),
		});
		this.creating.set(name, pending);
		try {
			const result = await pending;
			if (!('errors' in result)) {
				this.sessions.set(name, result);
				clearTimeout(this.idleTimer);
				result.on('saveNeeded', () => {
					this.store.save(result);
				});
				this.store.save(result);
				result.on('ended', () => {
					this.sessionEnded(result);
				});
			}

			return result;
		} finally {
			this.creating.delete(name);
		}
	}

	private sessionEnded(session: ServerSession): void {
		if (this.sessions.get(session.name) !== session) {
			return;
		}

		this.sessions.delete(session.name);
		if (!this.stopping) {
			// The panes ended or the user quit: nothing to restore.
			this.store.remove(session.name);
			this.closeLinks(session, {type: 'exit', code: 0, reason: 'ended'});
		}

		this.links.delete(session);
		this.latest.delete(session);
		if (this.sessions.size === 0 && this.creating.size === 0 && !this.stopping) {
			// The last session is over: so is the server, once the panes' programs have been told.
			void session.end(0).finally(() => {
				void this.stop();
			});
		}
	}

	/** The running session a client attached to or left most recently. */
	private latestSession(): ServerSession | undefined {
		let latest: ServerSession | undefined;
		for (const session of this.sessions.values()) {
			if (!latest || session.lastUsed > latest.lastUsed) latest = session;
		}

		return latest;
	}

	private closeLinks(session: ServerSession, message: ServerMessage): void {
		for (const link of [...(this.links.get(session) ?? [])]) {
			link.close(message);
		}
	}
}

function send(socket: net.Socket, message: ServerMessage): void {
	if (!socket.destroyed && socket.writable) {
		socket.write(encodeControl(message));
	}
}

/** The hidden `agentmux __server` entry: runs the server until its last session ends. */
export async function runServer(): Promise<void> {
	// The server has no terminal: a library's console output goes to the diagnostic log.
	captureConsole();
	let server: SessionServer | undefined;
	// One bad moment must not take every user's agents down with it: an uncaught error is logged
	// and the panes go on. Only a storm of them (the server failing in a loop) ends it.
	const faults = new FaultBudget(faultLimit, faultWindowMs);
	const fault = (error: unknown) => {
		logDiagnostic('server uncaught', error);
		if (faults.spend()) {
			logDiagnostic('server', `more than ${faultLimit} errors within ${faultWindowMs / 1000} s: ending`);
			if (server) {
				void server.stop();
			} else {
				process.exit(1);
			}
		}
	};

	process.on('uncaughtException', fault);
	process.on('unhandledRejection', fault);
	try {
		server = await SessionServer.start();
	} catch (error) {
		logDiagnostic('server start', error);
		process.exit(1);
	}

	if (!server) {
		process.exit(0);
	}

	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
		process.on(signal, () => {
			void server.stop();
		});
	}
}
