import {spawn as spawnChild} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {Unicode11Addon} from '@xterm/addon-unicode11';
import xterm from '@xterm/headless';
import pty, {type IPty} from 'node-pty';
import {firstRunTipFile} from '../../source/app/first-run-tip.js';

const {Terminal} = xterm;
export type OuterTerminal = InstanceType<typeof Terminal>;

/**
 * The built CLI users run, the bundle (dist/bundle, made by `npm run build`), found from this
 * file's place in dist/test/helpers. AGENTMUX_TEST_CLI=dist/source/cli.js runs the tests against
 * tsc's output instead.
 */
export const cliPath = process.env['AGENTMUX_TEST_CLI'] ? path.resolve(process.env['AGENTMUX_TEST_CLI']) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bundle/cli.js');

/** The prompt every bash pane shows: fixed so that tests can wait for it. */
export const prompt = '$ ';

export type HarnessOptions = {
	/** Arguments after the CLI path, e.g. ['--workspace', file]. */
	args?: string[];
	cols?: number;
	rows?: number;
	/** Extra or overriding environment variables for agentmux (and so its panes). */
	env?: Record<string, string>;
	/** Written to $AGENTMUX_CONFIG_DIR/config.json before the start (a string is written as is). */
	config?: unknown;
	/** Files to create in the working directory first: name -> content. */
	files?: Record<string, string>;
	/** A workspace object: written to workspace.json and passed with --workspace. */
	workspace?: unknown;
	/** Start as a first-time user (the status bar shows the first-run tip); otherwise the tip counts as seen. */
	firstRun?: boolean;
	/** Another harness whose folders, environment and server this one shares (a second terminal attaching). */
	shareWith?: TerminalHarness;
	/** A program that starts agentmux: its argv, to which node, the CLI and the arguments are appended. */
	launcher?: string[];
	/** Called with the test's folders once they exist, before agentmux starts (fake home files, projects). */
	beforeStart?: (folders: {cwd: string; home: string; configDir: string; stateDir: string; runtimeDir: string}) => void;
};

export type ExitResult = {exitCode: number; signal: number | undefined};

export type OuterModes = {
	/** The outer xterm's own modes (bracketed paste, mouse tracking, focus events, ...). */
	bracketedPasteMode: boolean;
	mouseTrackingMode: 'none' | 'x10' | 'vt200' | 'drag' | 'any';
	sendFocusMode: boolean;
	applicationCursorKeysMode: boolean;
	synchronizedOutputMode: boolean;
	wraparoundMode: boolean;
	/** 'alternate' while agentmux is full screen. */
	buffer: 'normal' | 'alternate';
	cursorVisible: boolean;
	/** Depth of the kitty keyboard flag stack (CSI > u pushes, CSI < u pops). */
	kittyKeyboardDepth: number;
	/** The modifyOtherKeys level last set with CSI > 4 ; n m (0 after a reset). */
	modifyOtherKeys: number;
};

export type WaitOptions = {timeoutMs?: number};

// Generous: a loaded machine starts the client and then the server, each a Node process.
const defaultTimeoutMs = 30_000;

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

