import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {encodeControl, encodeFrame, FrameError, FrameReader, frameKinds} from '../../source/ipc/frames.js';
import {ensurePrivateDirectory, privateDirectoryProblem} from '../../source/ipc/private-socket.js';
import {clientMessageSchema} from '../../source/ipc/protocol.js';
import {serverSocketPath, socketDirectory} from '../../source/ipc/socket-location.js';
import {SessionStore} from '../../source/server/session-store.js';

function temporary(t: {after: (fn: () => void) => void}): string {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-ipc-'));
	t.after(() => {
		fs.rmSync(folder, {recursive: true, force: true});
	});
	return folder;
}

describe('FrameReader', () => {
	it('cuts frames out of a stream however it is split', () => {
		const stream = Buffer.concat([encodeControl({type: 'list'}), encodeFrame(frameKinds.data, 'héllo'), encodeFrame(frameKinds.data, '')]);
		for (const step of [1, 2, 3, 7, stream.length]) {
			const reader = new FrameReader(1024);
			const frames = [];
			for (let offset = 0; offset < stream.length; offset += step) {
				frames.push(...reader.push(stream.subarray(offset, offset + step)));
			}

			assert.deepEqual(
				frames.map(frame => [frame.kind, frame.payload.toString('utf8')]),
				[
					[1, '{"type":"list"}'],
					[2, 'héllo'],
					[2, ''],
				],
				`step ${step}`,
			);
			assert.equal(reader.pending, 0);
		}
	});

	it('refuses a frame over the limit as soon as its header arrives, and an unknown kind', () => {
		const huge = Buffer.alloc(5);
		huge.writeUInt32BE(2000, 0);
		huge.writeUInt8(frameKinds.data, 4);
		assert.throws(() => new FrameReader(1024).push(huge), FrameError);
		const odd = encodeFrame(frameKinds.data, 'x');
		odd.writeUInt8(9, 4);
		assert.throws(() => new FrameReader(1024).push(odd), /unknown message kind 9/);
		const empty = Buffer.alloc(5);
		assert.throws(() => new FrameReader(1024).push(empty), FrameError);
	});

	it('holds an incomplete frame as pending', () => {
		const reader = new FrameReader(1024);
		const frame = encodeControl({type: 'detach'});
		assert.deepEqual(reader.push(frame.subarray(0, 8)), []);
		assert.equal(reader.pending, 8);
	});
});

describe('client messages', () => {
	it('accept what a client sends and refuse the rest', () => {
		assert.ok(clientMessageSchema.safeParse({type: 'attach', session: 'main', cols: 80, rows: 24}).success);
		assert.ok(!clientMessageSchema.safeParse({type: 'attach', session: '../x', cols: 80, rows: 24}).success, 'a path is no session name');
		assert.ok(!clientMessageSchema.safeParse({type: 'attach', session: 'main', cols: 0, rows: 24}).success);
		assert.ok(!clientMessageSchema.safeParse({type: 'resize', cols: 80, rows: 24, extra: 1}).success, 'strict');
		assert.ok(!clientMessageSchema.safeParse({type: 'shell', command: 'rm'}).success);
		assert.ok(clientMessageSchema.safeParse({type: 'drawn', bytes: 16_384}).success);
		assert.ok(!clientMessageSchema.safeParse({type: 'drawn', bytes: -1}).success, 'a count of bytes is not negative');
		assert.ok(!clientMessageSchema.safeParse({type: 'drawn', bytes: 1.5}).success);
	});
});

describe('the socket folder', () => {
	it('is $XDG_RUNTIME_DIR/agentmux, else ${TMPDIR:-/tmp}/agentmux-<uid>', () => {
		assert.equal(socketDirectory({XDG_RUNTIME_DIR: '/run/user/7'}), '/run/user/7/agentmux');
		assert.equal(socketDirectory({TMPDIR: '/var/tmp'}), `/var/tmp/agentmux-${process.getuid!()}`);
		assert.equal(socketDirectory({}), `/tmp/agentmux-${process.getuid!()}`);
		assert.equal(serverSocketPath({XDG_RUNTIME_DIR: '/r'}), '/r/agentmux/server.sock');
	});

	it('is created 0700, and one that others can enter or that is a link is refused with the reason', async t => {
		const root = temporary(t);
		const folder = path.join(root, 'agentmux');
		await ensurePrivateDirectory(folder);
		assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
		fs.chmodSync(folder, 0o750);
		assert.match((await privateDirectoryProblem(folder)) ?? '', /accessible to others \(mode 750/);
		await assert.rejects(ensurePrivateDirectory(folder), /refusing .* accessible to others/);
		const link = path.join(root, 'link');
		fs.symlinkSync(folder, link);
		assert.match((await privateDirectoryProblem(link)) ?? '', /symbolic link/);
	});
});

describe('SessionStore', () => {
	it('lists saved sessions, ignores a bad file, and never lists pane text files as sessions', t => {
		const folder = temporary(t);
		const store = new SessionStore({directory: folder});
		fs.writeFileSync(
			path.join(folder, 'good.json'),
			JSON.stringify({version: 1, name: 'good', layout: 'tiled', savedAt: 'x', panes: [{name: 'sh', command: 'bash', args: [], cwd: '/', envKeys: ['A'], onExit: 'close'}]}),
		);
		fs.writeFileSync(path.join(folder, 'bad.json'), '{"version": 2}');
		fs.writeFileSync(path.join(folder, 'good.scrollback.json'), '{"version": 1, "panes": {}}');
		assert.deepEqual(store.names(), ['bad', 'good']);
		assert.equal(store.load('bad'), undefined);
		const saved = store.load('good');
		assert.equal(saved?.panes[0]?.name, 'sh');
		// Variables come back by name, with today's values; an agent's id becomes its resume id.
		const spec = store.resumeSpec({...saved!.panes[0]!, agent: 'claude', conversationId: 'abc-123'}, {A: 'now'});
		assert.deepEqual(spec.env, {A: 'now'});
		assert.equal(spec.resumeId, 'abc-123');
		store.remove('good');
		assert.deepEqual(fs.readdirSync(folder).sort(), ['bad.json']);
	});
});
