import type {Terminal} from '@xterm/headless';

/**
 * How a terminal keeps lines: its screen size (cols is where a line wraps: infinite without
 * wraparound), and how many rows its buffer holds (screen and scrollback).
 */
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
	// Without wraparound a long line stays on its row (its end overwrites the last column).
	return plain ? {rows: terminal.rows, cols: terminal.modes.wraparoundMode ? terminal.cols : Number.POSITIVE_INFINITY, kept} : undefined;
}

/**
 * Drops lines that would scroll out of the terminal's buffer, scrollback
 * included, before anyone could see them: what `yes`, a chatty build or a
 * coloured log writes faster than any screen shows it. Only the run of simple
 * lines at the start of `text` (after the end of a line cut by a read, see
 * leadLineEnd) is touched: printable ASCII and SGR sequences (colours,
 * attributes), each line ended by CR LF. Such a line takes a known number of
 * rows (its printed width over the screen width, rounded up, at least one) and
 * changes nothing but the pen. The result leaves the terminal exactly as the
 * whole text would: its first `rows` lines are kept, which brings the cursor to
 * the start of a freshly scrolled bottom row, and from there each line only
 * scrolls the buffer by its rows; so the last lines that fill `kept - 1` rows
 * (and the blank row after them) are all the buffer holds afterwards, whatever
 * came between. The pen those lines start with is the one the skipped lines
 * left: their SGR sequences (from the last full reset on) are replayed just
 * before the line feed that makes the first of those rows, whose blank cells
 * take the pen's background as they would have.
 */
export function dropHiddenLines(text: string, capacity: LineCapacity): {text: string; dropped: number} {
	const keepFirst = capacity.rows;
	const keepLast = capacity.kept - 1;
	// Too short to hold more lines than are kept: the common case, decided without a scan.
	if (keepLast < 0 || text.length < 2 * (keepFirst + keepLast + 1)) {
		return {text, dropped: 0};
	}

	const {cols} = capacity;
	let position = leadLineEnd(text);
	// Forward over the first lines, which stay.
	for (let line = 0; line < keepFirst; line++) {
		const end = simpleLineEnd(text, position, cols);
		if (end < 0) return {text, dropped: 0};
		position = end;
	}

	const prefixEnd = position;
	const runEnd = simpleRunEnd(text, prefixEnd);
	// Back from the end of the run over the lines that fill the last keepLast rows, which stay too. A
	// simple line has no LF but its last character, so the LF before it is where it starts.
	let tailStart = runEnd;
	let filled = 0;
	while (filled < keepLast && tailStart > prefixEnd) {
		const lineStart = text.lastIndexOf('\n', tailStart - 2) + 1;
		simpleLineEnd(text, lineStart, cols);
		filled += lastRows;
		tailStart = lineStart;
	}

	if (filled < keepLast || tailStart <= prefixEnd) {
		return {text, dropped: 0};
	}

	// Plain lines (no ESC between the kept ones) leave the pen as it was: nothing to replay.
	const firstEscape = text.indexOf('\u001B', prefixEnd);
	const pen = firstEscape === -1 || firstEscape >= tailStart ? '' : penAfter(text.slice(prefixEnd, tailStart));
	// The prefix ends with CR LF: the pen goes before its last two characters.
	const kept = pen === '' ? text.slice(0, prefixEnd) + text.slice(tailStart) : text.slice(0, prefixEnd - 2) + pen + text.slice(prefixEnd - 2, prefixEnd) + text.slice(tailStart);
	return {text: kept, dropped: text.length - kept.length};
}

/** The rows the line simpleLineEnd last accepted takes (a second return value, without allocating). */
let lastRows = 0;

/**
 * The end (after its CR LF) of the simple line at `start`, or -1 when there is none: printable
 * ASCII and SGR sequences (CSI, parameters of digits, ";" and ":", then "m") up to CR LF (or a
 * bare LF, for the lead line). The
 * line's rows go to lastRows: a line exactly as wide as the screen leaves the wrap pending,
 * which the CR cancels, so it takes one row, not two.
 */
function simpleLineEnd(text: string, start: number, cols: number, bareLineFeed = false): number {
	let width = 0;
	let index = start;
	for (;;) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code <= 0x7e) {
			width++;
			index++;
		} else if (code === 0x1b) {
			if (text.charCodeAt(index + 1) !== 0x5b) return -1;
			index += 2;
			let parameter = text.charCodeAt(index);
			while ((parameter >= 0x30 && parameter <= 0x3b) || parameter === 0x3a) {
				index++;
				parameter = text.charCodeAt(index);
			}

			if (parameter !== 0x6d) return -1;
			index++;
		} else if (code === 0x0d || (bareLineFeed && code === 0x0a)) {
			// CR CR LF is a CR LF too: a program that writes CR LF gets CR CR LF from the pty (onlcr).
			while (text.charCodeAt(index) === 0x0d) index++;
			if (text.charCodeAt(index) !== 0x0a) return -1;
			lastRows = width <= cols ? 1 : Math.ceil(width / cols);
			return index + 1;
		} else {
			return -1;
		}
	}
}

