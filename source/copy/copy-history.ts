import type {IBuffer, IBufferCell, IBufferLine, IMarker, Terminal} from '@xterm/headless';

/** What copy mode reads of a line: the parts of xterm's IBufferLine it needs. */
export type HistoryLine = Pick<IBufferLine, 'isWrapped' | 'length' | 'getCell' | 'translateToString'>;

/** A screen row copied cell by cell when copy mode starts: later output cannot change it. */
class FrozenLine implements HistoryLine {
	readonly length: number;

	constructor(
		private readonly cells: IBufferCell[],
		readonly isWrapped: boolean,
	) {
		this.length = cells.length;
	}

	getCell(x: number): IBufferCell | undefined {
		return this.cells[x];
	}

	translateToString(trimRight = false, startColumn = 0, endColumn = this.length): string {
		let text = '';
		for (let x = Math.max(0, startColumn); x < Math.min(endColumn, this.length); x++) {
			const cell = this.cells[x]!;
			if (cell.getWidth() === 0) {
				continue;
			}

			text += cell.getChars() || ' ';
		}

		return trimRight ? text.trimEnd() : text;
	}
}

/**
 * A pane's history as it was when this client entered copy mode: the scrollback lines (which
 * xterm.js never changes, only trims from the top when full) read live, and the screen rows
 * copied, so the view holds still while the program goes on writing. Lines are numbered from the
 * oldest line that existed at entry; a marker counts the lines trimmed since, so an index keeps
 * meaning the same line while a full scrollback drops its oldest lines.
 */
export class CopyHistory {
	/** Lines: the scrollback at entry, then the screen rows. */
	readonly length: number;
	readonly cols: number;
	readonly rows: number;
	/** How many of the lines are scrollback (the rest are the copied screen). */
	readonly scrollbackLength: number;
	/** The cursor's line and column at entry, where copy mode's own cursor starts. */
	readonly cursor: {line: number; col: number};
	private readonly buffer: IBuffer;
	private readonly screen: FrozenLine[];
	private readonly marker: IMarker | undefined;

	constructor(terminal: Terminal) {
		const buffer = terminal.buffer.active;
		this.buffer = buffer;
		this.cols = terminal.cols;
		this.rows = terminal.rows;
		this.scrollbackLength = buffer.baseY;
		this.screen = [];
		for (let y = 0; y < terminal.rows; y++) {
			const line = buffer.getLine(buffer.baseY + y);
			const cells: IBufferCell[] = [];
			for (let x = 0; x < terminal.cols; x++) {
				// getCell without a cell to fill returns a copy of its own.
				const cell = line?.getCell(x);
				if (cell) {
					cells.push(cell);
				}
			}

			this.screen.push(new FrozenLine(cells, line?.isWrapped ?? false));
		}

		this.length = this.scrollbackLength + this.screen.length;
		this.cursor = {line: this.scrollbackLength + buffer.cursorY, col: Math.min(buffer.cursorX, terminal.cols - 1)};
		// Markers follow their line as the scrollback is trimmed (and are disposed with it).
		this.marker = this.scrollbackLength > 0 && buffer.type === 'normal' ? terminal.registerMarker(-buffer.cursorY) : undefined;
	}

	/** How many of the scrollback lines seen at entry have since been trimmed away. */
	get trimmed(): number {
		if (!this.marker) {
			return 0;
		}

		// A disposed marker: its line, the top of the screen at entry, and all above it are gone.
		return this.marker.isDisposed || this.marker.line < 0 ? this.scrollbackLength : this.scrollbackLength - this.marker.line;
	}

	/** The first line that still exists: lines above it were trimmed from a full scrollback. */
	get firstKept(): number {
		return Math.min(this.trimmed, this.scrollbackLength);
	}

	/** Line `index`, or undefined when it was trimmed or is out of range. */
	line(index: number): HistoryLine | undefined {
		if (index < 0 || index >= this.length) {
			return undefined;
		}

		if (index >= this.scrollbackLength) {
			return this.screen[index - this.scrollbackLength];
		}

		const live = index - this.trimmed;
		return live < 0 ? undefined : this.buffer.getLine(live);
	}

	dispose(): void {
		this.marker?.dispose();
	}
}
