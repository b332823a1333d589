import {EventEmitter} from 'node:events';
import path from 'node:path';
import {Unicode11Addon} from '@xterm/addon-unicode11';
import xterm from '@xterm/headless';
import pty, {type IPty} from 'node-pty';
import type {PaneSpec} from '../config/workspace.js';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import {clampRepeatCounts} from './count-clamp.js';
import {DirtyRows} from './dirty-rows.js';
import {dropHiddenLines, hiddenLineCapacity, holdsLines, plainRunWithin} from './drop-hidden-lines.js';
import {InputBeforeStart} from './input-before-start.js';
import {keepClearedScreens} from './keep-cleared-screen.js';
import {PaneModes} from './pane-modes.js';
import {PaneWriter, type WriteKind} from './pane-writer.js';
import {resolveExecutable} from './resolve-executable.js';
import {StringSequenceCap} from './string-sequence-cap.js';

const {Terminal} = xterm;

type Terminal = InstanceType<typeof Terminal>;

/** Above this many bytes waiting to be parsed, the pty is paused so memory stays bounded under a flood. */
const highWaterMark = 1024 * 1024;
const lowWaterMark = 256 * 1024;
/**
 * At most this much is handed to the terminal at once. xterm.js parses what
 * it is given in slices of up to 12 ms; feeding it small batches lets the
 * event loop run between them, so a keystroke's echo in one pane does not
 * wait behind three other panes' floods.
 */
const parseBatchSize = 32 * 1024;
/**
 * A pane that wrote floodBytes or more within the last floodWindowMs or so is
 * flooding. Its output is then parsed in larger, fewer batches: at most every
 * floodParseDelayMs (a flooding pane is redrawn at 30 frames a second) unless
 * parseNowBytes are waiting. The larger batches let dropHiddenLines skip most
 * of a flood of short lines. A keystroke's echo, or a burst such as an
 * agent's full-screen redraw, is parsed at once as before.
 */
const floodWindowMs = 100;
const floodBytes = 32 * 1024;
const floodParseDelayMs = 33;
const parseNowBytes = 256 * 1024;
/**
 * A flood that overflows the scrollback (lines were skipped) costs a screen and the whole
 * scrollback parsed at every batch, however little arrived: it is parsed at most this often,
 * or when the pty is paused, so that each batch skips more. Its pane is redrawn 10 times a
 * second meanwhile; nothing it wrote and the scrollback keeps is lost.
 */
const overflowParseDelayMs = 100;
/** Output up to this long, with nothing more waiting, is parsed in the call that received it. */
const syncParseBytes = 4096;
/** Output this soon after a key was typed into the pane may be its echo: parsed at once, flood or not. */
const echoWindowMs = 100;
/** How long a synchronized-output frame may hold the pane's repaint. */
export const synchronizedOutputTimeoutMs = 100;
/**
 * A program that has written nothing this long after its start is taken as ready for keys (`cat`
 * never writes first). Until then the first output is awaited: before it, the pane's foreground
 * process may still be agentmux's own fork, not yet the program.
 */
const readyGraceMs = 300;

export type SessionStatus = {kind: 'running'} | {kind: 'exited'; code: number; signal: number} | {kind: 'restarting'; code: number; inMs: number} | {kind: 'failed'; message: string};

export type SessionOptions = {
	id: number;
	spec: PaneSpec;
	cols: number;
	rows: number;
	scrollback: number;
	/** The environment the pane starts with, already scrubbed by the caller. */
	environment: Record<string, string>;
};

/** Wraps the program's argv before it starts (the sandbox); set once, before the first start. */
export type StartWrapper = (file: string, args: string[], env: Record<string, string>) => {file: string; args: string[]; env: Record<string, string>};

/** What the pane's frame says about its sandbox, and how many accesses it refused. */
export type SandboxMark = {label: 'sandbox' | 'UNSANDBOXED'; denied: number};

