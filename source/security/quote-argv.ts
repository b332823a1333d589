const safeWord = /^[\w./:=@%+,-]+$/;

/**
 * Writes an argv as one shell line that parses back to the same words, so a
 * pane's argv can be judged exactly like a typed line.
 */
export function quoteArgv(argv: readonly string[]): string {
	return argv.map(word => (safeWord.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ');
}
