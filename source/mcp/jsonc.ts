/**
 * Parses JSON with comments and trailing commas, as Gemini CLI's and opencode's settings allow.
 * Comments and the commas before a closing bracket are blanked out (strings are left alone), so
 * JSON.parse reports positions in the text the user wrote.
 */
export function parseJsonc(text: string): unknown {
	return JSON.parse(stripJsonc(text));
}

/** The text with comments and trailing commas replaced by spaces; offsets stay the same. */
export function stripJsonc(text: string): string {
	const out = text.split(''); // UTF-16 units, as the indexes below
	let index = 0;
	/** The last comma seen outside strings and comments, not yet followed by a value. */
	let pendingComma = -1;
	while (index < text.length) {
		const char = text[index]!;
		if (char === '"') {
			pendingComma = -1;
			index++;
			while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
			index++;
			continue;
		}

		if (char === '/' && text[index + 1] === '/') {
			while (index < text.length && text[index] !== '\n') out[index++] = ' ';
			continue;
		}

		if (char === '/' && text[index + 1] === '*') {
			const end = text.indexOf('*/', index + 2);
			const stop = end === -1 ? text.length : end + 2;
			for (; index < stop; index++) if (out[index] !== '\n') out[index] = ' ';
			continue;
		}

		if (char === ',') {
			pendingComma = index;
		} else if ((char === '}' || char === ']') && pendingComma !== -1) {
			out[pendingComma] = ' ';
			pendingComma = -1;
		} else if (!/\s/.test(char)) {
			pendingComma = -1;
		}

		index++;
	}

	return out.join('');
}
