import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ExitPolicy, PaneSpec} from '../../source/config/workspace.js';
import {Session, type SessionStatus} from '../../source/sessions/session.js';
import {rowText, waitFor} from './helpers/terminal.js';

const environment: Record<string, string> = {};
for (const [name, value] of Object.entries(process.env)) {
	if (value !== undefined) {
		environment[name] = value;
	}
}

environment['TERM'] = 'xterm-256color';

const sessions: Session[] = [];
// Every session a test started ends with it, pass or fail, so a failure never leaves a pty behind.
afterEach(async () => {
	await Promise.all(sessions.splice(0).map(async session => session.dispose()));
});

function bash(script: string, onExit: ExitPolicy = 'hold', cols = 80, rows = 24): Session {
	const spec: PaneSpec = {name: 'test', command: 'bash', args: ['--norc', '--noprofile', '-c', script], cwd: process.cwd(), env: {}, onExit};
	const session = new Session({id: sessions.length + 1, spec, cols, rows, scrollback: 1000, environment});
	sessions.push(session);
	return session;
}

function screen(session: Session): string {
	const lines: string[] = [];
	for (let y = 0; y < session.terminal.rows; y++) {
		lines.push(rowText(session.terminal, y));
	}

	return lines.join('\n');
}

describe('Session', {timeout: 120_000}, () => {
	it('runs a program and its output reaches the terminal buffer', async () => {
		const session = bash('printf hi; sleep 0.2');
		session.start();
		assert.equal(session.status.kind, 'running');
		assert.ok(session.pid !== undefined && session.pid > 0);
		await waitFor(() => screen(session).includes('hi'), '"hi" on screen');
		assert.equal(rowText(session.terminal, 0), 'hi');
		assert.equal(session.commandLine, 'bash --norc --noprofile -c printf hi; sleep 0.2');
	});

	it('a program that clears the screen to redraw it leaves the old screen in the scrollback', async () => {
		const session = bash("printf 'first screen\\n'; printf '\\033[H\\033[2Jredrawn'; sleep 0.3", 'hold', 40, 5);
		session.start();
		await waitFor(() => screen(session).includes('redrawn'), 'the redraw');
		const buffer = session.terminal.buffer.active;
		assert.ok(!screen(session).includes('first screen'), 'the screen itself is cleared');
		const history = Array.from({length: buffer.baseY}, (_, index) => buffer.getLine(index)?.translateToString(true));
		assert.ok(history.includes('first screen'), `kept in the scrollback: ${JSON.stringify(history)}`);
	});

	it('marks itself dirty and emits "dirty" when output arrives', async () => {
		const session = bash('sleep 0.3; printf later; sleep 0.5');
		session.dirty = false;
		let dirtyEvents = 0;
		session.on('dirty', () => dirtyEvents++);
		session.start();
		await waitFor(() => screen(session).includes('later'), 'output');
		await waitFor(() => dirtyEvents > 0, 'dirty event');
		assert.equal(session.dirty, true);
	});

	it('resize reaches the program: stty size reports the new size', async () => {
		const session = bash('sleep 0.5; stty size; sleep 1', 'hold', 80, 24);
		session.start();
		session.resize(57, 13);
		assert.equal(session.terminal.cols, 57);
		assert.equal(session.terminal.rows, 13);
		await waitFor(() => screen(session).includes('13 57'), `"13 57" on screen, got ${JSON.stringify(screen(session))}`);
	});

	it('resize clamps nonsense sizes instead of throwing', () => {
		const session = bash('sleep 1');
		session.resize(0, -3);
		assert.ok(session.terminal.cols >= 1);
		assert.equal(session.terminal.rows, 1);
	});

	it('a 1-column resize leaves the terminal and the program agreeing on the size', async () => {
		// xterm.js will not go below 2 columns; the pty must then be told 2 as well, or the program wraps at a column the terminal does not.
		const session = bash('sleep 0.5; stty size; sleep 1', 'hold', 20, 5);
		session.start();
		session.resize(1, 5);
		const cols = session.terminal.cols;
		await waitFor(() => /\d/.test(screen(session)), 'stty output');
		await new Promise(resolve => setTimeout(resolve, 100));
		const reported = screen(session).replaceAll('\n', '');
		assert.equal(reported.trim(), `5 ${cols}`, `terminal has ${cols} columns, program was told ${JSON.stringify(reported)}`);
		// Asking for the same size again is a no-op (no repaint).
		session.dirty = false;
		session.resize(1, 5);
		assert.equal(session.dirty, false, 'a repeated resize to the same size marked the pane dirty');
	});

	it('terminal replies (cursor position report) reach the program, not elsewhere', async () => {
		// Ask for the cursor position at row 3 column 5, read the reply, print it in a readable form.
		const script = 'stty -echo; printf "\\n\\n    \\033[6n"; IFS= read -r -d R reply; stty echo; printf "\\ngot:%s\\n" "${reply#?}"; sleep 0.3';
		const session = bash(script);
		session.start();
		await waitFor(() => screen(session).includes('got:'), `reply printed, screen ${JSON.stringify(screen(session))}`);
		await waitFor(() => /got:\[3;5\b/.test(screen(session)), `reply was [3;5, screen ${JSON.stringify(screen(session))}`, 3000);
	});

	it('onExit close: emits "closed" with status exited and the code', async () => {
		const session = bash('exit 3', 'close');
		const closed = new Promise<void>(resolve => {
			session.once('closed', resolve);
		});
		session.start();
		await closed;
		assert.deepEqual(session.status, {kind: 'exited', code: 3, signal: 0});
	});

	it('onExit hold: stays, status exited with code, notice on screen, restart() runs it again', async () => {
		const session = bash('printf run; exit 7', 'hold');
		let closed = false;
		session.on('closed', () => {
			closed = true;
		});
		const statuses: SessionStatus[] = [];
		session.on('status', status => statuses.push(status));
		session.start();
		await waitFor(() => session.status.kind === 'exited', 'exit');
		assert.deepEqual(session.status, {kind: 'exited', code: 7, signal: 0});
		await waitFor(() => screen(session).includes('exited with code 7'), 'hold notice');
		assert.equal(closed, false);
		assert.equal(session.pid, undefined);

		session.restart();
		assert.equal(session.status.kind, 'running');
		await waitFor(() => screen(session).split('run').length === 3, 'second run output');
		await waitFor(() => session.status.kind === 'exited', 'second exit');
		assert.deepEqual(
			statuses.map(status => status.kind),
			['running', 'exited', 'running', 'exited'],
		);
	});

	it('onExit restart: restarts the program after a delay', async () => {
		const session = bash('printf tick; exit 1', 'restart');
		const statuses: SessionStatus[] = [];
		session.on('status', status => statuses.push(status));
		session.start();
		await waitFor(() => session.status.kind === 'restarting', 'restarting status');
		assert.deepEqual(session.status, {kind: 'restarting', code: 1, inMs: 500});
		await waitFor(() => screen(session).split('tick').length >= 3, 'second run', 5000);
		// The second exit waits twice as long.
		await waitFor(() => statuses.filter(status => status.kind === 'restarting').length >= 2, 'second restarting');
		const second = statuses.filter(status => status.kind === 'restarting')[1];
		assert.deepEqual(second, {kind: 'restarting', code: 1, inMs: 1000});
	});

	it('a missing command gives status failed with a message, and no throw', async () => {
		const spec: PaneSpec = {name: 'nope', command: 'agentmux-no-such-command-xyz', args: [], cwd: process.cwd(), env: {}, onExit: 'hold'};
		const session = new Session({id: 99, spec, cols: 80, rows: 24, scrollback: 100, environment});
		sessions.push(session);
		session.start();
		assert.equal(session.status.kind, 'failed');
		assert.match((session.status as {message: string}).message, /agentmux-no-such-command-xyz/);
		await waitFor(() => screen(session).includes('command not found'), 'notice on screen');
	});

	it('dispose() ends the program', async () => {
		const session = bash('sleep 30');
		session.start();
		const pid = session.pid!;
		session.dispose();
		sessions.splice(sessions.indexOf(session), 1);
		await waitFor(
			() => {
				try {
					process.kill(pid, 0);
					return false;
				} catch {
					return true;
				}
			},
			'child gone',
			5000,
		);
	});

	it('dispose() ends a program that ignores the hangup, and its child in the same group, then resolves', async () => {
		// Like Gemini CLI: a launcher that ignores SIGHUP and waits on a child that ignores it too.
		const script = `process.on('SIGHUP', () => {}); const child = require('node:child_process').spawn(process.execPath, ['-e', "process.on('SIGHUP', () => {}); setInterval(() => {}, 1000)"], {stdio: 'inherit'}); console.log('CHILD', child.pid); setInterval(() => {}, 1000);`;
		const spec: PaneSpec = {name: 'stubborn', command: process.execPath, args: ['-e', script], cwd: process.cwd(), env: {}, onExit: 'hold'};
		const session = new Session({id: 98, spec, cols: 80, rows: 24, scrollback: 100, environment});
		sessions.push(session);
		session.start();
		await waitFor(() => /CHILD \d+/.test(screen(session)), 'the child to start');
		const childPid = Number(/CHILD (\d+)/.exec(screen(session))![1]);
		const pid = session.pid!;
		const started = Date.now();
		await session.dispose();
		sessions.splice(sessions.indexOf(session), 1);
		const alive = (target: number) => {
			try {
				process.kill(target, 0);
				return true;
			} catch {
				return false;
			}
		};

		assert.equal(alive(pid), false, 'the launcher is gone');
		await waitFor(() => !alive(childPid), 'the child gone too', 3000);
		assert.ok(Date.now() - started >= 400, 'the hangup was given its moment first');
	});

	it('keys typed before the program starts (its launch still being approved) reach it once it starts', async () => {
		const spec: PaneSpec = {name: 'cat', command: 'cat', args: [], cwd: process.cwd(), env: {}, onExit: 'hold'};
		const session = new Session({id: 1, spec, cols: 40, rows: 10, scrollback: 100, environment});
		sessions.push(session);
		const ready = session.whenReady();
		assert.ok(ready, 'a pane that has not started does not take keys yet');
		session.write('typed-early\r');
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
		session.start();
		// cat writes nothing first: the pane takes keys after a short grace.
		await ready;
		assert.equal(session.whenReady(), undefined);
		await waitFor(() => screen(session).split('typed-early').length === 3, `the terminal's echo and cat's copy, got ${JSON.stringify(screen(session))}`);
	});

	it('a refused launch drops what was typed for it, and says the pane is ready (nothing will start)', async () => {
		const spec: PaneSpec = {name: 'cat', command: 'cat', args: [], cwd: process.cwd(), env: {}, onExit: 'hold'};
		const session = new Session({id: 1, spec, cols: 40, rows: 10, scrollback: 100, environment});
		sessions.push(session);
		const ready = session.whenReady();
		session.write('for-the-refused\r');
		session.refuse('not allowed');
		await ready;
		assert.equal(session.status.kind, 'failed');
		// Started later after all (the restart key): the program gets only what is typed from then on.
		session.restart();
		session.write('after\r');
		await waitFor(() => screen(session).split('after').length === 3, `cat's echo, got ${JSON.stringify(screen(session))}`);
		assert.ok(!screen(session).includes('for-the-refused'), screen(session));
	});

	it('a program that writes at once takes keys from its first output', async () => {
		const session = bash('printf ready; cat');
		const ready = session.whenReady();
		session.start();
		await ready;
		await waitFor(() => screen(session).includes('ready'), 'the first output on screen');
		assert.equal(session.whenReady(), undefined);
	});

	it('a flood of output completes and memory stays bounded', {timeout: 90_000}, async () => {
		const session = bash('yes | head -c 20000000; printf "\\nFLOOD-DONE\\n"; sleep 0.5', 'hold');
		const baseline = process.memoryUsage().rss;
		let peak = baseline;
		// Bytes read from the pty but not yet parsed: the backlog that pausing the pty bounds.
		let peakBacklog = 0;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().rss);
			peakBacklog = Math.max(peakBacklog, (session as unknown as {pendingBytes: number}).pendingBytes);
		}, 5);
		try {
			session.start();
			await waitFor(() => screen(session).includes('FLOOD-DONE'), 'flood end marker', 80_000);
		} finally {
			clearInterval(sampler);
		}

		assert.equal(session.status.kind === 'running' || session.status.kind === 'exited', true);
		// 20 MB of output: if it were all buffered the growth would be well past 100 MB (UTF-16 strings plus parsing copies).
		const growthMb = (peak - baseline) / 1024 / 1024;
		assert.ok(peakBacklog < 4 * 1024 * 1024, `unparsed backlog reached ${peakBacklog} bytes`);
		assert.ok(peakBacklog > 0, 'the backlog was sampled');
		console.log(`flood: rss growth ${growthMb.toFixed(1)} MB, peak backlog ${peakBacklog} bytes`);
		assert.ok(growthMb < 150, `memory grew by ${growthMb.toFixed(0)} MB`);
		// And the session keeps working: the exit is seen.
		await waitFor(() => session.status.kind === 'exited', 'exit after flood', 10_000);
	});
});