type SessionEvents = {
	dirty: [];
	/** A batch of the program's output was parsed (for readers of the screen other than the compositor). */
	parsed: [];
	status: [SessionStatus];
	/** The program ended and the pane should go away (onExit "close"). */
	closed: [];
	/** More typed or pasted input waits than the program takes (true), or it caught up (false): hold the keyboard meanwhile. */
	backlog: [boolean];
};

/**
 * One pane: a program in a pseudo-terminal started from an argv, and the
 * headless terminal that keeps its screen. No React, no stdout.
 */
export class Session extends EventEmitter<SessionEvents> {
	readonly id: number;
	readonly spec: PaneSpec;
	readonly terminal: Terminal;
	readonly modes: PaneModes;
	status: SessionStatus = {kind: 'running'};
	/** Set when the screen changed since the compositor last read it. */
	dirty = true;
	/** When the program last wrote anything, and when it was last sent input (performance.now() time). */
	lastOutputAt = 0;
	lastInputAt = 0;

	/** The screen rows changed since the compositor last read them. */
	readonly dirtyRows: DirtyRows;
	private process: IPty | undefined;
	private writer: PaneWriter | undefined;
	/** Set until the program is started (or refused): what is typed meanwhile waits for it. */
	private launching = true;
	private readonly inputBeforeStart = new InputBeforeStart();
	/** The program has started and written something, or had readyGraceMs to (see whenReady). */
	private ready = false;
	private readyTimer: NodeJS.Timeout | undefined;
	private readonly readyWaiters: Array<() => void> = [];
	private readonly stringCap = new StringSequenceCap();
	private pendingBytes = 0;
	private readonly unparsed: string[] = [];
	private parsing = false;
	/** Bytes received since the backlog was last searched for lines to skip. */
	private receivedSinceScan = 0;
	/** Output received in this window and the one before (see floodBytes). */
	private windowStartedAt = 0;
	private windowBytes = 0;
	private previousWindowBytes = 0;
	private parseTimer: NodeJS.Timeout | undefined;
	/** The last look at the backlog skipped lines: the flood overflows the scrollback (see overflowParseDelayMs). */
	private overflowing = false;
	/** Run once everything received so far is parsed (the program's exit waits for its last output). */
	private readonly parsedWaiters: Array<() => void> = [];
	private paused = false;
	/** The program has exited: nothing more will arrive, so its last output is parsed without waiting for more. */
	private inputEnded = false;
	private restartCount = 0;
	private startedAt = 0;
	private restartTimer: NodeJS.Timeout | undefined;
	private syncTimer: NodeJS.Timeout | undefined;
	private disposed = false;
	/** The program is being ended by relaunch: its exit is not the pane's. */
	private relaunching = false;
	private readonly environment: Record<string, string>;
	private wrapper: StartWrapper | undefined;
	/** Set with the wrapper; the frame shows it. */
	sandbox: SandboxMark | undefined;

	constructor(options: SessionOptions) {
		super();
		this.id = options.id;
		this.spec = options.spec;
		this.environment = options.environment;
		this.terminal = new Terminal({
			cols: options.cols,
			rows: options.rows,
			scrollback: options.scrollback,
			allowProposedApi: true,
			// What a pane writes is untrusted: xterm.js's parser errors must not reach any console.
			logLevel: 'off',
		});
		if (!clampRepeatCounts(this.terminal)) {
			logDiagnostic('session', 'this xterm.js has no core CSI hook: repeat counts are not clamped');
		}

		keepClearedScreens(this.terminal);
		// Wide characters must take the cells the user's terminal gives them, or rows shift.
		this.terminal.loadAddon(new Unicode11Addon());
		this.terminal.unicode.activeVersion = '11';
		// Answers to the program's queries (cursor position, device attributes) go back to it, never to the user's terminal.
		this.terminal.onData(data => this.send(data, 'reply'));
		this.terminal.onBinary(data => this.send(Buffer.from(data, 'binary'), 'reply'));
		this.modes = new PaneModes(this.terminal, data => this.send(data, 'reply'));
		this.dirtyRows = new DirtyRows(this.terminal);
	}

