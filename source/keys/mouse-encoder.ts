import type {MouseEncoding} from '../sessions/pane-modes.js';
import type {InputEvent} from './key-event.js';

export type MouseTracking = 'none' | 'x10' | 'vt200' | 'drag' | 'any';
type MouseEvent = Extract<InputEvent, {type: 'mouse'}>;

/**
 * Encodes a mouse event at pane-relative cell (x, y), 0-based, in the
 * protocol and encoding the pane's program enabled; undefined when that
 * program did not ask for this kind of event.
 */
export function encodeMouse(event: MouseEvent, x: number, y: number, tracking: MouseTracking, encoding: MouseEncoding): string | undefined {
	if (tracking === 'none') {
		return undefined;
	}

	const isWheel = event.action === 'wheel-up' || event.action === 'wheel-down';
	if (tracking === 'x10' && event.action !== 'press') {
		return undefined;
	}

	if (event.action === 'move' && tracking !== 'any' && !(tracking === 'drag' && event.button !== 3)) {
		return undefined;
	}

	let code = isWheel ? 64 + (event.action === 'wheel-down' ? 1 : 0) : event.button;
	if (event.action === 'move') {
		code += 32;
	}

	if (tracking !== 'x10') {
		code += (event.shift ? 4 : 0) + (event.alt ? 8 : 0) + (event.ctrl ? 16 : 0);
	}

	if (encoding === 'sgr') {
		return `\u001B[<${code};${x + 1};${y + 1}${event.action === 'release' ? 'm' : 'M'}`;
	}

	const legacyCode = event.action === 'release' ? 3 + (code & ~3) : code;
	if (encoding === 'urxvt') {
		return `\u001B[${legacyCode + 32};${x + 1};${y + 1}M`;
	}

	// X10 and UTF-8 encodings: each value + 32 as one character (X10 tops out at 223).
	const limit = encoding === 'utf8' ? 2015 : 223;
	const cx = Math.min(x + 1, limit) + 32;
	const cy = Math.min(y + 1, limit) + 32;
	return `\u001B[M${String.fromCodePoint(legacyCode + 32)}${String.fromCodePoint(cx)}${String.fromCodePoint(cy)}`;
}
