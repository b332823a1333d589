import type {Key} from './key-event.js';

/** The keyboard modes a pane's program asked for. */
export type KeyboardModes = {
	applicationCursorKeys: boolean;
	/** Kitty keyboard protocol flags (only bit 1, "disambiguate", is supported). */
	kittyFlags: number;
	modifyOtherKeys: number;
};

const cursorLetters: Record<string, string> = {up: 'A', down: 'B', right: 'C', left: 'D', home: 'H', end: 'F'};
const ss3Function: Record<string, string> = {f1: 'P', f2: 'Q', f3: 'R', f4: 'S'};
const tildeNumbers: Record<string, number> = {
	insert: 2,
	delete: 3,
	pageup: 5,
	pagedown: 6,
	f5: 15,
	f6: 17,
	f7: 18,
	f8: 19,
	f9: 20,
	f10: 21,
	f11: 23,
	f12: 24,
};
const functionalCodes: Record<string, number> = {enter: 13, tab: 9, backspace: 127, escape: 27, space: 32};

function modifierParameter(key: Key): number {
	return 1 + (key.shift ? 1 : 0) + (key.alt ? 2 : 0) + (key.ctrl ? 4 : 0);
}

function codepointOf(key: Key): number | undefined {
	return functionalCodes[key.name] ?? (key.name.length > 0 && [...key.name].length === 1 ? key.name.codePointAt(0) : undefined);
}

/** The legacy (VT/xterm) bytes for a key. */
function legacy(key: Key): string {
	const alt = key.alt ? '\u001B' : '';
	switch (key.name) {
		case 'enter': {
			return `${alt}\r`;
		}

		case 'tab': {
			return key.shift ? '\u001B[Z' : `${alt}\t`;
		}

		case 'backspace': {
			return alt + (key.ctrl ? '\b' : '\u007F');
		}

		case 'escape': {
			return `${alt}\u001B`;
		}

		case 'space': {
			return alt + (key.ctrl ? '\u0000' : ' ');
		}

		default: {
			break;
		}
	}

	if (key.ctrl && key.name.length === 1) {
		const code = key.name.toLowerCase().codePointAt(0)!;
		if (code >= 0x61 && code <= 0x7a) {
			return alt + String.fromCodePoint(code - 0x60);
		}

		const controls: Record<string, string> = {'@': '\u0000', '[': '\u001B', '\\': '\u001C', ']': '\u001D', '^': '\u001E', _: '\u001F', '?': '\u007F', '2': '\u0000', '6': '\u001E', '-': '\u001F'};
		const control = controls[key.name];
		if (control) {
			return alt + control;
		}
	}

	return alt + key.name;
}

/**
 * Encodes a key the way the pane's program asked for it: application cursor
 * keys, the kitty keyboard protocol, xterm's modifyOtherKeys, or plain VT
 * bytes. Its modes live in the pane's headless terminal, not the user's.
 */
export function encodeKey(key: Key, modes: KeyboardModes): string {
	const modifier = modifierParameter(key);
	const letter = cursorLetters[key.name];
	if (letter) {
		if (modifier > 1) {
			return `\u001B[1;${modifier}${letter}`;
		}

		return modes.applicationCursorKeys ? `\u001BO${letter}` : `\u001B[${letter}`;
	}

	const ss3 = ss3Function[key.name];
	if (ss3) {
		return modifier > 1 ? `\u001B[1;${modifier}${ss3}` : `\u001BO${ss3}`;
	}

	const tilde = tildeNumbers[key.name];
	if (tilde !== undefined) {
		return modifier > 1 ? `\u001B[${tilde};${modifier}~` : `\u001B[${tilde}~`;
	}

	const codepoint = codepointOf(key);
	const isPlainText = key.name.length > 0 && !key.ctrl && !key.alt && codepoint !== undefined && functionalCodes[key.name] === undefined;
	if (codepoint === undefined || isPlainText) {
		return legacy(key);
	}

	if ((modes.kittyFlags & 1) !== 0) {
		// Disambiguate: Escape and every modified key become CSI u; plain Enter, Tab, Backspace stay as they were.
		const unmodifiedLegacy = modifier === 1 && (key.name === 'enter' || key.name === 'tab' || key.name === 'backspace' || key.name === 'space');
		if (!unmodifiedLegacy) {
			const base = key.name.length === 1 ? key.name.toLowerCase().codePointAt(0)! : codepoint;
			return modifier > 1 ? `\u001B[${base};${modifier}u` : `\u001B[${base}u`;
		}

		return legacy(key);
	}

	if (modes.modifyOtherKeys > 0 && modifier > 1) {
		const isFunctional = functionalCodes[key.name] !== undefined;
		const hasLegacyControl = key.ctrl && !key.shift && /^[a-z@[\\\]^_ ]$/.test(key.name);
		// Level 1 only changes keys that have no legacy encoding; level 2 changes all modified keys.
		if (modes.modifyOtherKeys >= 2 || isFunctional || !hasLegacyControl) {
			if (!(key.name.length === 1 && !key.ctrl && !key.alt)) {
				return `\u001B[27;${modifier};${codepoint}~`;
			}
		}
	}

	return legacy(key);
}