	/** The command line as the pane title shows it. */
	get commandLine(): string {
		// An agent's argv carries agentmux's hook wiring; its program says enough.
		if (this.spec.agent) {
			return path.basename(this.spec.command);
		}

		return [path.basename(this.spec.command), ...this.spec.args].join(' ');
	}

	/** The name of the program in the pane's foreground (the shell itself when at a prompt). */
	get foregroundProcess(): string | undefined {
		try {
			return this.process?.process;
		} catch {
			return undefined;
		}
	}

	get pid(): number | undefined {
		return this.process?.pid;
	}

	/** Starts the program; a missing program marks the pane failed instead of throwing. */
	start(): void {
		const file = resolveExecutable(this.spec.command, this.spec.cwd, this.environment['PATH']);
		if (!file) {
			const message = this.spec.agent ? `agent "${this.spec.agent}" needs the program "${this.spec.command}", which is not installed (not found on PATH)` : `command not found: ${this.spec.command}`;
			this.launchEnded();
			this.setStatus({kind: 'failed', message});
			this.writeNotice(`agentmux: ${message}`);
			return;
		}

		try {
			const launch = this.wrapper ? this.wrapper(file, this.spec.args, this.environment) : {file, args: this.spec.args, env: this.environment};
			this.process = pty.spawn(launch.file, launch.args, {
				name: 'xterm-256color',
				cols: this.terminal.cols,
				rows: this.terminal.rows,
				cwd: this.spec.cwd,
				env: launch.env,
			});
		} catch (error) {
			this.launchEnded();
			this.setStatus({kind: 'failed', message: (error as Error).message});
			this.writeNotice(`agentmux: cannot start ${this.spec.command}: ${(error as Error).message}`);
			return;
		}

		this.startedAt = Date.now();
		this.inputEnded = false;
		this.ready = false;
		clearTimeout(this.readyTimer);
		this.readyTimer = setTimeout(() => {
			this.markReady();
		}, readyGraceMs);
		this.setStatus({kind: 'running'});
		const child = this.process;
		this.writer?.dispose();
		this.writer = createWriter(child, this.id, backlogged => {
			if (!this.disposed) this.emit('backlog', backlogged);
		});
		const writer = this.writer;
		child.onData(data => {
			if (child === this.process) {
				// A program that writes is likely reading too: what waits for it can go now.
				writer?.kick();
				this.receive(data);
				if (!this.ready) this.markReady();
			}
		});
		child.onExit(({exitCode, signal}) => {
			writer?.dispose();
			if (child === this.process) {
				this.process = undefined;
				this.markReady();
				// A flood's timers wait for more output to skip more of it: none will come, and the
				// exit (a pane closing, a script's next step) waits for this parse.
				this.inputEnded = true;
				this.requestParse();
				// The exit notice (or the pane closing) comes after the program's last output, not over it.
				this.whenParsed(() => {
					this.exited(exitCode, signal ?? 0);
				});
			}
		});
		if (this.launching) {
			this.launching = false;
			this.inputBeforeStart.release(data => {
				this.send(data, 'input');
			});
		}
	}

	/** The program will not start (refused, or it cannot): what was typed for it goes nowhere. */
	private launchEnded(): void {
		this.launching = false;
		this.inputBeforeStart.discard();
		this.markReady();
	}

	/**
	 * Undefined when the pane takes keys now; otherwise resolves when it does: its program has
	 * started and shown itself (see readyGraceMs), or will not start. The input gate waits for
	 * this before judging keys typed ahead, so that it reads the program's own screen and mode.
	 */
	whenReady(): Promise<void> | undefined {
		if (this.ready) return undefined;
		return new Promise(resolve => {
			this.readyWaiters.push(resolve);
		});
	}

	private markReady(): void {
		clearTimeout(this.readyTimer);
		this.ready = true;
		for (const resolve of this.readyWaiters.splice(0)) resolve();
	}

	/**
	 * Fixes how the program starts, for the life of the pane: a restart runs under the same sandbox,
	 * and nothing can relax it while the pane runs.
	 */
	confine(wrapper: StartWrapper | undefined, mark: SandboxMark): void {
		if (this.sandbox !== undefined) throw new Error(`pane ${this.spec.name}: its sandbox is fixed once set`);
		this.wrapper = wrapper;
		this.sandbox = mark;
	}

