import type {HistoryLine} from '../copy/copy-history.js';
import type {Highlight} from '../copy/copy-mode.js';
import type {RowReader} from '../sessions/dirty-rows.js';
import type {Session} from '../sessions/session.js';
import {cellBackground, cellFlags, cellForeground, sgr} from './cell-style.js';
import type {Rect} from './layout.js';

/**
 * A pane to paint: its session and the cells of the screen it owns. In copy mode, `lines` gives the
 * rows to show instead of the live screen (a held view of the history) and `highlights` the
 * selection and search matches on them.
 */
export type PaneView = {
	session: Session;
	rect: Rect;
	lines?: (y: number) => HistoryLine | undefined;
	highlights?: (y: number) => Highlight[];
	/** Changes whenever what `lines` and `highlights` show changes: a held view with the same version is not read again. */
	version?: number;
};
export type CursorPlacement = {x: number; y: number; visible: boolean};

const beginSynchronized = '\u001B[?2026h';
const endSynchronized = '\u001B[?2026l';
const hideCursor = '\u001B[?25l';
const showCursor = '\u001B[?25h';
/** Unchanged cells shorter than this between two changed runs are rewritten rather than jumped over. */
const mergeGap = 4;
/** Blank runs at least this long are erased with ECH instead of written as spaces. */
const eraseThreshold = 8;

/** What the compositor last wrote for one pane, cell by cell. */
type DrawnPane = {
	rect: Rect;
	/** The held view's version last drawn (see PaneView). */
	version?: number | undefined;
	chars: string[];
	widths: Uint8Array;
	foreground: Int32Array;
	background: Int32Array;
	flags: Int32Array;
};

function emptyDrawn(rect: Rect): DrawnPane {
	const size = rect.width * rect.height;
	return {
		rect,
		// fill, not Array.from with a callback (about 20x slower): a new client's first frame makes one per pane.
		chars: new Array<string>(size).fill('\u0000'),
		widths: new Uint8Array(size),
		foreground: new Int32Array(size).fill(-1),
		background: new Int32Array(size).fill(-1),
		flags: new Int32Array(size).fill(-1),
	};
}

// Palette colours for search matches: black on yellow, the current one black on cyan.
const black = 0x1_00_00_00;
const yellow = 0x1_00_00_03;
const cyan = 0x1_00_00_06;
const inverseFlag = 32;

/** A cell's style under copy mode's highlights: the selection is shown inverse, matches in colour. */
function highlighted(runs: Highlight[], x: number, foreground: number, background: number, flags: number): {foreground: number; background: number; flags: number} {
	let style = {foreground, background, flags};
	for (const run of runs) {
		if (x < run.from || x > run.to) {
			continue;
		}

		if (run.kind === 'selection') {
			style = {...style, flags: style.flags ^ inverseFlag};
		} else {
			style = {foreground: black, background: run.kind === 'current' ? cyan : yellow, flags: style.flags & ~inverseFlag};
		}
	}

	return style;
}

