import type {Terminal} from '@xterm/headless';

/** How a terminal keeps lines: its screen size, and how many rows its buffer holds (screen and scrollback). */
export type LineCapacity = {rows: number; cols: number; kept: number};

type Internals = {
	_core?: {
		_inputHandler?: {_parser?: {currentState?: number}; _parseStack?: {paused?: boolean}};
		_bufferService?: {isUserScrolling?: boolean; buffer?: {scrollTop?: number; scrollBottom?: number; lines?: {maxLength?: number}}};
	};
};

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

	const plain =
		handler._parser?.currentState === 0 &&
		handler._parseStack?.paused === false &&
		bufferService?.isUserScrolling === false &&
		buffer.scrollTop === 0 &&
		buffer.scrollBottom === terminal.rows - 1 &&
		!terminal.modes.insertMode;
	return plain ? {rows: terminal.rows, cols: terminal.cols, kept} : undefined;
}

/**
 * Drops lines that would scroll out of the terminal's buffer, scrollback
 * included, before anyone could see them: what `yes` or a chatty build writes
 * faster than any screen shows it. Only the run of plain lines ("text\r\n", the
 * text printable ASCII shorter than the screen width) at the start of `text`
 * (after the end of a line cut by a read, see leadLineEnd) is touched, and the result leaves the terminal exactly as the whole text would:
 * its first `rows` lines are kept, which brings the cursor to the bottom row of
 * a freshly scrolled line, and from there each line only scrolls the buffer by
 * one; so the last `kept - 1` lines (and the blank row after them) are all the
 * buffer holds afterwards, whatever came between.
 */
export function dropHiddenLines(text: string, capacity: LineCapacity): {text: string; dropped: number} {
	const keepFirst = capacity.rows;
	const keepLast = capacity.kept - 1;
	// Too short to hold more lines than are kept: the common case, decided without a scan.
	if (keepLast < 0 || text.length < 2 * (keepFirst + keepLast + 1)) {
		return {text, dropped: 0};
	}

	const runStart = leadLineEnd(text, capacity.cols);
	const run = plainRun(capacity.cols);
	run.lastIndex = runStart;
	const runEnd = runStart + (run.exec(text)?.[0].length ?? 0);
	// Forward over the first lines, which stay; back from the end of the run over the last ones, which stay too.
	let prefixEnd = runStart;
	for (let line = 0; line < keepFirst && prefixEnd < runEnd; line++) {
		prefixEnd = text.indexOf('\n', prefixEnd) + 1;
	}

	let tailStart = runEnd;
	for (let line = 0; line < keepLast && tailStart > prefixEnd; line++) {
		tailStart = text.lastIndexOf('\n', tailStart - 2) + 1;
	}

	if (tailStart <= prefixEnd) {
		return {text, dropped: 0};
	}

	return {text: text.slice(0, prefixEnd) + text.slice(tailStart), dropped: tailStart - prefixEnd};
}

/**
 * The length of the run of plain lines at the start of `text` when it certainly ends inside
 * `text`, whatever follows it; undefined when more text could make the run longer (what is after
 * it could be the start of another plain line).
 */
export function plainRunWithin(text: string, cols: number): number | undefined {
	const start = leadLineEnd(text, cols);
	const run = plainRun(cols);
	run.lastIndex = start;
	const end = start + (run.exec(text)?.[0].length ?? 0);
	const rest = text.slice(end, end + cols + 1);
	return lineStart(cols).test(rest) ? undefined : end;
}

/**
 * Where the run of plain lines may start: 0, or, when the text does not start with a plain
 * line, just after its first line if that is printable ASCII of any length ended by LF or CR LF.
 * The pty cuts its reads anywhere, so the backlog often starts with the end of a line ("\n" after
 * a read that ended in "\r", or the rest of a long line); that line is kept and parsed as it is,
 * like the screen of lines after it, so where it leaves the cursor does not matter.
 */
function leadLineEnd(text: string, cols: number): number {
	const run = plainRun(cols);
	run.lastIndex = 0;
	if ((run.exec(text)?.[0].length ?? 0) > 0) {
		return 0;
	}

	leadLine.lastIndex = 0;
	return leadLine.exec(text)?.[0].length ?? 0;
}

const leadLine = /[ -~]*\r?\n/y;

const lineStarts = new Map<number, RegExp>();

/** Matches text that may be the beginning of a plain line (see plainRun), and nothing longer. */
function lineStart(cols: number): RegExp {
	let pattern = lineStarts.get(cols);
	if (!pattern) {
		pattern = new RegExp(`^[ -~]{0,${Math.max(0, cols - 1)}}\r?$`);
		lineStarts.set(cols, pattern);
	}

	return pattern;
}

const runPatterns = new Map<number, RegExp>();

/**
 * Matches the run of plain lines at lastIndex: printable ASCII shorter than the
 * screen width (a line as wide as the screen leaves a pending wrap, a longer
 * one wraps), each ended by CR LF.
 */
function plainRun(cols: number): RegExp {
	let pattern = runPatterns.get(cols);
	if (!pattern) {
		pattern = new RegExp(`(?:[ -~]{0,${Math.max(0, cols - 1)}}\\r\\n)*`, 'y');
		runPatterns.set(cols, pattern);
	}

	return pattern;
}
