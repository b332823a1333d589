import type {Terminal} from '@xterm/headless';

type RowRange = {start: number; end: number};

/** One reader's view of what changed: each client's compositor has its own. */
export class RowReader {
	start = 0;
	end = Number.POSITIVE_INFINITY;
	/** Something changed since this reader last painted. */
	dirty = true;
}
type InputHandler = {onRequestRefreshRows?: (listener: (range: RowRange | undefined) => void) => unknown};

/**
 * Which rows of a terminal's visible screen changed since they were last
 * read, so that an idle pane's spinner costs the compositor one row, not the
 * whole pane.
 */
export class DirtyRows {
	/** False when xterm.js gave no row-level change events: every row then counts as changed. */
	readonly tracked: boolean;
	private start = 0;
	private end = Number.POSITIVE_INFINITY;
	private readonly readers = new Set<RowReader>();

	constructor(private readonly terminal: Terminal) {
		// xterm.js tells its renderer which rows a write touched; the headless build
		// keeps that event on its (unexported) input handler. Scrolling and buffer
		// switches are public events and mark everything.
		const inputHandler = (terminal as unknown as {_core?: {_inputHandler?: InputHandler}})._core?._inputHandler;
		this.tracked = typeof inputHandler?.onRequestRefreshRows === 'function';
		inputHandler?.onRequestRefreshRows?.(range => {
			if (range) {
				this.mark(range.start, range.end);
			} else {
				this.markAll();
			}
		});
		terminal.onScroll(() => {
			this.markAll();
		});
		terminal.buffer.onBufferChange(() => {
			this.markAll();
		});
	}

	mark(start: number, end: number): void {
		this.start = Math.min(this.start, start);
		this.end = Math.max(this.end, end);
		for (const reader of this.readers) {
			reader.start = Math.min(reader.start, start);
			reader.end = Math.max(reader.end, end);
			reader.dirty = true;
		}
	}

	/** Something changed that readers must paint, whether or not rows were reported. */
	touch(): void {
		for (const reader of this.readers) {
			reader.dirty = true;
		}
	}

	/** A reader of its own (one per client compositor), starting with every row changed. */
	reader(): RowReader {
		const reader = new RowReader();
		this.readers.add(reader);
		return reader;
	}

	release(reader: RowReader): void {
		this.readers.delete(reader);
	}

	markAll(): void {
		this.mark(0, Number.POSITIVE_INFINITY);
	}

	/** The changed rows (start > end when none), forgetting them; a reader's own when given. */
	take(reader?: RowReader): RowRange {
		if (!this.tracked) {
			return {start: 0, end: this.terminal.rows - 1};
		}

		if (reader) {
			const rows = {start: reader.start, end: Math.min(reader.end, this.terminal.rows - 1)};
			reader.start = Number.POSITIVE_INFINITY;
			reader.end = -1;
			return rows;
		}

		const rows = {start: this.start, end: Math.min(this.end, this.terminal.rows - 1)};
		this.start = Number.POSITIVE_INFINITY;
		this.end = -1;
		return rows;
	}
}
