import fs from 'node:fs';
import process from 'node:process';
import tty from 'node:tty';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import type {TerminalIdentity} from '../terminal/terminal-identity.js';
import type {Drawing} from './drawing.js';
import {congestedBytes} from './socket-drawing.js';

/** How long a detach waits for drawing already queued to reach the terminal before it gives up on it. */
const flushOnCloseMs = 500;

/**
 * Opens the client's terminal for the server to draw on, as tmux's server does: the drawing
 * then goes to the terminal in one write, instead of through the client (a socket write, a
 * wake-up, a read and a write more per frame). Returns why not when the terminal is not one
 * this user owns, or not the very device the client has open (same device, same inode): the
 * client then relays the drawing itself.
 */
export function openClientTerminal(identity: TerminalIdentity, uid = process.getuid?.()): tty.WriteStream | string {
	// Only terminal devices are ever opened: opening some other devices does something by itself.
	if (!/^\/dev\/(pts\/\d+|tty[A-Za-z]*\d+)$/.test(identity.path)) {
		return `${identity.path} is not a terminal device's path`;
	}

	let fd: number;
	try {
		// No controlling terminal is taken, and opening never waits (a modem line would).
		fd = fs.openSync(identity.path, fs.constants.O_WRONLY | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
	} catch (error) {
		return `${identity.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
	}

	// Ours to close until a stream has taken it over.
	let ownFd = true;
	try {
		const stat = fs.fstatSync(fd);
		let problem: string | undefined;
		if (!stat.isCharacterDevice() || !tty.isatty(fd)) {
			problem = 'not a terminal';
		} else if (stat.dev !== identity.dev || stat.ino !== identity.ino || stat.rdev !== identity.rdev) {
			problem = 'not the terminal the client has open';
		} else if (uid !== undefined && stat.uid !== uid) {
			problem = `owned by uid ${stat.uid}, not ${uid}`;
		}

		if (problem !== undefined) {
			fs.closeSync(fd);
			return `${identity.path}: ${problem}`;
		}

		const terminal = new tty.WriteStream(fd);
		ownFd = false;
		const handle = (terminal as unknown as {_handle?: {fd?: number; setBlocking?: (blocking: boolean) => number}})._handle;
		if (handle?.fd !== undefined && handle.fd !== fd) {
			// libuv opened the terminal again for a file description of its own, and left ours open.
			fs.closeSync(fd);
		}

		// Node makes terminal writes blocking; one stalled terminal (a frozen SSH link) must not stall
		// the server and every other client, so writes queue here instead and frames wait (congested).
		if (typeof handle?.setBlocking !== 'function' || handle.setBlocking(false) !== 0) {
			terminal.destroy();
			return `${identity.path}: cannot be written without blocking`;
		}

		return terminal;
	} catch (error) {
		if (ownFd) {
			fs.closeSync(fd);
		}

		return `${identity.path}: ${(error as Error).message}`;
	}
}

/**
 * Drawing written by the server straight onto the client's terminal. Nothing reaches the
 * terminal before the client has entered full screen (`ready`), and nothing after `close`
 * has called back: the client restores its terminal only then.
 */
export class TerminalDrawing implements Drawing {
	/** Drawing made before the client entered full screen; undefined once it has. */
	private held: string[] | undefined = [];
	private heldBytes = 0;
	private failed = false;
	/** A frame waited for the terminal: draw again once all queued drawing has reached it. */
	private waiting = false;
	private closing: (() => void) | undefined;

	constructor(
		private readonly terminal: tty.WriteStream,
		private readonly onDrain: () => void,
	) {
		terminal.on('error', error => {
			// The terminal hung up (EIO) or went away: drawing stops at once, and the client, which
			// sees the same hangup, leaves by itself.
			if (!this.failed) {
				logDiagnostic('server', `a client's terminal: ${error.message}`);
			}

			this.failed = true;
			terminal.destroy();
			this.closing?.();
		});
	}

	write(data: string): void {
		if (this.failed || this.closing || this.terminal.destroyed) {
			return;
		}

		if (this.held) {
			// Only the first drawing waits for the client (frames wait in `congested`): a client that never
			// says it is ready cannot make this grow.
			if (this.heldBytes + data.length <= congestedBytes) {
				this.held.push(data);
				this.heldBytes += data.length;
			}

			return;
		}

		this.terminal.write(data, this.afterWrite);
	}

	congested(all: boolean): boolean {
		const congested = this.held !== undefined || this.terminal.writableLength > (all ? 0 : congestedBytes);
		this.waiting ||= congested;
		return congested;
	}

	ready(): void {
		if (!this.held) {
			return;
		}

		const held = this.held.join('');
		this.held = undefined;
		if (held.length > 0 && !this.failed && !this.terminal.destroyed) {
			this.terminal.write(held, this.afterWrite);
		}

		if (this.waiting) {
			this.waiting = false;
			this.onDrain();
		}
	}

	drawn(): void {
		// The client relays nothing, so it never says how much it drew.
	}

	close(then: () => void): void {
		if (this.closing) {
			return;
		}

		let timer: NodeJS.Timeout | undefined;
		this.closing = () => {
			this.closing = () => undefined;
			clearTimeout(timer);
			this.terminal.destroy();
			then();
		};

		if (this.failed || this.terminal.destroyed || this.terminal.writableLength === 0) {
			this.closing();
			return;
		}

		// A frame half written would leave the terminal inside an escape sequence when the client
		// restores it: let what is queued go out, unless the terminal has stopped taking anything.
		timer = setTimeout(() => this.closing?.(), flushOnCloseMs);
	}

	private readonly afterWrite = (): void => {
		if (this.terminal.writableLength > 0) {
			return;
		}

		if (this.closing) {
			this.closing();
		} else if (this.waiting) {
			this.waiting = false;
			this.onDrain();
		}
	};
}
