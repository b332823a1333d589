import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import type tty from 'node:tty';
import pty, {type IPty} from 'node-pty';
import {openClientTerminal, TerminalDrawing} from '../../source/server/terminal-drawing.js';
import type {TerminalIdentity} from '../../source/terminal/terminal-identity.js';

type Context = {after: (fn: () => void) => void};

/** A pseudo-terminal with a sleeping program on it: the device a client would have as its terminal. */
function clientTerminal(t: Context): {master: IPty; identity: TerminalIdentity; output: () => string} {
	const master = pty.spawn('sleep', ['30'], {cols: 80, rows: 24});
	let output = '';
	master.onData(data => {
		output += data;
	});
	t.after(() => {
		master.kill();
	});
	// node-pty's Unix terminal knows its device's path (the typings leave it out).
	const devicePath = (master as unknown as {ptsName: string}).ptsName;
	const stat = fs.statSync(devicePath);
	return {master, identity: {path: devicePath, dev: stat.dev, ino: stat.ino, rdev: stat.rdev}, output: () => output};
}

function open(t: Context, identity: TerminalIdentity, uid?: number): tty.WriteStream {
	const opened = openClientTerminal(identity, uid);
	assert.notEqual(typeof opened, 'string', String(opened));
	const terminal = opened as tty.WriteStream;
	t.after(() => {
		terminal.destroy();
	});
	return terminal;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 5000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

describe('openClientTerminal', () => {
	it("opens the client's own terminal, and what is written there reaches it", async t => {
		const client = clientTerminal(t);
		const terminal = open(t, client.identity);
		terminal.write('drawn by the server');
		await waitFor(() => client.output().includes('drawn by the server'), 'the text on the terminal');
	});

	it('refuses a device that is not the one the client has open', t => {
		const client = clientTerminal(t);
		const other = clientTerminal(t);
		// The client names one terminal but another device's numbers (or the other way round).
		const mixed = {...client.identity, ino: other.identity.ino, rdev: other.identity.rdev};
		assert.match(String(openClientTerminal(mixed)), /not the terminal the client has open/);
	});

	it('refuses a terminal owned by another user (the client ran su, say)', t => {
		const client = clientTerminal(t);
		const owner = fs.statSync(client.identity.path).uid;
		assert.match(String(openClientTerminal(client.identity, owner + 1)), new RegExp(`owned by uid ${owner}, not ${owner + 1}`));
	});

	it("opens nothing that is not a terminal device's path, and refuses what is not a terminal", () => {
		const devNull = fs.statSync('/dev/null');
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-tty-')), 'file');
		fs.writeFileSync(file, '');
		const link = path.join(path.dirname(file), 'tty1');
		fs.symlinkSync('/dev/null', link);
		for (const devicePath of ['/dev/null', '/dev/watchdog', file, link, '/dev/pts/../null', '/dev/pts/0/x', 'dev/pts/0']) {
			assert.match(String(openClientTerminal({path: devicePath, dev: devNull.dev, ino: devNull.ino, rdev: devNull.rdev})), /is not a terminal device's path/, devicePath);
		}

		assert.match(String(openClientTerminal({path: '/dev/pts/999999', dev: 0, ino: 0, rdev: 0})), /ENOENT/);
	});
});

describe('TerminalDrawing', () => {
	it('holds the drawing until the client is in full screen, then writes it in order and draws what waited', async t => {
		const client = clientTerminal(t);
		let drains = 0;
		const drawing = new TerminalDrawing(open(t, client.identity), () => {
			drains++;
		});
		drawing.write('first ');
		drawing.write('second');
		assert.equal(drawing.congested(true), true, 'frames wait until the client is ready');
		assert.equal(drawing.congested(false), true, 'so does an echo');
		await new Promise(resolve => setTimeout(resolve, 100));
		assert.doesNotMatch(client.output(), /first/);
		drawing.ready();
		assert.equal(drains, 1, 'the frame that waited is drawn');
		await waitFor(() => client.output().includes('first second'), 'the held drawing');
		await waitFor(() => !drawing.congested(true), 'the terminal to take it');
		drawing.write(' third');
		await waitFor(() => client.output().includes('first second third'), 'later drawing');
	});

	it('writes nothing after close has called back', async t => {
		const client = clientTerminal(t);
		const terminal = open(t, client.identity);
		const drawing = new TerminalDrawing(terminal, () => undefined);
		drawing.ready();
		drawing.write('before');
		let closed = false;
		drawing.close(() => {
			closed = true;
		});
		await waitFor(() => closed, 'the close');
		drawing.write('after');
		await waitFor(() => client.output().includes('before'), 'what was drawn before');
		await new Promise(resolve => setTimeout(resolve, 100));
		assert.doesNotMatch(client.output(), /after/);
		assert.equal(terminal.destroyed, true, 'the terminal is let go');
		await new Promise(resolve => setImmediate(resolve));
		const held = fs.readdirSync('/proc/self/fd').filter(fd => {
			try {
				return fs.readlinkSync(`/proc/self/fd/${fd}`) === client.identity.path;
			} catch {
				return false;
			}
		});
		assert.deepEqual(held, [], 'no descriptor of the terminal is left open');
	});

	it('keeps frames waiting while a stopped terminal cannot take more, without blocking, and draws again once it does', async t => {
		const client = clientTerminal(t);
		let drains = 0;
		const drawing = new TerminalDrawing(open(t, client.identity), () => {
			drains++;
		});
		drawing.ready();
		// The terminal stops reading (a frozen SSH link): the kernel's buffer fills, and writes queue.
		client.master.pause();
		const chunk = `${'x'.repeat(1023)}\n`;
		const started = performance.now();
		for (let index = 0; index < 512; index++) {
			drawing.write(chunk);
		}

		assert.ok(performance.now() - started < 1000, 'writing did not wait for the terminal');
		assert.equal(drawing.congested(true), true, 'frames wait');
		assert.equal(drawing.congested(false), false, 'an echo still goes out while less than the limit is queued');
		client.master.resume();
		await waitFor(() => drains > 0, 'the terminal to take everything');
		assert.equal(drawing.congested(true), false);
	});

	it('stops drawing when the terminal hangs up, and a close still calls back', async t => {
		const client = clientTerminal(t);
		const drawing = new TerminalDrawing(open(t, client.identity), () => undefined);
		drawing.ready();
		client.master.kill('SIGKILL');
		// The master side closes with its program: writes now fail (EIO) and must not loop.
		await new Promise(resolve => setTimeout(resolve, 200));
		for (let index = 0; index < 100; index++) {
			drawing.write('into the void\n');
		}

		let closed = false;
		drawing.close(() => {
			closed = true;
		});
		await waitFor(() => closed, 'the close after a hangup');
	});
});