	/** The sandbox's proxy refused a connection: counted in the pane's title. */
	sandboxDenied(): void {
		if (!this.sandbox || this.disposed) return;
		this.sandbox.denied++;
		this.setStatus(this.status);
	}

	/** Marks the pane as not started, showing why (the policy refused its argv). */
	refuse(reason: string): void {
		this.launchEnded();
		this.setStatus({kind: 'failed', message: reason});
		this.writeNotice(`agentmux: not started: ${reason}`);
	}

	/** Sends bytes to the program, as typed. */
	write(data: string): void {
		this.lastInputAt = performance.now();
		this.expectEcho();
		this.send(data, 'input');
	}

	/** How many OSC, DCS or APC sequences were dropped for an over-long payload. */
	get droppedStringSequences(): number {
		return this.stringCap.dropped;
	}

	/** Bytes waiting to be written to the program (bounded: see PaneWriter). */
	get queuedInputBytes(): number {
		return this.writer?.queuedBytes ?? 0;
	}

	/** Gives the pane a new size: the terminal and the program both see it. */
	resize(cols: number, rows: number): void {
		// @xterm/headless has at least 2 columns; the program must see the same size.
		cols = Math.max(2, cols);
		rows = Math.max(1, rows);
		if (cols === this.terminal.cols && rows === this.terminal.rows) {
			return;
		}

		this.terminal.resize(cols, rows);
		this.dirtyRows.markAll();
		try {
			this.process?.resize(cols, rows);
		} catch {
			// The program may have just exited; its exit event follows.
		}

		this.markDirty();
	}

	/** Scrolls the pane's view through its scrollback; 'bottom' returns to the live screen. */
	scroll(lines: number | 'top' | 'bottom'): void {
		if (lines === 'top') {
			this.terminal.scrollToTop();
		} else if (lines === 'bottom') {
			this.terminal.scrollToBottom();
		} else {
			this.terminal.scrollLines(lines);
		}

		this.dirtyRows.markAll();
		this.markDirty();
	}

	/** How many lines above the live screen the view is, and how many lines of scrollback there are. */
	get scrollPosition(): {offset: number; total: number} {
		const buffer = this.terminal.buffer.active;
		return {offset: buffer.baseY - buffer.viewportY, total: buffer.baseY};
	}

	/** Starts the program again after it exited (a held pane's restart key). */
	restart(): void {
		if (this.process || this.disposed) {
			return;
		}

		clearTimeout(this.restartTimer);
		this.terminal.write('\u001B[0m\r\n');
		this.modes.reset();
		this.start();
	}

	/**
	 * Ends the program and frees the terminal; resolves once the program has exited. A hangup comes
	 * first, as when a terminal closes. Some programs ignore it (Gemini CLI's launcher waits on a
	 * child that ignores SIGHUP too), so the pane's process group gets SIGTERM after a moment and
	 * SIGKILL after a while: closing a pane never leaves its program running unseen.
	 */
	async dispose(): Promise<void> {
		this.disposed = true;
		clearTimeout(this.readyTimer);
		clearTimeout(this.restartTimer);
		clearTimeout(this.syncTimer);
		clearTimeout(this.parseTimer);
		const child = this.process;
		this.process = undefined;
		this.writer?.dispose();
		this.terminal.dispose();
		this.removeAllListeners();
		if (!child) return;
		await endProgram(child);
	}

	/**
	 * The one way a pane's sandbox changes: the user asked for another and answered y. The program is
	 * ended (not as an exit: no restart, no closing), `reconfine` puts the new sandbox in place while
	 * nothing runs, and the program starts again under it, or the pane says why it cannot.
	 */
	async relaunch(reconfine: () => Promise<true | string>): Promise<void> {
		if (this.disposed) return;
		clearTimeout(this.restartTimer);
		const child = this.process;
		if (child) {
			this.relaunching = true;
			await endProgram(child);
		}

		if (this.disposed) return;
		// Typed while the new sandbox is made: for the program that starts under it.
		this.launching = true;
		this.ready = false;
		this.wrapper = undefined;
		this.sandbox = undefined;
		const verdict = await reconfine();
		if (this.disposed) return;
		if (verdict !== true) {
			this.refuse(verdict);
			return;
		}

		this.terminal.write('\u001B[0m\r\n');
		this.modes.reset();
		this.start();
	}

