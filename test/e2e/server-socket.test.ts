import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {encodeControl, encodeFrame, frameKinds} from '../../source/ipc/frames.js';
import {protocolVersion} from '../../source/ipc/protocol.js';
import {nodeForNobody, othersCanReach} from '../helpers/node-for-nobody.js';
import {bashPane, makeTempDir, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

function socketOf(am: TerminalHarness): string {
	return path.join(am.runtimeDir, 'agentmux', 'server.sock');
}

function diagnosticLog(am: TerminalHarness): string {
	try {
		return fs.readFileSync(path.join(am.stateDir, 'agentmux.log'), 'utf8');
	} catch {
		return '';
	}
}

/** Connects, writes `chunks` (then closes its side when `end`), and resolves with everything the server sent before closing. */
async function rawExchange(socketPath: string, chunks: Buffer[], options: {end?: boolean; timeoutMs?: number} = {}): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(socketPath);
		const received: Buffer[] = [];
		const timer = setTimeout(() => {
			socket.destroy();
			resolve(Buffer.concat(received));
		}, options.timeoutMs ?? 10_000);
		socket.on('connect', () => {
			for (const chunk of chunks) {
				socket.write(chunk);
			}

			if (options.end) {
				socket.end();
			}
		});
		socket.on('data', chunk => received.push(chunk));
		socket.on('error', error => {
			if ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return;
			clearTimeout(timer);
			reject(error);
		});
		socket.on('close', () => {
			clearTimeout(timer);
			resolve(Buffer.concat(received));
		});
	});
}

async function startedSession(t: {after: (fn: () => Promise<void>) => void}): Promise<TerminalHarness> {
	const am = startAgentmux(t, {args: ['-s', 'safe'], workspace: {panes: [bashPane('one')]}});
	await am.waitForText(/^┃\$ +┃$/);
	return am;
}

async function stillWorks(am: TerminalHarness, word: string): Promise<void> {
	await am.type(`echo ${word}\r`);
	await am.waitForText(new RegExp(`^┃${word} +┃$`));
}

test('the socket folder is 0700 and the socket 0600, both owned by the user', async t => {
	const am = await startedSession(t);
	const folder = fs.lstatSync(path.join(am.runtimeDir, 'agentmux'));
	assert.ok(folder.isDirectory());
	assert.equal(folder.mode & 0o777, 0o700);
	assert.equal(folder.uid, process.getuid!());
	const socket = fs.lstatSync(socketOf(am));
	assert.ok(socket.isSocket());
	assert.equal(socket.mode & 0o777, 0o600);
});

for (const [what, prepare, reason] of [
	[
		'group- or world-accessible',
		(folder: string) => {
			fs.mkdirSync(folder, {mode: 0o755});
			fs.chmodSync(folder, 0o755);
		},
		/accessible to others \(mode 755, must be 700\)/,
	],
	[
		'a symbolic link',
		(folder: string) => {
			const real = makeTempDir('agentmux-elsewhere-');
			fs.symlinkSync(real, folder);
		},
		/is a symbolic link/,
	],
	[
		'owned by someone else',
		(folder: string) => {
			fs.mkdirSync(folder, {mode: 0o700});
			fs.chownSync(folder, 65_534, 65_534);
		},
		/is owned by uid 65534/,
	],
] as const) {
	test(`a socket folder that is ${what} is refused with the reason`, async t => {
		const runtime = makeTempDir('agentmux-runtime-');
		t.after(() => {
			fs.rmSync(runtime, {recursive: true, force: true});
		});
		prepare(path.join(runtime, 'agentmux'));
		const am = startAgentmux(t, {env: {XDG_RUNTIME_DIR: runtime}, workspace: {panes: [bashPane('one')]}});
		const result = await am.waitForExit();
		assert.equal(result.exitCode, 1);
		assert.match(am.rawOutput, reason);
		assert.equal(fs.existsSync(path.join(runtime, 'agentmux', 'server.sock')), false, 'no server started there');
		const listed = await am.run(['ls']);
		assert.equal(listed.exitCode, 1);
		assert.match(listed.stderr, reason);
	});
}

