import {key, type InputEvent, type Key, type MouseAction} from './key-event.js';

/** How long a lone ESC waits for the rest of a sequence before it counts as the Escape key. */
export const escapeTimeoutMs = 20;
const pasteEnd = '\u001B[201~';

const csiTilde: Record<number, string> = {
	1: 'home', 2: 'insert', 3: 'delete', 4: 'end', 5: 'pageup', 6: 'pagedown', 7: 'home', 8: 'end',
	11: 'f1', 12: 'f2', 13: 'f3', 14: 'f4', 15: 'f5', 17: 'f6', 18: 'f7', 19: 'f8', 20: 'f9', 21: 'f10', 23: 'f11', 24: 'f12',
};
const csiLetter: Record<string, string> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', P: 'f1', Q: 'f2', R: 'f3', S: 'f4'};
// Kitty's functional keys that are sent as CSI code u.
const kittyCodes: Record<number, string> = {13: 'enter', 9: 'tab', 127: 'backspace', 27: 'escape', 8: 'backspace'};

function modifiers(parameter: number | undefined): Omit<Key, 'name'> {
	const bits = Math.max(0, (parameter ?? 1) - 1);
	return {shift: (bits & 1) !== 0, alt: (bits & 2) !== 0, ctrl: (bits & 4) !== 0};
}

/** A control byte as the key the user pressed. */
function controlKey(code: number): Key {
	switch (code) {
		case 0x0D: {
			return key('enter');
		}

		case 0x09: {
			return key('tab');
		}

		case 0x7F:
		case 0x08: {
			return code === 0x08 ? key('backspace', {ctrl: true}) : key('backspace');
		}

		case 0x00: {
			return key('space', {ctrl: true});
		}

		case 0x1B: {
			return key('escape');
		}

		default: {
			if (code >= 0x01 && code <= 0x1A) {
				return key(String.fromCodePoint(code + 0x60), {ctrl: true});
			}

			// 0x1C..0x1F are Ctrl-\ Ctrl-] Ctrl-^ Ctrl-_
			return key(String.fromCodePoint(code + 0x40), {ctrl: true});
		}
	}
}

/**
 * Turns the raw bytes from the user's terminal into keys, pastes, mouse and
 * focus events. Sequences split across reads are put back together; a lone
 * ESC becomes the Escape key after a short wait.
 */
