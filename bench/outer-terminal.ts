import fs from 'node:fs';
import pty, {type IPty} from 'node-pty';

export const outerCols = 200;
export const outerRows = 60;

export type ExitInfo = {exitCode: number; signal: number | undefined; at: number};

/**
 * A multiplexer's client running in the "user's terminal": a 200x60 pseudo-terminal
 * whose output is drained and counted, and optionally scanned by a listener.
 */
export class OuterTerminal {
	readonly startedAt: number;
	readonly exited: Promise<ExitInfo>;
	bytes = 0;
	lastDataAt: number;
	exit: ExitInfo | undefined;
	/** Called with every chunk and the time it arrived; for the latency probe. */
	listener: ((data: string, at: number) => void) | undefined;
	private readonly process: IPty;

	constructor(file: string, args: string[], options: {cwd: string; env: Record<string, string>}) {
		this.startedAt = performance.now();
		this.lastDataAt = this.startedAt;
		// Argv only: node-pty execs the file directly, no shell in between.
		this.process = pty.spawn(file, args, {
			name: 'xterm-256color',
			cols: outerCols,
			rows: outerRows,
			cwd: options.cwd,
			env: options.env,
		});
		this.process.onData(data => {
			const at = performance.now();
			this.bytes += Buffer.byteLength(data, 'utf8');
			this.lastDataAt = at;
			this.listener?.(data, at);
		});
		this.exited = new Promise(resolve => {
			this.process.onExit(({exitCode, signal}) => {
				this.exit = {exitCode, signal: signal || undefined, at: performance.now()};
				resolve(this.exit);
			});
		});
	}

	get pid(): number {
		return this.process.pid;
	}

	/** Types into the terminal, as the user's keyboard would. */
	write(data: string): void {
		if (!this.exit) {
			this.process.write(data);
		}
	}

	/** Resolves true when the client exits within ms, false otherwise. */
	async waitForExit(ms: number): Promise<boolean> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<false>(resolve => {
			timer = setTimeout(() => {
				resolve(false);
			}, ms);
		});
		const result = await Promise.race([this.exited.then(() => true as const), timeout]);
		clearTimeout(timer);
		return result;
	}

	/** Resolves once something was drawn and then nothing arrived for quietMs (or maxMs passed). */
	async settle(quietMs: number, maxMs: number): Promise<void> {
		const until = performance.now() + maxMs;
		while (performance.now() < until && !this.exit) {
			const quietFor = performance.now() - this.lastDataAt;
			// A client that has not drawn yet is still starting, not quiet.
			if (this.bytes > 0 && quietFor >= quietMs) {
				return;
			}

			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, Math.max(10, quietMs - quietFor));
			});
		}
	}

	/** Resolves true once text has appeared in the output (after this call), false after ms. */
	async waitForText(text: string, ms: number): Promise<boolean> {
		const previous = this.listener;
		let tail = '';
		let timer: NodeJS.Timeout | undefined;
		const found = await new Promise<boolean>(resolve => {
			timer = setTimeout(() => {
				resolve(false);
			}, ms);
			this.listener = (data, at) => {
				previous?.(data, at);
				// Keep a short tail so that text split across chunks is still found.
				tail = (tail + data).slice(-(text.length + data.length));
				if (tail.includes(text)) {
					resolve(true);
				}

				tail = tail.slice(-text.length);
			};
			void this.exited.then(() => {
				resolve(false);
			});
		});
		clearTimeout(timer);
		this.listener = previous;
		return found;
	}

	/** Closes the pseudo-terminal's master, as sshd does when the connection drops. */
	hangUp(): void {
		try {
			(this.process as unknown as {destroy(): void}).destroy();
		} catch {
			// Already closed.
		}
	}

	/** Sends a signal to the client process (not its tree). */
	signal(signal: NodeJS.Signals): void {
		if (!this.exit) {
			try {
				process.kill(this.process.pid, signal);
			} catch {
				// Already gone.
			}
		}
	}
}

/** The pids of every live descendant of pid (children first found through /proc/<pid>/task/<tid>/children). */
export function descendants(pid: number): number[] {
	const found: number[] = [];
	const queue = [pid];
	while (queue.length > 0) {
		const current = queue.shift()!;
		let tasks: string[] = [];
		try {
			tasks = fs.readdirSync(`/proc/${current}/task`);
		} catch {
			continue;
		}

		for (const task of tasks) {
			let children = '';
			try {
				children = fs.readFileSync(`/proc/${current}/task/${task}/children`, 'utf8');
			} catch {
				continue;
			}

			for (const child of children.trim().split(/\s+/)) {
				const childPid = Number(child);
				if (childPid > 0 && !found.includes(childPid)) {
					found.push(childPid);
					queue.push(childPid);
				}
			}
		}
	}

	return found;
}

/** utime + stime of one process (all its threads, not its children), in clock ticks; 0 when gone. */
export function cpuTicks(pid: number): number {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// Fields 14 and 15 of stat(5); fields[0] here is field 3.
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return 0;
	}
}

/** SIGKILLs every pid that is still alive; errors (already gone) are ignored. */
export function killAll(pids: readonly number[]): void {
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Gone already.
		}
	}
}
