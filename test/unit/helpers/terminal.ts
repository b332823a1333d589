import {Unicode11Addon} from '@xterm/addon-unicode11';
import xterm from '@xterm/headless';

const {Terminal} = xterm;
export type HeadlessTerminal = InstanceType<typeof Terminal>;

/** A headless terminal that measures widths as agentmux's panes do. */
export function createTerminal(cols: number, rows: number): HeadlessTerminal {
	const terminal = new Terminal({cols, rows, allowProposedApi: true, scrollback: 100});
	terminal.loadAddon(new Unicode11Addon());
	terminal.unicode.activeVersion = '11';
	return terminal;
}

/** Writes and waits until the terminal has parsed it. */
export async function write(terminal: HeadlessTerminal, data: string): Promise<void> {
	await new Promise<void>(resolve => {
		terminal.write(data, resolve);
	});
}

/** The text of one viewport row. */
export function rowText(terminal: HeadlessTerminal, y: number, trimRight = true): string {
	const buffer = terminal.buffer.active;
	return buffer.getLine(buffer.viewportY + y)?.translateToString(trimRight) ?? '';
}

/** Waits until `check` is true, polling; throws with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > timeoutMs) {
			throw new Error(`timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}
