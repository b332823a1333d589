/** Copies larger than this are refused: many terminals drop (or choke on) longer OSC 52 strings. */
export const maxClipboardBytes = 1024 * 1024;

/**
 * The bytes that set the user's terminal clipboard to `text` (OSC 52, selection "c"). It travels
 * as terminal output, so it reaches the user's own terminal over SSH. Inside tmux it goes twice:
 * wrapped in tmux's DCS passthrough (every ESC doubled), which tmux hands to the terminal it runs
 * in when `allow-passthrough` is on, and bare, which tmux takes into its own buffer and passes on
 * when `set-clipboard` is on. Either setting is enough; both only set the same text twice.
 */
export function osc52(text: string, options: {tmux?: boolean} = {}): string {
	const payload = Buffer.from(text, 'utf8').toString('base64');
	const sequence = `\u001B]52;c;${payload}\u0007`;
	if (!options.tmux) {
		return sequence;
	}

	return `\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\${sequence}`;
}
