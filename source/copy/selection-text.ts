import type {HistoryLine} from './copy-history.js';

/** A cell in a pane's history: a line index (see CopyHistory) and a column. */
export type HistoryPosition = {line: number; col: number};
export type SelectionKind = 'char' | 'line';

/** What reads lines by index: a CopyHistory, or a plain list in tests. */
export type LineSource = {length: number; line(index: number): HistoryLine | undefined};

/** The text of cells [from, to] of a line as it reads: a wide character once, whole, even when only one half is in range. */
export function cellText(line: HistoryLine, from: number, to: number): {text: string; columns: number[]} {
	let text = '';
	const columns: number[] = [];
	let x = Math.max(0, from);
	// Starting on the right half of a wide character takes the whole character.
	if (x > 0 && line.getCell(x)?.getWidth() === 0) {
		x--;
	}

	const end = Math.min(to, line.length - 1);
	for (; x <= end; x++) {
		const cell = line.getCell(x);
		if (!cell || cell.getWidth() === 0) {
			continue;
		}

		// An empty cell ('' chars) reads as a blank, as on screen.
		const chars = cell.getChars() || ' ';
		text += chars;
		for (let unit = 0; unit < chars.length; unit++) {
			columns.push(x);
		}
	}

	return {text, columns};
}

/** Where a line's written text ends: past its last cell that holds a character (an explicit space counts). */
function writtenEnd(line: HistoryLine): number {
	for (let x = line.length - 1; x >= 0; x--) {
		const cell = line.getCell(x);
		if (cell && (cell.getChars() !== '' || cell.getWidth() === 0)) {
			return x + 1;
		}
	}

	return 0;
}

/** Orders two positions: the earlier one first. */
export function ordered(a: HistoryPosition, b: HistoryPosition): [HistoryPosition, HistoryPosition] {
	return a.line < b.line || (a.line === b.line && a.col <= b.col) ? [a, b] : [b, a];
}

/**
 * The selected text as it reads: wide characters whole, blanks at the end of each line trimmed,
 * soft-wrapped rows (xterm's isWrapped) joined into the one line they were written as, and
 * nothing of agentmux's frame (the cells come from the pane's own buffer).
 */
export function selectionText(source: LineSource, anchor: HistoryPosition, head: HistoryPosition, kind: SelectionKind): string {
	const [start, end] = ordered(anchor, head);
	let text = '';
	for (let index = Math.max(0, start.line); index <= Math.min(end.line, source.length - 1); index++) {
		const line = source.line(index);
		if (!line) {
			continue;
		}

		const from = kind === 'line' || index !== start.line ? 0 : start.col;
		const to = kind === 'line' || index !== end.line ? line.length - 1 : end.col;
		const next = index < end.line ? source.line(index + 1) : undefined;
		const continues = next?.isWrapped === true;
		// A row that wraps on joins the next without a break; only its never-written tail is left out.
		const last = continues ? Math.min(to, writtenEnd(line) - 1) : to;
		let part = cellText(line, from, last).text;
		if (!continues) {
			part = part.trimEnd();
		}

		text += part;
		if (index < end.line && !continues) {
			text += '\n';
		}
	}

	return text;
}
