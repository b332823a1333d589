import type {Terminal} from '@xterm/headless';

/** A cell position in the terminal's whole buffer (scrollback included). */
export type BufferPosition = {row: number; col: number};

/** Where the cursor is now, counted from the top of the scrollback. */
export function cursorPosition(terminal: Terminal): BufferPosition {
	const buffer = terminal.buffer.active;
	return {row: buffer.baseY + buffer.cursorY, col: buffer.cursorX};
}

/**
 * The text from `from` to the end of its logical line: the rows that follow
 * it while they are soft-wrapped continuations. This is the command line as
 * the shell shows it, after history recall, completion and editing.
 */
export function readLogicalLine(terminal: Terminal, from: BufferPosition, cursor?: BufferPosition): string {
	const buffer = terminal.buffer.active;
	let text = '';
	let row = from.row;
	let line = buffer.getLine(row);
	if (!line) {
		return '';
	}

	text = line.translateToString(false, from.col);
	for (;;) {
		row++;
		line = buffer.getLine(row);
		if (!line?.isWrapped) {
			break;
		}

		text += line.translateToString(false);
	}

	const trimmed = text.trimEnd();
	if (!cursor || cursor.row < from.row) {
		return trimmed;
	}

	// Spaces before the cursor were typed ("sudo " before a paste of "rm -rf /"): keep them.
	const typed = (cursor.row - from.row) * terminal.cols + cursor.col - from.col;
	return typed > trimmed.length ? text.slice(0, typed) : trimmed;
}

const shells = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'ash', 'tcsh', 'csh', 'busybox']);

/** Whether a foreground process name is an interactive shell, so typed lines are commands. */
export function isShellProgram(name: string | undefined): boolean {
	if (!name) {
		return false;
	}

	const base = name.split('/').at(-1)!.replace(/^-/, '');
	return shells.has(base);
}