	/** True while the program is mid synchronized-output frame: its screen is half drawn. */
	isSynchronizing(): boolean {
		return this.modes.isSynchronizing(Date.now(), synchronizedOutputTimeoutMs);
	}

	/** True when everything the program wrote has been parsed into the screen. */
	get isParsed(): boolean {
		return this.pendingBytes === 0;
	}

	/**
	 * The next output is likely the echo of what was just typed: xterm.js parses it at once
	 * instead of on a timer, as its browser build does after a key. Every write after that one
	 * is parsed as before.
	 */
	private expectEcho(): void {
		this.parseAtOnce();
	}

	/** The terminal's next write is parsed in the call, not on a timer (xterm.js does that after user input). */
	private parseAtOnce(): void {
		(this.terminal as unknown as {_core?: {_writeBuffer?: {handleUserInput?: () => void}}})._core?._writeBuffer?.handleUserInput?.();
	}

	/** Sends bytes to the program through the capped writer. */
	private send(data: string | Buffer, kind: WriteKind): void {
		if (this.launching) {
			// An answer to a query can only be for a program that asked: none has run yet.
			if (kind === 'input' && !this.inputBeforeStart.hold(data) && this.inputBeforeStart.droppedBytes === data.length) {
				logDiagnostic(`pane ${this.id}`, 'more was typed than is kept while the program starts: the rest was dropped');
			}

			return;
		}

		if (this.writer) {
			this.writer.write(data, kind);
		} else if (this.process) {
			this.process.write(data);
		}
	}

	private receive(data: string): void {
		// Over-long OSC/DCS/APC payloads are cut here, before xterm.js gathers them.
		data = this.stringCap.filter(data);
		const now = performance.now();
		this.lastOutputAt = now;
		if (data.length === 0) {
			return;
		}

		if (now - this.windowStartedAt >= floodWindowMs) {
			// A window with nothing in it ends the flood.
			this.previousWindowBytes = now - this.windowStartedAt < 2 * floodWindowMs ? this.windowBytes : 0;
			this.windowBytes = 0;
			this.windowStartedAt = now;
		}

		this.windowBytes += data.length;
		this.pendingBytes += data.length;
		if (!this.paused && this.pendingBytes > highWaterMark) {
			this.paused = true;
			this.process?.pause();
		}

		this.unparsed.push(data);
		this.receivedSinceScan += data.length;
		this.requestParse();
	}

	/** Parses the backlog now, or a little later while the pane is flooding (see floodBytes). */
	private requestParse(): void {
		if (this.parsing) {
			return;
		}

		const now = performance.now();
		const flooding = this.windowBytes + this.previousWindowBytes >= floodBytes && now - this.lastOutputAt < floodWindowMs;
		if (!flooding) {
			this.overflowing = false;
		}

		// Output that may be the echo of a key just typed is never held back, nor the last of it.
		const typing = now - this.lastInputAt < echoWindowMs || this.inputEnded;
		const overflowing = flooding && this.overflowing;
		if (flooding && !typing && this.pendingBytes < (overflowing ? highWaterMark : parseNowBytes)) {
			this.parseTimer ??= setTimeout(
				() => {
					this.parseTimer = undefined;
					this.parseNext();
				},
				overflowing ? overflowParseDelayMs : floodParseDelayMs,
			);
			return;
		}

		this.parseNext();
	}

	/** Calls back once everything received so far has been parsed. */
	private whenParsed(callback: () => void): void {
		if (this.pendingBytes === 0 && !this.parsing) {
			callback();
		} else {
			this.parsedWaiters.push(callback);
		}
	}

