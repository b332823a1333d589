import {spawn} from 'node:child_process';
import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {encodeControl, encodeFrame, FrameReader, frameKinds} from '../ipc/frames.js';
import {assertPrivateDirectory, ensurePrivateDirectory} from '../ipc/private-socket.js';
import {type ClientMessage, maxServerMessageBytes, protocolVersion, type ServerMessage, serverMessageSchema, versionMismatch} from '../ipc/protocol.js';
import {serverSocketPath, socketDirectory} from '../ipc/socket-location.js';

/** The CLI entry the server is started from (`agentmux __server`). */
const cliPath = fileURLToPath(new URL('../cli.js', import.meta.url));
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

	private constructor(readonly socket: net.Socket) {
		super();
		socket.on('data', (chunk: Buffer) => {
			let frames: ReturnType<FrameReader['push']>;
			try {
				frames = this.reader.push(chunk);
			} catch (error) {
				this.fail(`the server sent something unreadable: ${(error as Error).message}`);
				return;
			}

			for (const frame of frames) {
				if (frame.kind === frameKinds.data) {
					this.emit('data', frame.payload);
					continue;
				}

				let parsed: ReturnType<typeof serverMessageSchema.safeParse> | undefined;
				try {
					parsed = serverMessageSchema.safeParse(JSON.parse(frame.payload.toString('utf8')));
				} catch {
					parsed = undefined;
				}

				if (!parsed?.success) {
					this.fail('the server sent a message this client does not know: restart the server (agentmux kill-server)');
					return;
				}

				this.emit('message', parsed.data);
			}
		});
		socket.on('error', error => {
			this.closedWith ??= error.message;
		});
		socket.on('close', () => {
			this.emit('close', this.closedWith);
		});
	}

	/** Connects and says hello; rejects with a user-facing reason (a different version, a refusal). */
	static async open(socketPath = serverSocketPath()): Promise<ServerConnection> {
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
		const reply = await connection.next();
		if (reply.type === 'error') {
			socket.destroy();
			throw new Error(reply.message);
		}

		if (reply.type !== 'welcome') {
			socket.destroy();
			throw new Error('agentmux: the server did not answer the handshake: restart the server (agentmux kill-server)');
		}

		if (reply.version !== protocolVersion()) {
			socket.destroy();
			throw new Error(versionMismatch(protocolVersion(), reply.version));
		}

		return connection;
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

/** Connects to the running server; undefined when none runs. */
export async function connectToServer(): Promise<ServerConnection | undefined> {
	const directory = socketDirectory();
	if (!lstatOrUndefined(directory)) return undefined;
	// A server behind a folder others could have swapped is not ours to talk to.
	await assertPrivateDirectory(directory);
	try {
		return await ServerConnection.open();
	} catch (error) {
		if (notRunning(error)) return undefined;
		throw error;
	}
}

/**
 * Node flags for the server. A young generation of at most 4 MB a half (V8's default grows it to
 * 16): pane output makes many short-lived strings and cells, and the smaller nursery, collected
 * more often, stays in the CPU's cache. Measured on this machine kind, 4 panes x 5 MB of coloured
 * log lines: peak RSS 290 MB instead of 360 and less CPU; 10 MB of short lines: 2.8 s of CPU
 * instead of 3.1-3.8, peak 175 MB instead of 207; idle with 4 panes: 125 MB instead of 140.
 */
const serverNodeFlags = ['--max-semi-space-size=4'];

/** Connects to the server, starting it first when none runs. */
export async function connectOrStartServer(): Promise<ServerConnection> {
	// The folder is made private here, so a bad one is reported to the user rather than to the server's log.
	await ensurePrivateDirectory(socketDirectory());
	const running = await connectToServer();
	if (running) return running;
	// The server is detached: its own session, no terminal, nothing of the client's stdio.
	const child = spawn(process.execPath, [...serverNodeFlags, cliPath, '__server'], {detached: true, stdio: 'ignore', env: process.env});
	child.unref();
	const started = Date.now();
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 30);
		});
		try {
			// eslint-disable-next-line no-await-in-loop
			return await ServerConnection.open();
		} catch (error) {
			if (!notRunning(error) || Date.now() - started > serverStartMs) {
				throw notRunning(error) ? new Error('agentmux: the server did not start (see the diagnostic log, agentmux.log in the state folder)') : error;
			}
		}
	}
}
