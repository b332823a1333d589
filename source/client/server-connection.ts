import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import {encodeControl, encodeFrame, type Frame, FrameReader, frameKinds} from '../ipc/frames.js';
import {assertPrivateDirectory, ensurePrivateDirectory} from '../ipc/private-socket.js';
import type {ClientMessage} from '../ipc/protocol.js';
import {maxServerMessageBytes, protocolVersion, versionMismatch} from '../ipc/protocol-version.js';
import {type ServerMessage, serverMessageSchema} from '../ipc/server-messages.js';
import {serverSocketPath, socketDirectory} from '../ipc/socket-location.js';
import {spawnServer, startedServer} from './server-start.js';

/** How long a client waits for a server it started to listen. */
const serverStartMs = 15_000;

type ConnectionEvents = {
	message: [ServerMessage];
	data: [Buffer];
	/** The connection is gone; `error` says why when it broke rather than ended. */
	close: [string | undefined];
};

/** A client's connection to the server: framed messages both ways, validated on arrival. */
export class ServerConnection extends EventEmitter<ConnectionEvents> {
	private readonly reader = new FrameReader(maxServerMessageBytes);
	private closedWith: string | undefined;
	/**
	 * Frames that arrived before anyone listens: a request sent with the hello is answered in the
	 * same breath as the welcome, and its answer must wait for the code that acts on it.
	 */
	private held: Frame[] | undefined = [];
	private onHeld: (() => void) | undefined;

	private constructor(readonly socket: net.Socket) {
		super();
		socket.on('data', (chunk: Buffer) => {
			let frames: Frame[];
			try {
				frames = this.reader.push(chunk);
			} catch (error) {
				this.fail(`the server sent something unreadable: ${(error as Error).message}`);
				return;
			}

			for (const frame of frames) {
				if (this.socket.destroyed) return;
				if (this.held) {
					this.held.push(frame);
					this.onHeld?.();
				} else {
					this.dispatch(frame);
				}
			}
		});
		socket.on('error', error => {
			this.closedWith ??= error.message;
		});
		socket.on('close', () => {
			this.onHeld?.();
			this.emit('close', this.closedWith);
		});
	}

	/**
	 * Connects and says hello; rejects with a user-facing reason (a different version, a refusal).
	 * `request` goes out with the hello, without waiting for the welcome: the server reads both in
	 * order and refuses another version before it looks at the request. Its answer is held until
	 * start() is called; without a request the connection starts at once.
	 */
	static async open(socketPath = serverSocketPath(), request?: ClientMessage): Promise<ServerConnection> {
		const socket = await new Promise<net.Socket>((resolve, reject) => {
			const candidate = net.connect(socketPath);
			candidate.once('connect', () => {
				candidate.off('error', reject);
				resolve(candidate);
			});
			candidate.once('error', reject);
		});
		const connection = new ServerConnection(socket);
		connection.send({type: 'hello', version: protocolVersion()});
		if (request) connection.send(request);
		const reply = await connection.handshakeReply();
		if (reply?.type === 'error') {
			socket.destroy();
			throw new Error(reply.message);
		}

		if (reply?.type !== 'welcome') {
			socket.destroy();
			throw new Error('agentmux: the server did not answer the handshake: restart the server (agentmux kill-server)');
		}

		if (reply.version !== protocolVersion()) {
			socket.destroy();
			throw new Error(versionMismatch(protocolVersion(), reply.version));
		}

		if (!request) connection.start();
		return connection;
	}

	/** Hands the frames held so far, and every later one, to the listeners. */
	start(): void {
		const held = this.held ?? [];
		this.held = undefined;
		for (const frame of held) {
			if (this.socket.destroyed) return;
			this.dispatch(frame);
		}
	}

