/**
 * Reads what agentmux wrote to the user's terminal and flags every byte that
 * is not agentmux's own drawing: log text, raw pane bytes, queries, titles,
 * clipboard writes, DCS/APC strings, C1 controls. The allow-list is built from
 * what agentmux's renderer emits (source/panes/compositor.ts, cell-style.ts,
 * source/terminal/terminal-modes.ts, the bell and notifications in
 * source/app/multiplexer.ts) and from what Ink writes, which agentmux wraps in
 * restore/save cursor (ESC 8 ... ESC 7).
 */

export type Finding = {
	/** Index in the output string. */
	offset: number;
	/** What rule the bytes broke. */
	reason: string;
	/** The offending bytes, JSON-escaped. */
	bytes: string;
	/** A little of what came before and after, JSON-escaped. */
	context: string;
};

export type ScanResult = {
	findings: Finding[];
	/** An escape sequence cut off at the end (output still arriving): not judged. */
	incompleteTail: string;
};

const esc = '\u001B';
const bel = '\u0007';
/** Parameters larger than this never come from agentmux (screen coordinates, counts within a row): a pane's count leaked. */
const maxParameter = 9999;
const maxOscLength = 2048;

/** DEC private modes agentmux (or Ink) sets and resets on the user's terminal. */
const allowedPrivateModes = new Set([
	25, // cursor visibility
	1049, // alternate screen
	2004, // bracketed paste
	1004, // focus events
	1000,
	1002,
	1003,
	1005,
	1006,
	1015, // mouse tracking, passed on for the focused pane
	2026, // synchronized output
]);