/** A temporary folder, removed by the harness's cleanup. */
export function makeTempDir(prefix = 'agentmux-e2e-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The environment agentmux starts with in tests: nothing from the developer's own terminal. */
export function baseEnvironment(dirs: {home: string; config: string; state: string; runtime?: string}): Record<string, string> {
	return {
		PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
		HOME: dirs.home,
		AGENTMUX_CONFIG_DIR: dirs.config,
		AGENTMUX_STATE_DIR: dirs.state,
		// Each test has a server of its own: its socket lives in the test's folder, never the developer's.
		XDG_RUNTIME_DIR: dirs.runtime ?? path.join(path.dirname(dirs.state), 'run'),
		SHELL: '/bin/bash',
		TERM: 'xterm-256color',
		PS1: prompt,
		LANG: 'C.UTF-8',
		LC_ALL: 'C.UTF-8',
		// Predictable pagers and editors, whatever the machine has configured.
		LESS: '',
		LESSHISTFILE: '-',
		HISTFILE: '/dev/null',
	};
}

/**
 * The built agentmux CLI in a real pseudo-terminal, with an @xterm/headless
 * terminal standing in for the user's terminal: it parses everything agentmux
 * writes and answers its queries, like a real terminal would.
 */
export class TerminalHarness {
	readonly terminal: OuterTerminal;
	readonly cwd: string;
	readonly home: string;
	readonly configDir: string;
	readonly stateDir: string;
	readonly runtimeDir: string;
	/** The environment agentmux was started with (for `ls`, `kill` and other commands of the same user). */
	readonly env: Record<string, string>;
	readonly workspaceFile: string | undefined;
	/** Everything agentmux wrote to its terminal, in order. */
	rawOutput = '';
	exitResult: ExitResult | undefined;

	private readonly process: IPty;
	private readonly root: string;
	private readonly exited: Promise<ExitResult>;
	private kittyDepth = 0;
	private otherKeys = 0;
	private pendingWrites = 0;
	private lastDataAt = Date.now();
	private cleanedUp = false;
	private readonly shared: boolean;

	constructor(options: HarnessOptions = {}) {
		const cols = options.cols ?? 120;
		const rows = options.rows ?? 40;
		const owner = options.shareWith;
		this.shared = owner !== undefined;
		this.root = owner?.root ?? makeTempDir();
		this.cwd = path.join(this.root, 'work');
		this.home = path.join(this.root, 'home');
		this.configDir = path.join(this.root, 'config');
		this.stateDir = path.join(this.root, 'state');
		this.runtimeDir = path.join(this.root, 'run');
		for (const dir of [this.cwd, this.home, this.configDir, this.stateDir]) {
			fs.mkdirSync(dir, {recursive: true});
		}

		fs.mkdirSync(this.runtimeDir, {recursive: true, mode: 0o700});
		this.env = owner?.env ?? {...baseEnvironment({home: this.home, config: this.configDir, state: this.stateDir, runtime: this.runtimeDir}), ...options.env};

		if (!options.firstRun && !owner) {
			fs.writeFileSync(path.join(this.stateDir, firstRunTipFile), 'seen by the test harness\n');
		}

		if (options.config !== undefined) {
			fs.writeFileSync(path.join(this.configDir, 'config.json'), typeof options.config === 'string' ? options.config : JSON.stringify(options.config));
		}

		for (const [name, content] of Object.entries(options.files ?? {})) {
			fs.writeFileSync(path.join(this.cwd, name), content);
		}

		options.beforeStart?.({cwd: this.cwd, home: this.home, configDir: this.configDir, stateDir: this.stateDir, runtimeDir: this.runtimeDir});
		const args = [...(options.args ?? [])];
		if (options.workspace !== undefined) {
			this.workspaceFile = path.join(this.cwd, 'workspace.json');
			fs.writeFileSync(this.workspaceFile, typeof options.workspace === 'string' ? options.workspace : JSON.stringify(options.workspace));
			args.push('--workspace', this.workspaceFile);
		}

		this.terminal = new Terminal({cols, rows, allowProposedApi: true, scrollback: 1000});
		this.terminal.loadAddon(new Unicode11Addon());
		this.terminal.unicode.activeVersion = '11';
		// xterm.js keeps no state for these; follow them so tests can check they are undone.
		this.terminal.parser.registerCsiHandler({prefix: '>', final: 'u'}, () => {
			this.kittyDepth++;
			return true;
		});
		this.terminal.parser.registerCsiHandler({prefix: '<', final: 'u'}, params => {
			const count = typeof params[0] === 'number' && params[0] > 0 ? params[0] : 1;
			this.kittyDepth = Math.max(0, this.kittyDepth - count);
			return true;
		});
		this.terminal.parser.registerCsiHandler({prefix: '>', final: 'm'}, params => {
			if (params[0] === 4) {
				this.otherKeys = typeof params[1] === 'number' ? params[1] : 0;
			}

			return true;
		});

		const argv = [...(options.launcher ?? []), process.execPath, cliPath, ...args];
		this.process = pty.spawn(argv[0]!, argv.slice(1), {
			name: 'xterm-256color',
			cols,
			rows,
			cwd: this.cwd,
			env: this.env,
		});
		this.process.onData(data => {
			this.rawOutput += data;
			this.lastDataAt = Date.now();
			this.pendingWrites++;
			this.terminal.write(data, () => {
				this.pendingWrites--;
			});
		});
		// The user's terminal answers queries (device attributes, cursor position) on its input.
		this.terminal.onData(data => {
			this.safeWrite(data);
		});
		this.terminal.onBinary(data => {
			this.safeWrite(data);
		});
		this.exited = new Promise(resolve => {
			this.process.onExit(({exitCode, signal}) => {
				this.exitResult = {exitCode, signal: signal || undefined};
				resolve(this.exitResult);
			});
		});
	}

	get pid(): number {
		return this.process.pid;
	}

	get cols(): number {
		return this.terminal.cols;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	/** The visible rows of the outer terminal, right-trimmed. */
	screenText(): string[] {
		const buffer = this.terminal.buffer.active;
		const rows: string[] = [];
		for (let y = 0; y < this.terminal.rows; y++) {
			// Clipped to the width: after a narrowing resize xterm.js keeps the cells beyond it.
			rows.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true, 0, this.terminal.cols) ?? '');
		}

		return rows;
	}

	/** The screen as one string, for failure messages. */
	screenDump(): string {
		return this.screenText()
			.map((row, index) => `${String(index).padStart(2)}|${row}`)
			.join('\n');
	}

	/** The text of columns [x, x + width) of rows [y, y + height): a pane's region, right-trimmed of spaces. */
	regionText(rect: {x: number; y: number; width: number; height: number}): string[] {
		const buffer = this.terminal.buffer.active;
		const rows: string[] = [];
		for (let y = rect.y; y < rect.y + rect.height; y++) {
			rows.push((buffer.getLine(buffer.viewportY + y)?.translateToString(true, rect.x, rect.x + rect.width) ?? '').trimEnd());
		}

		return rows;
	}

	/** One cell of the visible screen. */
	cell(x: number, y: number) {
		const buffer = this.terminal.buffer.active;
		return buffer.getLine(buffer.viewportY + y)?.getCell(x);
	}

	/** The character drawn at a cell ('' for the right half of a wide character). */
	charAt(x: number, y: number): string {
		return this.cell(x, y)?.getChars() ?? '';
	}

	/** The outer terminal's cursor, on the visible screen. */
	get cursor(): {x: number; y: number} {
		const buffer = this.terminal.buffer.active;
		return {x: buffer.cursorX, y: buffer.cursorY + buffer.baseY - buffer.viewportY};
	}

	/** The outer terminal's state, for checking what agentmux set and restored. */
	get modes(): OuterModes {
		const {modes} = this.terminal;
		const core = (this.terminal as unknown as {_core?: {coreService?: {isCursorHidden?: boolean}}})._core;
		return {
			bracketedPasteMode: modes.bracketedPasteMode,
			mouseTrackingMode: modes.mouseTrackingMode,
			sendFocusMode: modes.sendFocusMode,
			applicationCursorKeysMode: modes.applicationCursorKeysMode,
			synchronizedOutputMode: modes.synchronizedOutputMode,
			wraparoundMode: modes.wraparoundMode,
			buffer: this.terminal.buffer.active.type,
			cursorVisible: core?.coreService?.isCursorHidden === undefined ? this.cursorVisibleFromOutput() : !core.coreService.isCursorHidden,
			kittyKeyboardDepth: this.kittyDepth,
			modifyOtherKeys: this.otherKeys,
		};
	}

	/** Resolves once the outer terminal has parsed everything received so far. */
	async flush(): Promise<void> {
		await new Promise<void>(resolve => {
			this.terminal.write('', resolve);
		});
	}

	/** Polls until `check` holds; on timeout throws with `what` and the screen. */
	async waitFor(check: () => boolean, what: string, options: WaitOptions = {}): Promise<void> {
		const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
		const started = Date.now();
		for (;;) {
			await this.flush();
			if (check()) {
				return;
			}

			if (Date.now() - started > timeoutMs) {
				throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.exitResult ? ` (agentmux exited: ${JSON.stringify(this.exitResult)})` : ''}\nscreen:\n${this.screenDump()}`);
			}

			await sleep(25);
		}
	}

	/** Waits until some visible row contains the text (or matches the pattern); returns that row's index. */
	async waitForText(text: string | RegExp, options: WaitOptions = {}): Promise<number> {
		let found = -1;
		await this.waitFor(
			() => {
				found = this.findRow(text);
				return found !== -1;
			},
			`screen to show ${String(text)}`,
			options,
		);
		return found;
	}

	/** Waits until no visible row contains the text (or matches the pattern). */
	async waitForNoText(text: string | RegExp, options: WaitOptions = {}): Promise<void> {
		await this.waitFor(() => this.findRow(text) === -1, `screen to no longer show ${String(text)}`, options);
	}

	/** The index of the first visible row containing the text / matching the pattern, or -1. */
	findRow(text: string | RegExp): number {
		return this.screenText().findIndex(row => (typeof text === 'string' ? row.includes(text) : text.test(row)));
	}

	/** Waits until no output has come for `quietMs`, counted from now at the earliest (for moments with nothing to wait for). */
	async waitForQuiet(quietMs = 150, options: WaitOptions = {}): Promise<void> {
		const calledAt = Date.now();
		await this.waitFor(() => this.pendingWrites === 0 && Date.now() - Math.max(this.lastDataAt, calledAt) >= quietMs, `output to be quiet for ${quietMs} ms`, options);
	}

	/** Sends raw bytes, as the user's terminal would for a key press. */
	press(bytes: string): void {
		this.safeWrite(bytes);
	}

	/** Types text, one character per write with a small gap, as a person would. */
	async type(text: string, gapMs = 4): Promise<void> {
		for (const char of text) {
			this.safeWrite(char);
			// eslint-disable-next-line no-await-in-loop
			await sleep(gapMs);
		}
	}

	/** Sends the prefix key (Ctrl-\) and then `key`, with a gap so they are read as two keys. */
	async prefix(key: string): Promise<void> {
		this.press('\u001C');
		await this.waitFor(() => this.screenText().at(-1)?.startsWith(' PREFIX ') ?? false, 'the status bar to show PREFIX');
		this.press(key);
	}

	/** Resizes the pseudo-terminal (agentmux gets SIGWINCH) and the outer terminal alike. */
	resize(cols: number, rows: number): void {
		this.terminal.resize(cols, rows);
		this.process.resize(cols, rows);
	}

	/** Closes the outer terminal as sshd does on a dropped connection: the pty master goes away. */
	hangUp(): void {
		try {
			(this.process as unknown as {destroy?: () => void}).destroy?.();
		} catch {
			// Already closed.
		}
	}

	/** The session server's pid, when one runs for this test. */
	serverPid(): number | undefined {
		try {
			const pid = Number(fs.readFileSync(path.join(this.runtimeDir, 'agentmux', 'server.pid'), 'utf8').trim());
			return Number.isInteger(pid) && pid > 0 ? pid : undefined;
		} catch {
			return undefined;
		}
	}

	/**
	 * The pids of the session servers started for this test's runtime folder, found by their
	 * command line and environment (a server that has not written server.pid yet counts too).
	 */
	serverProcesses(): number[] {
		const wanted = `XDG_RUNTIME_DIR=${this.runtimeDir}`;
		return fs.readdirSync('/proc').flatMap(entry => {
			if (!/^\d+$/.test(entry)) return [];
			try {
				const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
				if (!argv.includes('__server')) return [];
				const environment = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
				return environment.includes(wanted) && isRunning(Number(entry)) ? [Number(entry)] : [];
			} catch {
				// Gone meanwhile.
				return [];
			}
		});
	}

	/** Runs another agentmux command (ls, kill, kill-server, …) as the same user, with pipes. */
	async run(args: string[], timeoutMs?: number): Promise<PipedRun> {
		return runPiped(args, {cwd: this.cwd, env: this.env, ...(timeoutMs === undefined ? {} : {timeoutMs})});
	}

	/** Sends a signal to the agentmux process. */
	kill(signal: NodeJS.Signals = 'SIGTERM'): void {
		if (this.exitResult) {
			return;
		}

		try {
			process.kill(this.process.pid, signal);
		} catch {
			// Already gone.
		}
	}

	/** Resolves with the exit code once agentmux has ended and its last output has been parsed. */
	async waitForExit(options: WaitOptions = {}): Promise<ExitResult> {
		const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(() => {
				reject(new Error(`agentmux did not exit within ${timeoutMs} ms\nscreen:\n${this.screenDump()}`));
			}, timeoutMs);
		});
		try {
			const result = await Promise.race([this.exited, timeout]);
			// The pty may deliver its last bytes just after the exit event.
			await this.waitFor(() => this.pendingWrites === 0 && Date.now() - this.lastDataAt >= 100, 'the last output to be parsed', {timeoutMs: 5000});
			return result;
		} finally {
			clearTimeout(timer);
		}
	}

	/** Ends agentmux if it still runs (SIGTERM, then SIGKILL) and removes the temporary folders. */
	async cleanup(): Promise<void> {
		if (this.cleanedUp) {
			return;
		}

		this.cleanedUp = true;
		if (!this.exitResult) {
			this.kill('SIGTERM');
			const ended = await Promise.race([this.exited.then(() => true), sleep(3000).then(() => false)]);
			if (!ended) {
				this.kill('SIGKILL');
				await Promise.race([this.exited, sleep(2000)]);
			}
		}

		this.terminal.dispose();
		if (this.shared) {
			return;
		}

		for (const pid of new Set([this.serverPid(), ...this.serverProcesses()])) {
			// eslint-disable-next-line no-await-in-loop
			await stopServer(pid);
		}

		fs.rmSync(this.root, {recursive: true, force: true});
	}

	/** The cursor's visibility from the last DECTCEM in the raw output, when xterm's internals are unavailable. */
	private cursorVisibleFromOutput(): boolean {
		return this.rawOutput.lastIndexOf('\u001B[?25l') <= this.rawOutput.lastIndexOf('\u001B[?25h');
	}

	private safeWrite(data: string): void {
		if (this.exitResult) {
			return;
		}

		try {
			this.process.write(data);
		} catch {
			// The pty closed under us; the exit event follows.
		}
	}
}

/** Whether a process still runs. */
export function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}

	// A zombie (exited, not yet reaped by whoever adopted it) runs nothing.
	try {
		return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

/** Ends a test's session server (TERM, then KILL), so that no server outlives its test. */
export async function stopServer(pid: number | undefined): Promise<void> {
	if (pid === undefined || !isRunning(pid)) {
		return;
	}

	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return;
	}

	for (let waited = 0; waited < 4000 && isRunning(pid); waited += 50) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(50);
	}

	if (isRunning(pid)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Gone meanwhile.
		}
	}
}

/** Starts agentmux in a pseudo-terminal and registers its cleanup with the test. */
export function startAgentmux(context: {after: (fn: () => Promise<void>) => void}, options: HarnessOptions = {}): TerminalHarness {
	const harness = new TerminalHarness(options);
	context.after(async () => {
		await harness.cleanup();
	});
	return harness;
}

/** A bash pane with no startup files, so its prompt is exactly `prompt`. */
export function bashPane(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {name, command: 'bash', args: ['--norc', '--noprofile'], ...extra};
}

export type PipedRun = {exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

/** Runs the CLI with pipes instead of a terminal (for checks that end before the UI starts). */
export async function runPiped(args: string[], options: {cwd: string; env: Record<string, string>; timeoutMs?: number}): Promise<PipedRun> {
	return new Promise((resolve, reject) => {
		const child = spawnChild(process.execPath, [cliPath, ...args], {cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`agentmux ${args.join(' ')} did not exit within ${options.timeoutMs ?? defaultTimeoutMs} ms; stderr: ${stderr}`));
		}, options.timeoutMs ?? defaultTimeoutMs);
		child.on('error', reject);
		child.on('close', (exitCode, signal) => {
			clearTimeout(timer);
			resolve({exitCode, signal, stdout, stderr});
		});
		child.stdin.end();
	});
}

/** Rectangles of the panes agentmux draws for a known layout, for reading one pane's region. */
export function frameOf(harness: TerminalHarness, x: number, width: number, y = 0, height = harness.rows - 1) {
	return {
		frame: {x, y, width, height},
		content: {x: x + 1, y: y + 1, width: width - 2, height: height - 2},
	};
}