	/**
	 * Under a flood of short lines, skips the ones that would scroll out of the
	 * scrollback unseen (see dropHiddenLines): the screen and scrollback end up
	 * the same, for a fraction of the parsing. The whole backlog is searched, so
	 * only when it holds enough lines for a skip, and at most once per half of it
	 * arriving anew: the searches then cost a small constant per byte.
	 */
	private dropHiddenLines(): void {
		if (this.receivedSinceScan * 2 < this.pendingBytes) {
			return;
		}

		// A line is at least "\r\n", and the buffer keeps at least a screen: a small backlog (a
		// spinner, an echo) has nothing to skip, decided before the costlier look at the parser.
		if (this.pendingBytes < 4 * this.terminal.rows) {
			return;
		}

		const capacity = hiddenLineCapacity(this.terminal);
		if (!capacity || this.pendingBytes < 2 * (capacity.rows + capacity.kept)) {
			return;
		}

		this.receivedSinceScan = 0;
		// Output other than simple lines (see dropHiddenLines) ends their run at once: then there is nothing to skip,
		// known from the first chunk alone, without joining the whole backlog to look.
		const firstRun = plainRunWithin(this.unparsed[0]!, capacity.cols);
		if (firstRun !== undefined && firstRun < 2 * (capacity.rows + capacity.kept - 1)) {
			this.overflowing = false;
			return;
		}

		if (!holdsLines(this.unparsed, capacity.rows + capacity.kept)) {
			this.overflowing = false;
			return;
		}

		const {text, dropped} = dropHiddenLines(this.unparsed.join(''), capacity);
		this.unparsed.length = 0;
		this.unparsed.push(text);
		this.pendingBytes -= dropped;
		this.overflowing = dropped > 0;
	}

	/** Hands the terminal the next batch of output once it has parsed the last one. */
	private parseNext(): void {
		if (this.parsing || this.unparsed.length === 0 || this.disposed) {
			return;
		}

		clearTimeout(this.parseTimer);
		this.parseTimer = undefined;
		// The terminal has parsed everything before the backlog: its state is the one the backlog starts from.
		this.dropHiddenLines();
		let batch = this.unparsed.shift()!;
		if (batch.length > parseBatchSize) {
			// A joined backlog is cut back to a batch (xterm.js keeps a surrogate pair cut in two), after
			// a line where there is one: the parser then rests between sequences, and the next look for
			// lines to skip can skip.
			const lineEnd = batch.lastIndexOf('\n', parseBatchSize - 1) + 1;
			const cut = lineEnd > parseBatchSize / 2 ? lineEnd : parseBatchSize;
			this.unparsed.unshift(batch.slice(cut));
			batch = batch.slice(0, cut);
		}

		while (this.unparsed.length > 0 && batch.length + this.unparsed[0]!.length <= parseBatchSize) {
			batch += this.unparsed.shift()!;
		}

		this.parsing = true;
		if (batch.length <= syncParseBytes && this.unparsed.length === 0) {
			// A little output with nothing behind it (a spinner's frame, a prompt) is parsed now: a
			// timer's turn of the event loop would cost more than the parse.
			this.parseAtOnce();
		}

		this.terminal.write(batch, () => {
			this.parsing = false;
			this.pendingBytes -= batch.length;
			if (this.paused && this.pendingBytes < lowWaterMark) {
				this.paused = false;
				this.process?.resume();
			}

			this.afterParse();
			this.requestParse();
			if (!this.parsing && this.pendingBytes === 0) {
				for (const callback of this.parsedWaiters.splice(0)) {
					callback();
				}
			}
		});
	}

	private afterParse(): void {
		if (this.disposed) {
			return;
		}

		this.emit('parsed');

		if (this.terminal.modes.synchronizedOutputMode) {
			// Hold the repaint until the frame ends, but never longer than the timeout.
			if (!this.syncTimer) {
				const wait = Math.max(0, this.modes.syncStartedAt + synchronizedOutputTimeoutMs - Date.now());
				this.syncTimer = setTimeout(() => {
					this.syncTimer = undefined;
					this.markDirty();
				}, wait + 1);
			}

			if (this.isSynchronizing()) {
				return;
			}
		} else if (this.syncTimer) {
			clearTimeout(this.syncTimer);
			this.syncTimer = undefined;
		}

		this.markDirty();
	}

