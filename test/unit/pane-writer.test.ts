import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import pty, {type IPty} from 'node-pty';
import {inputQueueLimit, PaneWriter, replyQueueLimit} from '../../source/sessions/pane-writer.js';
import {Session} from '../../source/sessions/session.js';
import {waitFor} from './helpers/terminal.js';

const environment: Record<string, string> = {};
for (const [name, value] of Object.entries(process.env)) {
	if (value !== undefined) {
		environment[name] = value;
	}
}

/** In raw mode nothing is echoed and the pty's input buffer fills, as it does for a full-screen program. */
const rawAndDeaf = 'process.stdin.setRawMode(true); process.stdin.pause();';

/** A program in a real pty that never reads its input. */
async function notReading(): Promise<IPty> {
	const child = pty.spawn(process.execPath, ['-e', `${rawAndDeaf} process.stdout.write('ready'); setInterval(() => {}, 1000);`], {cols: 80, rows: 24, env: environment});
	await new Promise<void>(resolve => {
		child.onData(data => {
			if (data.includes('ready')) {
				resolve();
			}
		});
	});
	return child;
}

function writerFor(child: IPty, drops: string[] = []): PaneWriter {
	const {fd} = child as unknown as {fd: number};
	return new PaneWriter({fd, isOpen: () => true, onDrop: kind => drops.push(kind)});
}

/** CPU time (user + system, ms) this process uses over `ms` of wall time. */
async function cpuOver(ms: number): Promise<number> {
	const start = process.cpuUsage();
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

function kill(child: IPty): void {
	try {
		child.kill('SIGKILL');
	} catch {
		// Gone already.
	}
}

describe('PaneWriter', {timeout: 120_000}, () => {
	it('input to a program that never reads: nothing is dropped, the backlog is reported once each way, and nothing spins', async t => {
		const child = await notReading();
		const drops: string[] = [];
		const backlog: boolean[] = [];
		const writer = new PaneWriter({
			fd: (child as unknown as {fd: number}).fd,
			isOpen: () => true,
			onDrop(kind) {
				drops.push(kind);
			},
			onBacklog(backlogged) {
				backlog.push(backlogged);
			},
		});
		t.after(() => {
			writer.dispose();
			kill(child);
		});
		const chunk = 'k'.repeat(64 * 1024);
		for (let index = 0; index < 40; index++) {
			assert.equal(writer.write(chunk, 'input'), true, 'input is never refused');
		}

		// Let the first writes reach the kernel until it stops taking them.
		await new Promise(resolve => {
			setTimeout(resolve, 300);
		});
		assert.ok(writer.queuedBytes > inputQueueLimit, `${writer.queuedBytes} bytes queued`);
		assert.equal(writer.droppedBytes, 0);
		assert.deepEqual(drops, []);
		assert.deepEqual(backlog, [true], 'the reader of the keyboard is told to hold off, once');
		// node-pty's setImmediate retry loop measured ~200 ms a second here; the backed-off timer ~3 ms.
		const cpu = await cpuOver(1000);
		assert.ok(cpu < 100, `${cpu.toFixed(0)} ms of CPU in 1 s while the program does not read`);
		writer.dispose();
		assert.deepEqual(backlog, [true, false], 'a closed pane releases the keyboard');
	});

	it('query answers are capped far lower than input', async t => {
		const child = await notReading();
		const writer = writerFor(child);
		t.after(() => {
			writer.dispose();
			kill(child);
		});
		const answer = '\u001B[?1;2c';
		for (let index = 0; index < 200_000; index++) {
			writer.write(answer, 'reply');
		}

		await new Promise(resolve => {
			setTimeout(resolve, 300);
		});
		assert.ok(writer.queuedBytes <= replyQueueLimit, `${writer.queuedBytes} bytes queued`);
		assert.ok(writer.droppedBytes > 0);
		// Typed input still has room while answers are being dropped.
		assert.equal(writer.write('typed', 'input'), true);
	});

	it('a program that reads gets every byte, in order, when the kernel buffer fills again and again', async t => {
		const total = 3 * 1024 * 1024;
		// Raw mode: no echo and no line limit; prints a checksum of what it read once it has all of it.
		const program = `process.stdin.setRawMode(true); process.stdout.write('raw now'); let n = 0; let sum = 0;
			process.stdin.on('data', d => { for (const b of d) { sum = (sum * 31 + b) % 1000000007; } n += d.length;
				if (n >= ${total}) { process.stdout.write('got ' + n + ' ' + sum + '\\n'); setTimeout(() => process.exit(0), 50); } });`;
		const child = pty.spawn(process.execPath, ['-e', program], {cols: 80, rows: 24, env: environment});
		const writer = writerFor(child);
		let output = '';
		child.onData(data => {
			output += data;
			writer.kick();
		});
		t.after(() => {
			writer.dispose();
			kill(child);
		});
		// Wait for raw mode, or the line discipline would see the bytes as lines.
		await waitFor(() => output.includes('raw now'), 'raw mode', 30_000);
		let expected = 0;
		const piece = 256 * 1024;
		let sent = 0;
		while (sent < total) {
			const bytes = Buffer.alloc(piece);
			for (let index = 0; index < piece; index++) {
				bytes[index] = 97 + ((sent + index) % 26);
				expected = (expected * 31 + bytes[index]!) % 1_000_000_007;
			}

			// Each write is accepted while the queue is under the cap: wait for room.
			await waitFor(() => writer.queuedBytes < inputQueueLimit, 'room in the queue', 30_000);
			assert.equal(writer.write(bytes, 'input'), true);
			sent += piece;
		}

		await waitFor(() => output.includes('got '), 'the program to read everything', 60_000);
		assert.match(output, new RegExp(`got ${total} ${expected}`));
		assert.equal(writer.droppedBytes, 0);
	});

	it('a Session whose program floods queries and never reads keeps a bounded queue and does not spin', async t => {
		// 4 queries, 24 bytes, answered with about 60: the answers fill the pty's buffer, then the queue.
		const program = `${rawAndDeaf} const q = '\\u001B[c\\u001B[6n\\u001B[?2026$p\\u001B[>c'.repeat(5000);
			let rounds = 0;
			const flood = () => {
				process.stdout.write(q);
				if (++rounds < 20) setTimeout(flood, 10); else process.stdout.write('\\u001B[2J\\u001B[Hflood over');
			};
			flood(); setInterval(() => {}, 1000);`;
		const session = new Session({
			id: 1,
			spec: {name: 'flood', command: process.execPath, args: ['-e', program], cwd: process.cwd(), env: {}, onExit: 'hold'},
			cols: 80,
			rows: 24,
			scrollback: 100,
			environment,
		});
		t.after(async () => {
			await session.dispose();
		});
		session.start();
		// 20 rounds of 5,000 x 4 queries: 400,000 answers, far more than the cap holds.
		await waitFor(() => session.terminal.buffer.active.getLine(0)?.translateToString(true).includes('flood over') ?? false, 'the flood parsed', 60_000);
		await waitFor(() => session.isParsed, 'the echo parsed', 30_000);
		assert.ok(session.queuedInputBytes > 0, 'answers are waiting');
		assert.ok(session.queuedInputBytes <= replyQueueLimit, `${session.queuedInputBytes} bytes waiting`);
		const cpu = await cpuOver(1000);
		assert.ok(cpu < 100, `${cpu.toFixed(0)} ms of CPU in 1 s after the flood`);
		assert.ok(session.queuedInputBytes <= replyQueueLimit);
		// Typed input is still accepted.
		session.write('still here');
		assert.ok(session.queuedInputBytes > 0);
	});
});