/** Text that is never drawing, wherever it appears: library logs and crash reports. */
const leakSignatures: RegExp[] = [/xterm\.js/, /Parsing error/, /Unhandled pty write error/, /agentmux crashed/, /node:internal/, /\n\s+at \S+ \(/];

type Phase = 'before' | 'fullscreen' | 'after';

function quote(text: string): string {
	return JSON.stringify(text);
}

function numbers(parameters: string): number[] {
	return parameters === '' ? [] : parameters.split(/[;:]/).map(part => (part === '' ? 0 : Number(part)));
}

/** Why a CSI sequence is not agentmux's, or undefined when it is. */
function judgeCsi(prefix: string, parameters: string, intermediates: string, final: string): string | undefined {
	// The cursor shape (DECSCUSR, CSI Ps SP q) of the focused pane, and its reset on the way out.
	if (prefix === '' && intermediates === ' ' && final === 'q' && /^[0-6]?$/.test(parameters)) {
		return undefined;
	}

	if (intermediates !== '') {
		return `CSI with intermediates ${quote(intermediates)}`;
	}

	if (!/^[\d;:]*$/.test(parameters)) {
		return 'CSI with malformed parameters';
	}

	const values = numbers(parameters);
	if (values.some(value => !Number.isFinite(value) || value > maxParameter) && final !== 'm') {
		return `CSI with a parameter over ${maxParameter}`;
	}

	switch (prefix) {
		case '': {
			return judgePlainCsi(values, parameters, final);
		}

		case '?': {
			if ((final === 'h' || final === 'l') && values.length > 0 && values.every(mode => allowedPrivateModes.has(mode))) {
				return undefined;
			}

			return `DEC private mode sequence not set by agentmux (?${parameters}${final})`;
		}

		case '>': {
			// Kitty keyboard push, modifyOtherKeys set or reset.
			if (final === 'u' && values.length === 1 && values[0]! <= 31) return undefined;
			if (final === 'm' && values[0] === 4 && values.length <= 2 && (values[1] ?? 0) <= 2) return undefined;
			return `private sequence not set by agentmux (>${parameters}${final})`;
		}

		case '<': {
			if (final === 'u' && values.length <= 1) return undefined;
			return `private sequence not set by agentmux (<${parameters}${final})`;
		}

		default: {
			return `CSI with private prefix ${quote(prefix)}`;
		}
	}
}

function judgePlainCsi(values: number[], parameters: string, final: string): string | undefined {
	switch (final) {
		case 'm': {
			// SGR: any well-formed parameter list; colour values are checked by the terminal, not here.
			return parameters.split(/[;:]/).every(part => part.length <= 5) ? undefined : 'SGR with an absurd parameter';
		}

		case 'H': {
			return values.length <= 2 ? undefined : 'cursor position with extra parameters';
		}

		// Cursor movement, erase characters, next/previous line, column.
		case 'A':
		case 'B':
		case 'C':
		case 'D':
		case 'E':
		case 'F':
		case 'G':
		case 'X': {
			return values.length <= 1 ? undefined : `CSI ${final} with extra parameters`;
		}

		case 'K': {
			return values.length <= 1 && (values[0] ?? 0) <= 2 ? undefined : 'erase in line with an unknown mode';
		}

		case 'J': {
			return values.length <= 1 && (values[0] ?? 0) <= 3 ? undefined : 'erase in display with an unknown mode';
		}

		default: {
			return `CSI ${final} is not something agentmux draws with`;
		}
	}
}

function judgeOsc(body: string): string | undefined {
	// The bell's desktop notifications: OSC 9 and OSC 777 notify, with control characters already removed.
	if (/^9;[^\u0000-\u001F\u007F-\u009F]*$/.test(body) || /^777;notify;agentmux;[^\u0000-\u001F\u007F-\u009F]*$/.test(body)) {
		return body.length <= maxOscLength ? undefined : 'notification longer than agentmux writes';
	}

	const number = /^\d+/.exec(body)?.[0];
	return `OSC ${number ?? quote(body.slice(0, 8))} is not a notification agentmux sends`;
}

/** Scans everything agentmux wrote; every finding is a byte that is not agentmux's own drawing. */
export function scanOutput(output: string): ScanResult {
	const findings: Finding[] = [];
	let phase: Phase = 'before';
	// Between ESC 8 and ESC 7 agentmux writes what Ink drew (chrome: text, newlines, line erases).
	let inInk = false;
	// After a cursor position outside Ink, the compositor writes a pane's cells.
	let positioned = false;
	let textStart = -1;
	let index = 0;

	const flag = (offset: number, length: number, reason: string): void => {
		findings.push({
			offset,
			reason,
			bytes: quote(output.slice(offset, offset + Math.min(length, 80))),
			context: quote(output.slice(Math.max(0, offset - 40), offset + Math.min(length, 80) + 40)),
		});
	};

	const endText = (end: number): void => {
		if (textStart === -1) {
			return;
		}

		if (phase !== 'fullscreen') {
			flag(textStart, end - textStart, `text ${phase === 'before' ? 'before agentmux entered full screen' : 'after agentmux left full screen'}`);
		} else if (!inInk && !positioned) {
			flag(textStart, end - textStart, 'text not placed by the compositor nor drawn by Ink');
		}

		textStart = -1;
	};

	const endFrame = (): void => {
		positioned = false;
	};

	while (index < output.length) {
		const char = output[index]!;
		const code = char.codePointAt(0)!;
		const isControl = code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f);
		if (!isControl) {
			if (textStart === -1) {
				textStart = index;
			}

			index++;
			continue;
		}

		endText(index);
		if (char !== esc) {
			if (char === '\r' || char === '\n') {
				if (!inInk || phase !== 'fullscreen') {
					flag(index, 1, 'line break outside what Ink drew (log output?)');
				}
			} else if (char === bel) {
				if (phase !== 'fullscreen') {
					flag(index, 1, 'bell outside full screen');
				}

				endFrame();
			} else {
				flag(index, 1, `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
			}

			index++;
			continue;
		}

		const next = output[index + 1];
		if (next === undefined) {
			return {findings, incompleteTail: output.slice(index)};
		}

		if (next === '[') {
			const match = /^\u001B\[([<=>?]?)([\d;:]*)([\u0020-\u002F]*)([\u0040-\u007E])/.exec(output.slice(index, index + 64));
			if (!match) {
				const rest = output.slice(index, index + 64);
				if (/^\u001B\[[<=>?]?[\u0030-\u003F]*[\u0020-\u002F]*$/.test(rest)) {
					return {findings, incompleteTail: rest};
				}

				flag(index, 8, 'malformed or overlong CSI');
				index += 2;
				continue;
			}

			const [sequence, prefix, parameters, intermediates, final] = match as unknown as [string, string, string, string, string];
			if (phase === 'before' && !(prefix === '?' && parameters === '1049' && final === 'h')) {
				flag(index, sequence.length, 'escape sequence before agentmux entered full screen');
			} else if (phase === 'after' && !(prefix === '?' && parameters === '25' && final === 'h')) {
				flag(index, sequence.length, 'escape sequence after agentmux left full screen');
			} else {
				const problem = judgeCsi(prefix, parameters, intermediates, final);
				if (problem) {
					flag(index, sequence.length, problem);
				}
			}

			if (prefix === '?' && parameters === '1049') {
				phase = final === 'h' ? 'fullscreen' : 'after';
				inInk = false;
				endFrame();
			} else if (prefix === '' && final === 'H' && !inInk) {
				positioned = true;
			} else if (prefix === '?' && (parameters === '25' || parameters === '2026')) {
				// A compositor frame ends with the cursor placed or the synchronized frame closed.
				if (!inInk) endFrame();
			}

			index += sequence.length;
			continue;
		}

		if (next === ']') {
			const terminator = /\u0007|\u001B\\/g;
			terminator.lastIndex = index + 2;
			const end = terminator.exec(output);
			if (!end) {
				if (output.length - index > maxOscLength) {
					flag(index, 80, 'unterminated OSC');
					return {findings, incompleteTail: ''};
				}

				return {findings, incompleteTail: output.slice(index)};
			}

			const body = output.slice(index + 2, end.index);
			const length = end.index + end[0].length - index;
			const problem = phase === 'fullscreen' ? judgeOsc(body) : 'OSC outside full screen';
			if (problem) {
				flag(index, length, problem);
			}

			endFrame();
			index += length;
			continue;
		}

		if (next === 'P' || next === '_' || next === '^' || next === 'X') {
			const names: Record<string, string> = {P: 'DCS', _: 'APC', '^': 'PM', X: 'SOS'};
			const end = output.indexOf(`${esc}\\`, index + 2);
			const length = end === -1 ? output.length - index : end + 2 - index;
			flag(index, length, `${names[next]!} string`);
			index += length;
			continue;
		}

		if (next === '7' || next === '8') {
			if (phase !== 'fullscreen') {
				flag(index, 2, `ESC ${next} outside full screen`);
			}

			// agentmux wraps what Ink writes in ESC 8 ... ESC 7.
			inInk = next === '8';
			endFrame();
			index += 2;
			continue;
		}

		flag(index, 2, `ESC ${quote(next)} is not something agentmux writes`);
		index += 2;
	}

	endText(output.length);
	return {findings, incompleteTail: ''};
}

/** The text found in the output that looks like a log line or a crash report, wherever it was drawn. */
export function leakedLogText(output: string): string[] {
	return leakSignatures
		.filter(pattern => pattern.test(output))
		.map(pattern => {
			const match = pattern.exec(output)!;
			return quote(output.slice(Math.max(0, match.index - 40), match.index + 120));
		});
}

/** One line per finding, for an assertion message. */
export function describeFindings(findings: Finding[], limit = 10): string {
	const lines = findings.slice(0, limit).map(finding => `at ${finding.offset}: ${finding.reason}: ${finding.bytes}\n    in ${finding.context}`);
	if (findings.length > limit) {
		lines.push(`... and ${findings.length - limit} more`);
	}

	return lines.join('\n');
}