export class KeyParser {
	private buffer = '';
	private paste: string | undefined;
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly emit: (event: InputEvent) => void) {}

	/** Parses a chunk from stdin. */
	feed(chunk: string): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.buffer += chunk;
		this.drain(false);
		if (this.buffer.length > 0 && this.paste === undefined) {
			this.timer = setTimeout(() => {
				this.flush();
			}, escapeTimeoutMs);
		}
	}

	/** Treats whatever is waiting as complete (an ESC alone is the Escape key). */
	flush(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.drain(true);
	}

	dispose(): void {
		clearTimeout(this.timer);
	}

	private drain(final: boolean): void {
		while (this.buffer.length > 0) {
			if (this.paste !== undefined) {
				const end = this.buffer.indexOf(pasteEnd);
				if (end === -1) {
					// Keep a possible partial end marker in the buffer.
					const keep = partialSuffix(this.buffer, pasteEnd);
					this.paste += this.buffer.slice(0, this.buffer.length - keep);
					this.buffer = this.buffer.slice(this.buffer.length - keep);
					return;
				}

				this.paste += this.buffer.slice(0, end);
				this.buffer = this.buffer.slice(end + pasteEnd.length);
				this.emit({type: 'paste', text: this.paste});
				this.paste = undefined;
				continue;
			}

			const consumed = this.parseOne(final);
			if (consumed === 0) {
				return;
			}

			this.buffer = this.buffer.slice(consumed);
		}
	}

	/** Parses one event at the start of the buffer; returns how many chars it used, 0 if it needs more. */
	private parseOne(final: boolean): number {
		const text = this.buffer;
		const code = text.codePointAt(0)!;
		if (code !== 0x1B) {
			if (code < 0x20 || code === 0x7F) {
				this.emit({type: 'key', key: controlKey(code), raw: text[0]!});
				return 1;
			}

			const char = String.fromCodePoint(code);
			this.emit({type: 'key', key: key(char === ' ' ? 'space' : char), raw: char});
			return char.length;
		}

		if (text.length === 1) {
			if (!final) {
				return 0;
			}

			this.emit({type: 'key', key: key('escape'), raw: '\u001B'});
			return 1;
		}

		const second = text[1]!;
		if (second === '[') {
			return this.parseCsi(text, final);
		}

		if (second === 'O') {
			if (text.length < 3) {
				if (!final) {
					return 0;
				}

				this.emit({type: 'key', key: key('O', {alt: true}), raw: text.slice(0, 2)});
				return 2;
			}

			const name = csiLetter[text[2]!];
			const raw = text.slice(0, 3);
			this.emit(name ? {type: 'key', key: key(name), raw} : {type: 'raw', raw});
			return 3;
		}

		// ESC then a key: that key with Alt.
		const rest = text.slice(1);
		const restCode = rest.codePointAt(0)!;
		if (restCode === 0x1B) {
			this.emit({type: 'key', key: key('escape', {alt: true}), raw: '\u001B\u001B'});
			return 2;
		}

		const restChar = String.fromCodePoint(restCode);
		const inner = restCode < 0x20 || restCode === 0x7F ? controlKey(restCode) : key(restChar === ' ' ? 'space' : restChar);
		const length = 1 + String.fromCodePoint(restCode).length;
		this.emit({type: 'key', key: {...inner, alt: true}, raw: text.slice(0, length)});
		return length;
	}

	private parseCsi(text: string, final: boolean): number {
		// CSI parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E.
		let index = 2;
		while (index < text.length) {
			const c = text.charCodeAt(index);
			if (c >= 0x40 && c <= 0x7E) {
				break;
			}

			if (c < 0x20 || c > 0x3F && c < 0x40) {
				break;
			}

			index++;
		}

		if (index >= text.length) {
			if (!final && index < 64) {
				return 0;
			}

			this.emit({type: 'raw', raw: text.slice(0, index)});
			return index;
		}

		const finalChar = text[index]!;
		const body = text.slice(2, index);
		const raw = text.slice(0, index + 1);
		const length = index + 1;

		if (finalChar === 'M' && body === '') {
			// X10 mouse: three more bytes.
			if (text.length < length + 3) {
				return final ? this.emitRaw(raw, length) : 0;
			}

			const b = text.charCodeAt(length) - 32;
			const x = text.charCodeAt(length + 1) - 33;
			const y = text.charCodeAt(length + 2) - 33;
			this.emitMouse(b, x, y, (b & 3) === 3 ? 'release' : undefined);
			return length + 3;
		}

		if (body.startsWith('<') && (finalChar === 'M' || finalChar === 'm')) {
			const [b = 0, x = 1, y = 1] = body.slice(1).split(';').map(Number);
			this.emitMouse(b, x - 1, y - 1, finalChar === 'm' ? 'release' : undefined);
			return length;
		}

		if (body === '200' && finalChar === '~') {
			this.paste = '';
			return length;
		}

		if (body === '' && (finalChar === 'I' || finalChar === 'O')) {
			this.emit({type: 'focus', focused: finalChar === 'I'});
			return length;
		}

		const parameters = body.split(';').map(part => Number.parseInt(part.split(':')[0] ?? '', 10));
		if (finalChar === 'u') {
			const codepoint = parameters[0] ?? 0;
			const mods = modifiers(Number.isNaN(parameters[1]) ? 1 : parameters[1]);
			const name = kittyCodes[codepoint] ?? (codepoint === 32 ? 'space' : String.fromCodePoint(codepoint));
			this.emit({type: 'key', key: {name, ...mods}, raw});
			return length;
		}

		if (finalChar === '~') {
			if (parameters[0] === 27 && parameters.length >= 3) {
				// modifyOtherKeys: CSI 27 ; mods ; code ~
				const codepoint = parameters[2] ?? 0;
				const name = kittyCodes[codepoint] ?? (codepoint === 32 ? 'space' : String.fromCodePoint(codepoint));
				this.emit({type: 'key', key: {name, ...modifiers(parameters[1])}, raw});
				return length;
			}

			const name = csiTilde[parameters[0] ?? 0];
			this.emit(name ? {type: 'key', key: {name, ...modifiers(parameters[1])}, raw} : {type: 'raw', raw});
			return length;
		}

		if (finalChar === 'Z' && body === '') {
			this.emit({type: 'key', key: key('tab', {shift: true}), raw});
			return length;
		}

		const name = csiLetter[finalChar];
		if (name && !body.includes('?') && !body.includes('>')) {
			this.emit({type: 'key', key: {name, ...modifiers(parameters[1])}, raw});
			return length;
		}

		return this.emitRaw(raw, length);
	}

	private emitRaw(raw: string, length: number): number {
		this.emit({type: 'raw', raw});
		return length;
	}

	private emitMouse(code: number, x: number, y: number, forced: MouseAction | undefined): void {
		const modifiers = {shift: (code & 4) !== 0, alt: (code & 8) !== 0, ctrl: (code & 16) !== 0};
		const button = code & 3;
		let action: MouseAction;
		if (forced) {
			action = forced;
		} else if ((code & 64) !== 0) {
			action = button === 0 ? 'wheel-up' : 'wheel-down';
		} else if ((code & 32) !== 0) {
			action = 'move';
		} else {
			action = 'press';
		}

		this.emit({type: 'mouse', action, button: (code & 64) === 0 ? button : 0, x, y, ...modifiers});
	}
}

/** How many chars at the end of `text` are the start of `marker`. */
function partialSuffix(text: string, marker: string): number {
	for (let length = Math.min(marker.length - 1, text.length); length > 0; length--) {
		if (text.endsWith(marker.slice(0, length))) {
			return length;
		}
	}

	return 0;
}