	private markDirty(): void {
		if (this.disposed) {
			return;
		}

		// Emitted every time, not only when the pane turns dirty: a frame the compositor
		// skipped (mid synchronized output, behind a dialog) leaves the flag set, and the
		// end of that frame must still ask for a paint. Asking twice costs nothing.
		this.dirty = true;
		this.dirtyRows.touch();
		this.emit('dirty');
	}

	private exited(code: number, signal: number): void {
		if (this.disposed) {
			return;
		}

		// Ended to be started again under another sandbox (relaunch): not an exit of the pane's program.
		if (this.relaunching) {
			this.relaunching = false;
			return;
		}

		const policy = this.spec.onExit;
		if (policy === 'close') {
			this.setStatus({kind: 'exited', code, signal});
			this.emit('closed');
			return;
		}

		if (policy === 'hold') {
			this.setStatus({kind: 'exited', code, signal});
			this.writeNotice(`[exited with code ${code}${signal ? `, signal ${signal}` : ''}; press Enter or prefix r to restart]`);
			return;
		}

		// A program that ran for a while starts over from the shortest delay.
		if (Date.now() - this.startedAt > 10_000) {
			this.restartCount = 0;
		}

		const delay = Math.min(30_000, 500 * 2 ** this.restartCount);
		this.restartCount++;
		this.setStatus({kind: 'restarting', code, inMs: delay});
		this.writeNotice(`[exited with code ${code}; restarting in ${(delay / 1000).toFixed(1)} s]`);
		this.restartTimer = setTimeout(() => {
			this.restart();
		}, delay);
	}

	/** Writes a line of agentmux's own into the pane, in reverse video, where the program's output goes. */
	writeNotice(text: string): void {
		this.terminal.write(`\r\n\u001B[0;7m${text}\u001B[0m\r\n`, () => {
			this.markDirty();
		});
	}

	private setStatus(status: SessionStatus): void {
		this.status = status;
		this.emit('status', status);
	}
}

/** A capped writer on the pty's descriptor; undefined where node-pty gives none (the pty's own write is used then). */
function createWriter(child: IPty, id: number, onBacklog: (backlogged: boolean) => void): PaneWriter | undefined {
	const internals = child as unknown as {fd?: unknown; _writable?: boolean};
	if (typeof internals.fd !== 'number') {
		return undefined;
	}

	return new PaneWriter({
		fd: internals.fd,
		// node-pty marks the pty unwritable as it closes, before the descriptor is closed and can be reused.
		isOpen: () => internals._writable !== false,
		onDrop(kind, bytes) {
			logDiagnostic(`pane ${id}`, `the program is not reading its input: ${kind === 'reply' ? 'query answers' : 'input'} dropped (${bytes} bytes and more)`);
		},
		onError(error) {
			logDiagnostic(`pane ${id}`, error);
		},
		onBacklog,
	});
}

/** How long a pane's program has to end after SIGHUP, then after SIGTERM, when the pane closes. */
const hangupGraceMs = 500;
const terminateGraceMs = 2000;

/** Sends a signal to the pane's process group (node-pty makes the program a session and group leader). */
function signalGroup(child: IPty, signal: NodeJS.Signals): void {
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is gone; try the program itself.
		try {
			child.kill(signal);
		} catch {
			// Already gone.
		}
	}
}

/** Ends a program as a closing terminal would: a hangup, then SIGTERM after a moment, SIGKILL after a while. */
async function endProgram(child: IPty): Promise<void> {
	const exited = new Promise<void>(resolve => {
		child.onExit(() => {
			resolve();
		});
	});
	signalGroup(child, 'SIGHUP');
	const term = setTimeout(() => signalGroup(child, 'SIGTERM'), hangupGraceMs);
	const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), terminateGraceMs);
	term.unref();
	kill.unref();
	await exited;
	clearTimeout(term);
	clearTimeout(kill);
}