	/** The first frame, which must answer the hello; undefined when the connection ends first or it is not a known message. */
	private async handshakeReply(): Promise<ServerMessage | undefined> {
		await new Promise<void>(resolve => {
			this.onHeld = resolve;
			if ((this.held?.length ?? 0) > 0 || this.socket.destroyed) resolve();
		});
		this.onHeld = undefined;
		const first = this.held?.shift();
		return first?.kind === frameKinds.control ? this.parse(first) : undefined;
	}

	/** The message in a control frame, validated; undefined when it is not one this client knows. */
	private parse(frame: Frame): ServerMessage | undefined {
		try {
			const parsed = serverMessageSchema.safeParse(JSON.parse(frame.payload.toString('utf8')));
			return parsed.success ? parsed.data : undefined;
		} catch {
			return undefined;
		}
	}

	private dispatch(frame: Frame): void {
		if (frame.kind === frameKinds.data) {
			this.emit('data', frame.payload);
			return;
		}

		const message = this.parse(frame);
		if (message === undefined) {
			this.fail('the server sent a message this client does not know: restart the server (agentmux kill-server)');
			return;
		}

		this.emit('message', message);
	}

	/** The next control message; rejects when the connection closes first. */
	async next(): Promise<ServerMessage> {
		return new Promise((resolve, reject) => {
			const onMessage = (message: ServerMessage) => {
				this.off('close', onClose);
				resolve(message);
			};

			const onClose = (error: string | undefined) => {
				this.off('message', onMessage);
				reject(new Error(`agentmux: the server closed the connection${error ? ` (${error})` : ''}`));
			};

			this.once('message', onMessage);
			this.once('close', onClose);
		});
	}

	send(message: ClientMessage): void {
		if (!this.socket.destroyed && this.socket.writable) {
			this.socket.write(encodeControl(message));
		}
	}

	/** Sends keys; false when the socket's buffer is full (the server holds input): wait for 'drain'. */
	sendData(data: Buffer | string): boolean {
		if (!this.socket.destroyed && this.socket.writable) {
			return this.socket.write(encodeFrame(frameKinds.data, data));
		}

		return true;
	}

	private fail(reason: string): void {
		this.closedWith = reason;
		this.socket.destroy();
	}
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
	try {
		return fs.lstatSync(file);
	} catch {
		return undefined;
	}
}

function notRunning(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === 'ENOENT' || code === 'ECONNREFUSED';
}

/** Connects to the running server (sending `request` with the hello, see open); undefined when none runs. */
export async function connectToServer(request?: ClientMessage): Promise<ServerConnection | undefined> {
	const directory = socketDirectory();
	if (!lstatOrUndefined(directory)) return undefined;
	// A server behind a folder others could have swapped is not ours to talk to.
	await assertPrivateDirectory(directory);
	try {
		return await ServerConnection.open(undefined, request);
	} catch (error) {
		if (notRunning(error)) return undefined;
		throw error;
	}
}

/** Connects to the server, starting it first when none runs. */
export async function connectOrStartServer(request?: ClientMessage): Promise<ServerConnection> {
	// The folder is made private here, so a bad one is reported to the user rather than to the server's log.
	await ensurePrivateDirectory(socketDirectory());
	const running = await connectToServer(request);
	if (running) return running;
	const child = startedServer() ?? spawnServer();
	const started = Date.now();
	for (;;) {
		// A failed try costs a refused connect and nothing more: trying every 10 ms rather than 30
		// reaches a server that has just started listening about 10 ms sooner on average.
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
		try {
			// eslint-disable-next-line no-await-in-loop
			return await ServerConnection.open(undefined, request);
		} catch (error) {
			// A server that has ended without listening will not: its reason is in the log. (One that lost
			// the race to another server's socket ends too, but that server answers before this is asked.)
			const ended = child.exitCode !== null || child.signalCode !== null;
			if (!notRunning(error) || ended || Date.now() - started > serverStartMs) {
				throw notRunning(error) ? new Error('agentmux: the server did not start (see the diagnostic log, agentmux.log in the state folder)') : error;
			}
		}
	}
}
