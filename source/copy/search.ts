import {cellText, type HistoryPosition, type LineSource} from './selection-text.js';

/** One match: from `start` to `end`, both cells inclusive (they may lie on different rows of a wrapped line). */
export type SearchMatch = {start: HistoryPosition; end: HistoryPosition};

/** Lower case unless the query has a capital in it (vim's smartcase). */
function folder(query: string): (text: string) => string {
	return query === query.toLowerCase() ? text => text.toLowerCase() : text => text;
}

/**
 * Every match of `query` (plain text, not a pattern) in the history, oldest first. Soft-wrapped
 * rows are searched as the one line they were written as, so a match may cross a row's end.
 * Rows are read as strings first; cells are looked at only on the lines that match.
 */
export function searchHistory(source: LineSource, query: string): SearchMatch[] {
	const matches: SearchMatch[] = [];
	if (query === '') {
		return matches;
	}

	const fold = folder(query);
	const needle = fold(query);
	let index = 0;
	while (index < source.length) {
		// Gather one logical line: a row and the rows that wrap on from it.
		const first = index;
		let joined = source.line(index)?.translateToString(false) ?? '';
		index++;
		while (index < source.length && source.line(index)?.isWrapped) {
			joined += source.line(index)!.translateToString(false);
			index++;
		}

		if (!fold(joined).includes(needle)) {
			continue;
		}

		// Map the logical line's characters back to cells.
		let text = '';
		const cells: HistoryPosition[] = [];
		for (let row = first; row < index; row++) {
			const line = source.line(row);
			if (!line) {
				continue;
			}

			const part = cellText(line, 0, line.length - 1);
			text += part.text;
			for (const col of part.columns) {
				cells.push({line: row, col});
			}
		}

		const haystack = fold(text);
		let from = haystack.indexOf(needle);
		while (from !== -1) {
			const last = from + needle.length - 1;
			if (cells[from] && cells[last]) {
				matches.push({start: cells[from]!, end: cells[last]!});
			}

			from = haystack.indexOf(needle, from + Math.max(1, needle.length));
		}
	}

	return matches;
}

/** Compares a position with another: negative when it comes first. */
export function comparePositions(a: HistoryPosition, b: HistoryPosition): number {
	return a.line === b.line ? a.col - b.col : a.line - b.line;
}

/**
 * The match to go to from `from`: the first one after it searching down, the last one before it
 * searching up; past the end, the search wraps around. Returns an index into `matches`.
 */
export function nextMatch(matches: SearchMatch[], from: HistoryPosition, direction: 'down' | 'up'): number | undefined {
	if (matches.length === 0) {
		return undefined;
	}

	if (direction === 'down') {
		const index = matches.findIndex(match => comparePositions(match.start, from) > 0);
		return index === -1 ? 0 : index;
	}

	for (let index = matches.length - 1; index >= 0; index--) {
		if (comparePositions(matches[index]!.start, from) < 0) {
			return index;
		}
	}

	return matches.length - 1;
}