/**
 * The SGR sequences in `text` from its last full reset ("CSI m", or parameters starting with 0)
 * on: replayed, they leave the pen as the whole text leaves it.
 */
function penAfter(text: string): string {
	// The last full reset, found from the end without a look at everything before it.
	let from = 0;
	for (const reset of fullResets) {
		from = Math.max(from, text.lastIndexOf(reset));
	}

	return text.slice(from).match(sgrSequence)?.join('') ?? '';
}

/** How a full reset starts: "CSI m", "CSI 0 m", "CSI 0;... m", "CSI ;... m" (more zeros are rare, and merely replayed). */
const fullResets = ['\u001B[m', '\u001B[0m', '\u001B[0;', '\u001B[;'];

const sgrSequence = /\u001B\[[0-9;:]*m/g;

/**
 * The end of the run of simple lines (see simpleLineEnd) that starts at `start`, a line start: the
 * start of the first line that is not simple, or of the unfinished line at the end. Found as the
 * first character that no simple line has there (searching for it costs the regular expression
 * engine a few milliseconds a megabyte, where matching the run as a repetition keeps a backtrack
 * entry per line and once took a hundred).
 */
function simpleRunEnd(text: string, start: number): number {
	notSimple.lastIndex = start;
	const found = notSimple.exec(text);
	const end = found ? text.lastIndexOf('\n', found.index - 1) + 1 : text.lastIndexOf('\n') + 1;
	return Math.max(start, end);
}

/** What a simple line cannot hold: another control character, an ESC that does not start an SGR, an LF without CR, a CR before anything but CR or LF. */
const notSimple = /[^ -~\r\n\u001B]|\u001B(?!\[[0-9;:]*m)|(?<!\r)\n|\r(?![\r\n])/g;

/**
 * True when the chunks hold at least `count` line feeds. Every line skipped takes a row or more,
 * so a backlog with fewer lines than the buffer keeps has nothing to skip: a long-line flood is
 * told so by counting, not by joining and scanning its whole backlog each time.
 */
export function holdsLines(chunks: readonly string[], count: number): boolean {
	let found = 0;
	for (const chunk of chunks) {
		for (let index = chunk.indexOf('\n'); index !== -1; index = chunk.indexOf('\n', index + 1)) {
			if (++found >= count) return true;
		}
	}

	return false;
}

/**
 * The length of the run of simple lines at the start of `text` when it certainly ends inside
 * `text`, whatever follows it; undefined when more text could make the run longer (what is after
 * it could be the start of another simple line).
 */
export function plainRunWithin(text: string, cols: number): number | undefined {
	let position = leadLineEnd(text);
	for (;;) {
		const end = simpleLineEnd(text, position, cols);
		if (end < 0) break;
		position = end;
	}

	return mayStartLine(text, position) ? undefined : position;
}

/** True when text from `start` on could be the beginning of a simple line that the next chunk completes. */
function mayStartLine(text: string, start: number): boolean {
	let index = start;
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code <= 0x7e) {
			index++;
		} else if (code === 0x1b) {
			if (index + 1 < text.length && text.charCodeAt(index + 1) !== 0x5b) return false;
			index += 2;
			while (index < text.length && /[0-9;:]/.test(text.charAt(index))) index++;
			if (index < text.length && text.charAt(index) !== 'm') return false;
			index++;
		} else {
			// CRs may be followed by the LF in the next chunk; anything else ends the run.
			while (text.charCodeAt(index) === 0x0d) index++;
			return index === text.length;
		}
	}

	return true;
}

/**
 * Where the run of simple lines may start: 0, or, when the text does not start with a simple
 * line, just after its first line if that is a simple line ended by a bare LF (or an SGR cut in
 * two by the read, whose rest is printed as text).
 * The pty cuts its reads anywhere, so the backlog often starts with the end of a line ("\n" after
 * a read that ended in "\r", or the rest of a line); that line is kept and parsed as it is, like
 * the screen of lines after it, so where it leaves the cursor does not matter.
 */
function leadLineEnd(text: string): number {
	if (simpleLineEnd(text, 0, 1) >= 0) {
		return 0;
	}

	return Math.max(0, simpleLineEnd(text, 0, 1, true));
}
