import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {Unicode11Addon} from '@xterm/addon-unicode11';
import xterm from '@xterm/headless';
import pty, {type IPty} from 'node-pty';

const {Terminal} = xterm;

/** test/fixtures/agents, found from dist/test/agents. */
export const fixtureDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/agents');

/** A program in a pseudo-terminal whose screen is kept by a headless xterm, as in a pane. */
export class PtyScreen {
	readonly terminal: InstanceType<typeof Terminal>;
	readonly pty: IPty;
	exited: Promise<number>;

	constructor(file: string, args: string[], env: Record<string, string> = {}, cols = 100, rows = 30) {
		this.terminal = new Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
		this.terminal.loadAddon(new Unicode11Addon());
		this.terminal.unicode.activeVersion = '11';
		this.pty = pty.spawn(file, args, {cols, rows, cwd: process.cwd(), env: {...process.env, ...env} as Record<string, string>, name: 'xterm-256color'});
		this.pty.onData(data => this.terminal.write(data));
		this.exited = new Promise(resolve => {
			this.pty.onExit(({exitCode}) => resolve(exitCode));
		});
	}

	/** The visible rows as text, trailing spaces trimmed. */
	lines(): string[] {
		const buffer = this.terminal.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < this.terminal.rows; row++) {
			lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		}

		return lines;
	}

	/** Waits until some row matches `pattern`; returns the screen. */
	async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			await new Promise<void>(resolve => {
				this.terminal.write('', resolve);
			});
			const lines = this.lines();
			if (lines.some(line => pattern.test(line))) return lines;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen:\n${lines.join('\n')}`);
			await new Promise(resolve => setTimeout(resolve, 25));
		}
	}

	write(data: string): void {
		this.pty.write(data);
	}

	async close(): Promise<void> {
		try {
			this.pty.kill();
		} catch {}

		await Promise.race([this.exited, new Promise(resolve => setTimeout(resolve, 2000))]);
		this.terminal.dispose();
	}
}

/** Starts a fake agent script with the node running the tests. */
export function startFake(name: string, args: string[] = [], env: Record<string, string> = {}): PtyScreen {
	return new PtyScreen(process.execPath, [path.join(fixtureDir, `fake-${name}.mjs`), ...args], env);
}