function sameRect(a: Rect, b: Rect): boolean {
	return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

function moveTo(x: number, y: number): string {
	return `\u001B[${y + 1};${x + 1}H`;
}

/**
 * Paints pane cells straight to the user's terminal, writing only the cells
 * that changed since it last drew them. Ink draws the chrome around them;
 * after Ink writes, `invalidate()` makes the next paint draw every pane again.
 */
export class Compositor {
	private readonly drawn = new Map<number, DrawnPane>();
	/** Each pane's changed rows as this compositor has not yet painted them: several clients each paint a pane. */
	private readonly readers = new Map<number, {rows: Session['dirtyRows']; reader: RowReader}>();
	private cursorState = '';
	// The SGR state the user's terminal is in, when known, so runs of one style need one SGR.
	private penFlags = -1;
	private penForeground = -1;
	private penBackground = -1;
	// Scratch row, reused between frames.
	private rowChars: string[] = [];
	private rowWidths = new Uint8Array(0);
	private rowForeground = new Int32Array(0);
	private rowBackground = new Int32Array(0);
	private rowFlags = new Int32Array(0);
	private changed = new Uint8Array(0);
	/** Cells of the scratch row under a dialog: never written. */
	private blocked = new Uint8Array(0);
	/** Whether the row being painted has cells under a dialog (then `blocked` holds which). */
	private rowMasked = false;

	/** Bytes written, for the benchmark and tests. */
	bytesWritten = 0;

	constructor(private readonly write: (data: string) => void) {}

	/** Forgets what is on screen: the next paint draws everything. */
	invalidate(): void {
		this.drawn.clear();
		this.cursorState = '';
		this.penFlags = -1;
	}

	/** Forgets one pane (it closed or moved). */
	forget(sessionId: number): void {
		this.drawn.delete(sessionId);
		const entry = this.readers.get(sessionId);
		entry?.rows.release(entry.reader);
		this.readers.delete(sessionId);
	}

	/** Stops following every pane's changes (the client left). */
	dispose(): void {
		for (const id of [...this.readers.keys()]) {
			this.forget(id);
		}

		this.drawn.clear();
	}

	private readerOf(session: Session): RowReader {
		let entry = this.readers.get(session.id);
		if (!entry) {
			entry = {rows: session.dirtyRows, reader: session.dirtyRows.reader()};
			this.readers.set(session.id, entry);
		}

		return entry.reader;
	}

	/** Paints what changed in the given panes and places the cursor; returns the bytes it wrote. Cells under `mask` (a dialog) are left alone. */
	paint(views: PaneView[], cursor: CursorPlacement | undefined, mask?: Rect): string {
		let body = '';
		let rowsTouched = 0;
		for (const view of views) {
			const previous = this.drawn.get(view.session.id);
			const reader = this.readerOf(view.session);
			const isNew = !previous || !sameRect(previous.rect, view.rect);
			const held = view.lines !== undefined;
			if (!isNew && (held ? view.version !== undefined && previous.version === view.version : !view.session.dirty && !reader.dirty)) {
				continue;
			}

			if (!isNew && !held && view.session.isSynchronizing()) {
				// Half-drawn frame: keep showing the last whole one.
				continue;
			}

			const drawn = isNew ? emptyDrawn(view.rect) : previous;
			drawn.version = held ? view.version : undefined;
			this.drawn.set(view.session.id, drawn);
			view.session.dirty = false;
			reader.dirty = false;
			const painted = this.paintPane(view, drawn, isNew, reader, mask);
			body += painted.output;
			rowsTouched += painted.rows;
		}

		const cursorState = cursor ? `${cursor.x};${cursor.y};${cursor.visible}` : 'none';
		if (body === '' && cursorState === this.cursorState) {
			return '';
		}

		this.cursorState = cursorState;
		let cursorPart = '';
		if (cursor?.visible) {
			cursorPart = moveTo(cursor.x, cursor.y) + showCursor;
		}

		// One changed row cannot tear; bigger frames are wrapped in synchronized output.
		const synchronize = rowsTouched > 1;
		const frame = (synchronize ? beginSynchronized : '') + hideCursor + body + cursorPart + (synchronize ? endSynchronized : '');
		this.bytesWritten += frame.length;
		this.write(frame);
		return frame;
	}

	private paintPane(view: PaneView, drawn: DrawnPane, isNew: boolean, reader: RowReader, mask: Rect | undefined): {output: string; rows: number} {
		const {rect} = view;
		const buffer = view.session.terminal.buffer.active;
		const cell = buffer.getNullCell();
		const top = buffer.viewportY;
		const width = rect.width;
		this.ensureScratch(width);
		let output = '';
		let rows = 0;
		const dirty = view.session.dirtyRows.take(reader);
		// A held view (copy mode) is compared with what was drawn row by row: its changes come from keys, not output.
		const all = isNew || view.lines !== undefined;
		const first = all ? 0 : Math.max(0, dirty.start);
		const last = all ? rect.height - 1 : Math.min(rect.height - 1, dirty.end);

		for (let y = first; y <= last; y++) {
			const line = view.lines ? view.lines(y) : buffer.getLine(top + y);
			const highlights = view.highlights?.(y);
			const offset = y * width;
			let anyChange = false;
			// The pane's columns under the mask on this row, if any.
			const masked = mask !== undefined && rect.y + y >= mask.y && rect.y + y < mask.y + mask.height;
			const maskStart = masked ? mask.x - rect.x : width;
			const maskEnd = masked ? mask.x + mask.width - rect.x : width;
			for (let x = 0; x < width; x++) {
				let chars = ' ';
				let cellWidth = 1;
				let foreground = 0;
				let background = 0;
				let flags = 0;
				const got = line && x < line.length && (view.lines !== undefined || x < view.session.terminal.cols) ? line.getCell(x, cell) : undefined;
				if (got) {
					chars = got.getChars() || ' ';
					cellWidth = got.getWidth();
					foreground = cellForeground(got);
					background = cellBackground(got);
					flags = cellFlags(got);
				}

				if (highlights && highlights.length > 0) {
					({foreground, background, flags} = highlighted(highlights, x, foreground, background, flags));
				}

				this.rowChars[x] = chars;
				this.rowWidths[x] = cellWidth;
				this.rowForeground[x] = foreground;
				this.rowBackground[x] = background;
				this.rowFlags[x] = flags;
				const index = offset + x;
				const differs =
					drawn.chars[index] !== chars || drawn.widths[index] !== cellWidth || drawn.foreground[index] !== foreground || drawn.background[index] !== background || drawn.flags[index] !== flags;
				if (masked) {
					const blocked = x >= maskStart && x < maskEnd;
					this.blocked[x] = blocked ? 1 : 0;
					this.changed[x] = differs && !blocked ? 1 : 0;
					anyChange ||= differs && !blocked;
				} else {
					this.changed[x] = differs ? 1 : 0;
					anyChange ||= differs;
				}
			}

			if (!anyChange) {
				continue;
			}

			rows++;
			this.rowMasked = masked;
			output += this.paintRow(rect, y, drawn);
		}

		return {output, rows};
	}

	private paintRow(rect: Rect, y: number, drawn: DrawnPane): string {
		const width = rect.width;
		const offset = y * width;
		let output = '';
		let x = 0;
		while (x < width) {
			if (!this.changed[x]) {
				x++;
				continue;
			}

			let start = x;
			let last = x;
			let probe = x + 1;
			while (probe < width && probe - last <= mergeGap && !(this.rowMasked && this.blocked[probe])) {
				if (this.changed[probe]) {
					last = probe;
				}

				probe++;
			}

			let end = last + 1;
			// Never start on the right half of a wide character, nor end on its left half.
			if (start > 0 && this.rowWidths[start] === 0 && !(this.rowMasked && this.blocked[start - 1])) {
				start--;
			}

			if (end < width && this.rowWidths[end - 1] === 2 && !(this.rowMasked && this.blocked[end])) {
				end++;
			}

			output += moveTo(rect.x + start, rect.y + y) + this.paintRun(start, end, width);
			for (let index = start; index < end; index++) {
				drawn.chars[offset + index] = this.rowChars[index]!;
				drawn.widths[offset + index] = this.rowWidths[index]!;
				drawn.foreground[offset + index] = this.rowForeground[index]!;
				drawn.background[offset + index] = this.rowBackground[index]!;
				drawn.flags[offset + index] = this.rowFlags[index]!;
			}

			x = end;
		}

		return output;
	}

	private paintRun(start: number, end: number, width: number): string {
		let output = '';
		let x = start;
		while (x < end) {
			const cellWidth = this.rowWidths[x]!;
			if (cellWidth === 0) {
				// The right half of a wide character whose left half is under a dialog: a blank keeps the columns in step.
				if (x === start) {
					output += ' ';
				}

				x++;
				continue;
			}

			const flags = this.rowFlags[x]!;
			const foreground = this.rowForeground[x]!;
			const background = this.rowBackground[x]!;
			if (flags !== this.penFlags || foreground !== this.penForeground || background !== this.penBackground) {
				output += sgr(flags, foreground, background);
				this.penFlags = flags;
				this.penForeground = foreground;
				this.penBackground = background;
			}

			const chars = this.rowChars[x]!;
			if (chars === ' ') {
				let blankEnd = x + 1;
				while (
					blankEnd < end &&
					this.rowChars[blankEnd] === ' ' &&
					this.rowWidths[blankEnd] === 1 &&
					this.rowFlags[blankEnd] === flags &&
					this.rowForeground[blankEnd] === foreground &&
					this.rowBackground[blankEnd] === background
				) {
					blankEnd++;
				}

				const count = blankEnd - x;
				// ECH erases with the current background only: no inverse, underline or other attribute shows on erased cells.
				if (count >= eraseThreshold && flags === 0) {
					// ECH leaves the cursor where it was; CUF moves past.
					output += `\u001B[${count}X`;
					if (blankEnd < end) {
						output += `\u001B[${count}C`;
					}
				} else {
					output += ' '.repeat(count);
				}

				x = blankEnd;
				continue;
			}

			// A wide character that does not fit in the pane's last column shows as a blank.
			output += cellWidth === 2 && (x + 1 >= width || (this.rowMasked && this.blocked[x + 1])) ? ' ' : chars;
			x += cellWidth;
		}

		return output;
	}

	private ensureScratch(width: number): void {
		if (this.rowWidths.length >= width) {
			return;
		}

		this.rowChars = Array.from({length: width}, () => ' ');
		this.rowWidths = new Uint8Array(width);
		this.rowForeground = new Int32Array(width);
		this.rowBackground = new Int32Array(width);
		this.rowFlags = new Int32Array(width);
		this.changed = new Uint8Array(width);
		this.blocked = new Uint8Array(width);
	}
}
