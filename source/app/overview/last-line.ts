import type {Session} from '../../sessions/session.js';

/** Box drawing, block elements and the marks agents draw around their input (›, ❯, ⏵, ●...). */
const decoration = /[\u2500-\u259F\u25A0-\u25FF\u2190-\u21FF\u23F4-\u23FA\u2700-\u27BF›❯»·•…]/gu;

/** The visible rows of a pane's screen, as text. */
export function screenRows(session: Session): string[] {
	const buffer = session.terminal.buffer.active;
	const rows: string[] = [];
	for (let row = 0; row < session.terminal.rows; row++) {
		rows.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
	}

	return rows;
}

/**
 * The last line of a screen that says something: not blank, not a border or an empty input box
 * (fewer than two letters or digits once decoration is taken off), and not one of the agent's own
 * footer hints (`chrome`, regex sources such as a profile's idle patterns). Trimmed, inner runs of
 * spaces folded.
 */
export function lastMeaningfulLine(rows: readonly string[], chrome: readonly string[] = []): string {
	const patterns = chrome.flatMap(source => {
		try {
			return [new RegExp(source, 'u')];
		} catch {
			return [];
		}
	});
	for (let index = rows.length - 1; index >= 0; index--) {
		const row = rows[index]!;
		const text = row.replaceAll(decoration, ' ').replaceAll(/\s+/g, ' ').trim();
		if ((text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < 2) continue;
		if (patterns.some(pattern => pattern.test(row))) continue;
		return text;
	}

	return '';
}