test('as root: a client running as nobody is refused by its peer uid even when the modes would let it in', {
	skip: process.getuid!() !== 0 && 'starting a process as another user needs root',
}, async t => {
	const node = nodeForNobody(t);
	if (!node || !othersCanReach(os.tmpdir())) {
		t.skip(`the nobody user cannot reach ${os.tmpdir()}, where the test's socket and a node for it would live`);
		return;
	}

	const am = await startedSession(t);
	// Open the filesystem locks on purpose, to see the uid lock hold on its own.
	for (const folder of [path.dirname(am.runtimeDir), am.runtimeDir, path.join(am.runtimeDir, 'agentmux')]) {
		fs.chmodSync(folder, 0o711);
	}

	fs.chmodSync(socketOf(am), 0o666);
	const hello = encodeControl({type: 'hello', version: protocolVersion()}).toString('base64');
	// The script is given inline: the checkout may sit in a folder nobody cannot read.
	const client = spawn(
		node,
		[
			'-e',
			`
		const socket = require('node:net').connect(${JSON.stringify(socketOf(am))}, () => socket.write(Buffer.from(${JSON.stringify(hello)}, 'base64')));
		let data = '';
		socket.on('data', chunk => { data += chunk.toString('latin1'); });
		socket.on('close', () => { process.stdout.write(data); });
		socket.on('error', error => { process.stdout.write('error ' + error.code); });
	`,
		],
		{uid: 65_534, gid: 65_534, cwd: '/', stdio: ['ignore', 'pipe', 'inherit'], timeout: 10_000},
	);
	let output = '';
	client.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	await new Promise(resolve => {
		client.once('error', error => {
			output += `spawn failed: ${error.message}`;
			resolve(undefined);
		});
		client.once('close', resolve);
	});
	assert.match(output, /refused: peer uid 65534 \(pid \d+\) is not 0/);
	assert.doesNotMatch(output, /welcome/);
	assert.match(diagnosticLog(am), /refused a connection: peer uid 65534/);
	await stillWorks(am, 'after-nobody');
});

test('a client of another version is told to restart the server', async t => {
	const am = await startedSession(t);
	const reply = await rawExchange(socketOf(am), [encodeControl({type: 'hello', version: '0.0.0/0'})]);
	assert.match(reply.toString('utf8'), /restart the server \(agentmux kill-server\)/);
	await stillWorks(am, 'after-version');
});

test('10 MB of garbage, a huge message, bad JSON, a bad message and a half message are each dropped and logged; the server and its client carry on', async t => {
	const am = await startedSession(t);
	const socket = socketOf(am);
	const hello = encodeControl({type: 'hello', version: protocolVersion()});
	const garbage = randomBytes(10 * 1024 * 1024);
	// Whatever its first bytes say, garbage is not a stream of frames the server accepts.
	garbage.writeUInt32BE(0xff_ff_ff_f0, 0);
	await rawExchange(socket, [garbage]);
	const huge = Buffer.alloc(5);
	// The length counts the kind byte: a payload of 10 MB - 1.
	huge.writeUInt32BE(10 * 1024 * 1024, 0);
	huge.writeUInt8(frameKinds.control, 4);
	await rawExchange(socket, [hello, huge, Buffer.alloc(64 * 1024, 0x41)]);
	await rawExchange(socket, [hello, encodeFrame(frameKinds.control, '{not json')]);
	await rawExchange(socket, [hello, encodeControl({type: 'attach', session: '../../etc', cols: -1, rows: 1})]);
	await rawExchange(socket, [encodeFrame(frameKinds.data, 'keys before hello')]);
	const half = encodeControl({type: 'list'});
	await rawExchange(socket, [hello, half.subarray(0, half.length - 3)], {end: true, timeoutMs: 3000});
	// The server logs a connection's end once it has closed it, a moment after the client saw it close.
	await am.waitFor(() => /a client left mid-message/.test(diagnosticLog(am)), 'the half message to be logged', {timeoutMs: 5000});
	const log = diagnosticLog(am);
	assert.match(log, /dropped a client: message of \d+ bytes is over the limit/);
	assert.match(log, /dropped a client: message of 10485759 bytes is over the limit of 1048576/);
	assert.match(log, /dropped a client: a message that is not JSON/);
	assert.match(log, /dropped a client: bad message: /);
	assert.match(log, /dropped a client: input before attaching/);
	assert.match(log, /a client left mid-message/);
	await stillWorks(am, 'after-garbage');
	const listed = await am.run(['ls', '--json']);
	assert.equal(JSON.parse(listed.stdout).length, 1);
});
