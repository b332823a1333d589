/** A piece of a longer text: where it starts (a string index) and on which line (1-based, counting "\n" as secret findings do). */
export type LineSlice = {text: string; offset: number; line: number};

const lf = 0x0a;
const cr = 0x0d;

/** The index just after the line break at `at` (a CRLF pair stays together). */
function afterBreak(text: string, at: number): number {
	return text.charCodeAt(at) === cr && text.charCodeAt(at + 1) === lf ? at + 2 : at + 1;
}

/**
 * The index just after the last line break in text[from, to), or -1 when there is none. Scans
 * only that range: lastIndexOf would run to the start of a text with no LF at all, every time.
 */
function lastBreak(text: string, from: number, to: number): number {
	for (let at = to - 1; at >= from; at--) {
		const code = text.charCodeAt(at);
		if (code === lf || code === cr) return afterBreak(text, at);
	}

	return -1;
}

/** The index just after the first line break at or after `from`, or the end of the text. */
function nextBreak(text: string, from: number): number {
	for (let at = from; at < text.length; at++) {
		const code = text.charCodeAt(at);
		if (code === lf || code === cr) return afterBreak(text, at);
	}

	return text.length;
}

function countNewlines(text: string, from: number, to: number): number {
	let count = 0;
	for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
	return count;
}

/**
 * Cuts text into slices of whole lines of at most `max` chars each (a single longer line is a
 * slice of its own). With `overlap`, each slice after the first starts up to that many chars
 * back, at a line start, so that something cut at one slice's end is whole in the next.
 */
export function sliceAtLines(text: string, max: number, overlap = 0): LineSlice[] {
	const slices: LineSlice[] = [];
	let start = 0;
	let line = 1;
	while (start < text.length) {
		let end = Math.min(text.length, start + max);
		if (end < text.length) {
			const cut = lastBreak(text, start, end);
			end = cut > start ? cut : nextBreak(text, end);
		}

		slices.push({text: text.slice(start, end), offset: start, line});
		if (end >= text.length) break;
		let next = end;
		if (overlap > 0) {
			// The first line start in the last `overlap` chars; the next slice still moves forward.
			const back = nextBreak(text, Math.max(start, end - overlap));
			if (back > start && back < end) next = back;
		}

		line += countNewlines(text, start, next);
		start = next;
	}

	return slices;
}
