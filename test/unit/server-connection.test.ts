import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {ServerConnection} from '../../source/client/server-connection.js';
import {encodeControl, encodeFrame, type Frame, FrameReader, frameKinds} from '../../source/ipc/frames.js';
import {protocolVersion} from '../../source/ipc/protocol-version.js';
import type {ServerMessage} from '../../source/ipc/server-messages.js';
import {cliPath, runningFromBundle} from '../../source/startup/cli-location.js';

type FakeServer = {socketPath: string; received: Promise<unknown[]>};

/**
 * A server on a private socket that waits until it has read `expected` control messages, then
 * answers with `reply` in a single write: what a real server sends to a pipelined hello and attach.
 */
async function fakeServer(t: {after: (fn: () => void) => void}, expected: number, reply: Buffer[]): Promise<FakeServer> {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-conn-'));
	const socketPath = path.join(folder, 'server.sock');
	let resolveReceived: (messages: unknown[]) => void = () => undefined;
	const received = new Promise<unknown[]>(resolve => {
		resolveReceived = resolve;
	});
	const server = net.createServer(socket => {
		const reader = new FrameReader(1024 * 1024);
		const messages: unknown[] = [];
		socket.on('data', chunk => {
			for (const frame of reader.push(chunk) as Frame[]) {
				messages.push(JSON.parse(frame.payload.toString('utf8')));
			}

			if (messages.length === expected) {
				resolveReceived(messages);
				socket.write(Buffer.concat(reply));
			}
		});
		socket.on('error', () => undefined);
	});
	await new Promise<void>(resolve => {
		server.listen(socketPath, resolve);
	});
	t.after(() => {
		server.close();
		fs.rmSync(folder, {recursive: true, force: true});
	});
	return {socketPath, received};
}

const welcome = () => encodeControl({type: 'welcome', version: protocolVersion()});
const attachRequest = {type: 'attach', session: 'main', cols: 80, rows: 24} as const;

describe('ServerConnection', () => {
	it('sends the attach with the hello, and holds the answer until the client listens', async t => {
		const server = await fakeServer(t, 2, [welcome(), encodeControl({type: 'attached', session: 'main'}), encodeFrame(frameKinds.data, 'first frame')]);
		const connection = await ServerConnection.open(server.socketPath, attachRequest);
		// Both went out before any answer: one round trip to the first frame.
		assert.deepEqual(await server.received, [{type: 'hello', version: protocolVersion()}, attachRequest]);
		// The answer came in the same write as the welcome; nothing is lost while nobody listens.
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
		const seen: string[] = [];
		connection.on('message', message => seen.push(message.type));
		connection.on('data', data => seen.push(`data:${data.toString('utf8')}`));
		connection.start();
		assert.deepEqual(seen, ['attached', 'data:first frame']);
		connection.socket.destroy();
	});

	it('refuses a server message that does not match the schema, and acts on none after it', async t => {
		const server = await fakeServer(t, 2, [
			welcome(),
			// `session` must be a string: a client that acted on this would enter full screen for nothing.
			encodeControl({type: 'attached', session: 5}),
			encodeFrame(frameKinds.data, 'never written'),
		]);
		const connection = await ServerConnection.open(server.socketPath, attachRequest);
		const seen: ServerMessage[] = [];
		const data: Buffer[] = [];
		const closed = new Promise<string | undefined>(resolve => {
			connection.on('close', resolve);
		});
		connection.on('message', message => seen.push(message));
		connection.on('data', chunk => data.push(chunk));
		connection.start();
		assert.match((await closed) ?? '', /the server sent a message this client does not know/);
		assert.deepEqual(seen, []);
		assert.deepEqual(data, []);
	});

	it('rejects a malformed answer to the hello, and a server of another version', async t => {
		const garbled = await fakeServer(t, 1, [encodeControl({type: 'welcome'})]);
		await assert.rejects(ServerConnection.open(garbled.socketPath), /did not answer the handshake/);
		const older = await fakeServer(t, 1, [encodeControl({type: 'welcome', version: '0.0.1/1'})]);
		await assert.rejects(ServerConnection.open(older.socketPath), /different versions/);
		const refusing = await fakeServer(t, 2, [encodeControl({type: 'error', message: 'agentmux: refused: other versions', exitCode: 1})]);
		await assert.rejects(ServerConnection.open(refusing.socketPath, attachRequest), /refused: other versions/);
	});
});

describe('cli-location', () => {
	it('finds tsc’s CLI when the modules run unbundled', () => {
		assert.equal(runningFromBundle, false);
		assert.equal(cliPath, path.resolve(import.meta.dirname, '../../source/cli.js'));
		assert.ok(fs.existsSync(cliPath));
	});
});

describe('the bundle', () => {
	it('keeps `agentmux attach` apart: zod/mini and the client, not zod’s full API or the server’s schemas', () => {
		const bundle = fs.readFileSync(path.resolve(import.meta.dirname, '../../bundle/attach.js'), 'utf8');
		assert.match(bundle, /zod\/v4\/mini\//);
		assert.match(bundle, /client\/server-connection\.js/);
		for (const heavy of [/zod\/v4\/classic\//, /sandbox-schema\.js/, /session-store\.js/, /node_modules\/ink\//]) {
			assert.doesNotMatch(bundle, heavy);
		}
	});
});
