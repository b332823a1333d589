import type {Terminal} from '@xterm/headless';

/** How a terminal keeps lines: its screen size, and how many rows its buffer holds (screen and scrollback). */
export type LineCapacity = {rows: number; cols: number; kept: number};

type Internals = {
	_core?: {
		_inputHandler?: {_parser?: {currentState?: number}; _parseStack?: {paused?: boolean}};
		_bufferService?: {isUserScrolling?: boolean; buffer?: {scrollTop?: number; scrollBottom?: number; lines?: {maxLength?: number}}};
	};
};

const carriageReturn = 0x0D;
const lineFeed = 0x0A;

/**
 * The terminal's line capacity when output may skip lines at this point of the
 * stream, undefined when it may not. Skipping is exact only when the parser is
 * between sequences (text inside an OSC string, say, is not printed), the scroll
 * region is the whole screen, no insert mode is on, and the user is not reading
 * the scrollback (whose view moves by one row per line that scrolls out).
 * These live in xterm.js's internals; without them nothing is skipped.
 */
export function hiddenLineCapacity(terminal: Terminal): LineCapacity | undefined {
	const core = (terminal as unknown as Internals)._core;
	const handler = core?._inputHandler;
	const bufferService = core?._bufferService;
	const buffer = bufferService?.buffer;
	const kept = buffer?.lines?.maxLength;
	if (!handler || !buffer || kept === undefined || !Number.isSafeInteger(kept)) {
		return undefined;
	}

	const plain = handler._parser?.currentState === 0
		&& handler._parseStack?.paused === false
		&& bufferService?.isUserScrolling === false
		&& buffer.scrollTop === 0
		&& buffer.scrollBottom === terminal.rows - 1
		&& !terminal.modes.insertMode;
	return plain ? {rows: terminal.rows, cols: terminal.cols, kept} : undefined;
}

/**
 * Drops lines that would scroll out of the terminal's buffer, scrollback
 * included, before anyone could see them: what `yes` or a chatty build writes
 * faster than any screen shows it. Only the run of plain lines ("text\r\n", the
 * text printable ASCII shorter than the screen width) at the start of `text` is
 * touched, and the result leaves the terminal exactly as the whole text would:
 * its first `rows` lines are kept, which brings the cursor to the bottom row of
 * a freshly scrolled line, and from there each line only scrolls the buffer by
 * one; so the last `kept - 1` lines (and the blank row after them) are all the
 * buffer holds afterwards, whatever came between.
 */
export function dropHiddenLines(text: string, capacity: LineCapacity): {text: string; dropped: number} {
	const keepFirst = capacity.rows;
	const keepLast = capacity.kept - 1;
	let index = 0;
	let lineStart = 0;
	let lines = 0;
	let prefixEnd = 0;
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code <= 0x7E) {
			index++;
			continue;
		}

		// A line as wide as the screen would leave a pending wrap; a longer one wraps. Both end the run.
		if (code !== carriageReturn || text.charCodeAt(index + 1) !== lineFeed || index - lineStart >= capacity.cols) {
			break;
		}

		index += 2;
		lineStart = index;
		lines++;
		if (lines === keepFirst) {
			prefixEnd = index;
		}
	}

	const drop = lines - keepFirst - keepLast;
	if (drop <= 0 || keepLast < 0) {
		return {text, dropped: 0};
	}

	// Back from the end of the run over the lines that stay: their first byte is where the text resumes.
	let tailStart = lineStart;
	for (let counted = 0; counted < keepLast; counted++) {
		tailStart = text.lastIndexOf('\n', tailStart - 2) + 1;
	}

	return {text: text.slice(0, prefixEnd) + text.slice(tailStart), dropped: tailStart - prefixEnd};
}
