import fs from 'node:fs';
import {enterFullScreen, leaveFullScreen} from './terminal-modes.js';

type Restorable = {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
};

/**
 * Owns the user's terminal: enters full screen and raw mode, and guarantees
 * they are undone on every way out (quit, signals, crashes), exactly once.
 */
export class UserTerminal {
	private active = false;
	private readonly onExit = () => {
		this.restore();
	};

	constructor(private readonly streams: Restorable) {}

	/** `onShown` runs once the terminal has been switched to full screen. */
	enter(onShown?: () => void): void {
		const {stdin, stdout} = this.streams;
		if (stdin.isTTY) {
			stdin.setRawMode(true);
		}

		stdin.setEncoding('utf8');
		stdin.resume();
		this.active = true;
		process.on('exit', this.onExit);
		stdout.write(enterFullScreen, onShown);
	}

	/** Puts the user's terminal back as it was; safe to call more than once and when the terminal is gone. */
	restore(): void {
		if (!this.active) {
			return;
		}

		this.active = false;
		process.off('exit', this.onExit);
		const {stdin, stdout} = this.streams;
		try {
			// Synchronous, so it lands even when the process is about to exit.
			fs.writeSync((stdout as unknown as {fd: number}).fd ?? 1, leaveFullScreen);
		} catch {
			// The terminal went away (SSH drop): nothing left to restore.
		}

		try {
			if (stdin.isTTY) {
				stdin.setRawMode(false);
			}

			stdin.pause();
		} catch {
			// Same: a closed terminal.
		}
	}
}
