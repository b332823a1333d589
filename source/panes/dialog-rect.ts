import type {Rect} from './layout.js';

/**
 * Where the y/N dialog sits and which detail lines it shows: one function for the dialog and for
 * the compositor, which keeps painting the panes around it and must leave exactly its cells alone.
 */
export function confirmDialogLayout(
	title: string,
	detail: string,
	rule: string | undefined,
	cols: number,
	rows: number,
	choices?: ReadonlyArray<{key: string; label: string}>,
): {rect: Rect; shown: string[]} {
	const lines = detail.split('\n');
	if (rule) {
		lines.push(`rule: ${rule}`);
	}

	const choicesWidth = choices ? choices.reduce((width, choice) => width + choice.key.length + choice.label.length + 4, 12) : 0;
	const widest = Math.max(title.length, choicesWidth, ...lines.map(line => line.length));
	const width = Math.min(cols, Math.max(40, Math.min(cols - 4, widest + 6)));
	// Border, title, blank, answer line: 5 rows; the rest shows as many detail lines as fit.
	const room = Math.max(1, Math.min(lines.length, rows - 1 - 5));
	const shown = lines.length > room ? [...lines.slice(0, room - 1), '…'] : lines;
	const height = shown.length + 5;
	return {rect: centredRect(cols, rows, width, height), shown};
}

/** A box of this size centred on a screen of `cols` x `rows`, above the status bar (its last row). */
export function centredRect(cols: number, rows: number, width: number, height: number): Rect {
	return {x: Math.max(0, Math.floor((cols - width) / 2)), y: Math.max(0, Math.floor((rows - 1 - height) / 2)), width, height};
}
