import {format} from 'node:util';
import {logDiagnostic} from './diagnostic-log.js';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'dir';
const methods: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'];

/** At most this many records a second reach the log; the rest are counted, so a flood of warnings costs nothing. */
const recordsPerSecond = 50;

/**
 * Sends everything written through `console` to the diagnostic log until the returned function is
 * called. While the full-screen UI runs, a library's warning (xterm.js's parser errors, node-pty's
 * write errors, React's) printed on the user's terminal would land over the panes.
 */
export function captureConsole(): () => void {
	const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
	let windowStart = 0;
	let inWindow = 0;
	let dropped = 0;
	for (const method of methods) {
		saved.set(method, console[method] as (...args: unknown[]) => void);
		console[method] = (...args: unknown[]) => {
			const now = Date.now();
			if (now - windowStart >= 1000) {
				if (dropped > 0) {
					logDiagnostic('console', `${dropped} more records dropped`);
				}

				windowStart = now;
				inWindow = 0;
				dropped = 0;
			}

			if (inWindow >= recordsPerSecond) {
				dropped++;
				return;
			}

			inWindow++;
			let text: string;
			try {
				text = format(...args);
			} catch {
				text = '(unprintable)';
			}

			logDiagnostic(`console.${method}`, text);
		};
	}

	return () => {
		for (const [method, original] of saved) {
			console[method] = original;
		}

		if (dropped > 0) {
			logDiagnostic('console', `${dropped} more records dropped`);
		}
	};
}
