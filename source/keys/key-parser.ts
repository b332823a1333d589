import {type InputEvent, type Key, key, type MouseAction} from './key-event.js';

/** How long a lone ESC waits for the rest of a sequence before it counts as the Escape key. */
export const escapeTimeoutMs = 20;
/**
 * A bracketed paste with no end marker ends after this long without a byte: a terminal sends a
 * paste at full speed, so a second of silence means the end marker is never coming.
 */
export const pasteIdleMs = 1000;
/**
 * The largest paste taken, in UTF-16 units (32 MB of memory). Five megabytes of text is already a
 * very large paste; past this the paste is dropped whole rather than held without bound.
 */
export const pasteLimit = 16 * 1024 * 1024;
/** A sequence still unfinished after this many chars is no key: it goes on as bytes. */
const maxSequenceLength = 64;
const pasteEnd = '\u001B[201~';

const csiTilde: Record<number, string> = {
	1: 'home',
	2: 'insert',
	3: 'delete',
	4: 'end',
	5: 'pageup',
	6: 'pagedown',
	7: 'home',
	8: 'end',
	11: 'f1',
	12: 'f2',
	13: 'f3',
	14: 'f4',
	15: 'f5',
	17: 'f6',
	18: 'f7',
	19: 'f8',
	20: 'f9',
	21: 'f10',
	23: 'f11',
	24: 'f12',
};
const csiLetter: Record<string, string> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', P: 'f1', Q: 'f2', R: 'f3', S: 'f4'};
// Kitty's functional keys that are sent as CSI code u.
const kittyCodes: Record<number, string> = {13: 'enter', 9: 'tab', 127: 'backspace', 27: 'escape', 8: 'backspace'};

/** Kitty and xterm send 1 + modifier bits; 1..256 covers every modifier they define. */
function modifiers(parameter: number | undefined): Omit<Key, 'name'> | undefined {
	const value = parameter ?? 1;
	if (value < 1 || value > 256) {
		return undefined;
	}

	const bits = value - 1;
	return {shift: (bits & 1) !== 0, alt: (bits & 2) !== 0, ctrl: (bits & 4) !== 0};
}

/**
 * The numeric parameters of a CSI key sequence (the first field of each, before any `:`),
 * undefined for an empty one; undefined as a whole when a field is not a plain number
 * (private markers, signs, more digits than any key has).
 */
function keyParameters(body: string): Array<number | undefined> | undefined {
	const result: Array<number | undefined> = [];
	for (const field of body.split(';')) {
		const first = field.split(':')[0]!;
		if (!/^\d{0,9}$/.test(first) || !/^[\d:]*$/.test(field)) {
			return undefined;
		}

		result.push(first === '' ? undefined : Number(first));
	}

	return result;
}

/** The key a kitty or modifyOtherKeys code point names; undefined for one that is no character key. */
function codePointKey(codepoint: number | undefined): string | undefined {
	if (codepoint === undefined) {
		return undefined;
	}

	const named = kittyCodes[codepoint];
	if (named) {
		return named;
	}

	if (codepoint === 32) {
		return 'space';
	}

	// Controls are sent as their letter with Ctrl; surrogates and values past Unicode are no character.
	const isControl = codepoint < 0x20 || (codepoint >= 0x7f && codepoint <= 0x9f);
	if (isControl || isSurrogate(codepoint) || codepoint > 0x10_ff_ff) {
		return undefined;
	}

	return String.fromCodePoint(codepoint);
}

/** Half of a UTF-16 surrogate pair (alone, it is no character). */
function isSurrogate(code: number): boolean {
	return code >= 0xd8_00 && code <= 0xdf_ff;
}

/** One SGR mouse field: digits only, in range for a screen. */
function mouseField(text: string | undefined): number | undefined {
	return text !== undefined && /^\d{1,5}$/.test(text) ? Number(text) : undefined;
}

export type KeyParserOptions = {
	/**
	 * A key that ends an open bracketed paste when it arrives alone in a read: the prefix,
	 * so that a paste whose end never comes cannot take the keyboard away.
	 */
	breaksPaste?: (key: Key) => boolean;
	/** Told about an exception from the event handler or the parser itself; parsing goes on. */
	onError?: (error: unknown) => void;
};

/** A control byte as the key the user pressed. */
function controlKey(code: number): Key {
	switch (code) {
		case 0x0d: {
			return key('enter');
		}

		case 0x09: {
			return key('tab');
		}

		case 0x7f:
		case 0x08: {
			return code === 0x08 ? key('backspace', {ctrl: true}) : key('backspace');
		}

		case 0x00: {
			return key('space', {ctrl: true});
		}

		case 0x1b: {
			return key('escape');
		}

		default: {
			if (code >= 0x01 && code <= 0x1a) {
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
 * ESC becomes the Escape key after a short wait. No input makes it throw:
 * what cannot be decoded goes on as raw bytes or is dropped.
 */
export class KeyParser {
	private buffer = '';
	/** The paste being collected, while in a bracketed paste. */
	private paste: string | undefined;
	/** The open paste went over the limit: the rest of it is dropped. */
	private pasteDropped = false;
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly emit: (event: InputEvent) => void,
		private readonly options: KeyParserOptions = {},
	) {}

	/** Whether a bracketed paste is open (its end marker not seen yet). */
	get inPaste(): boolean {
		return this.paste !== undefined;
	}

	/** Parses a chunk from stdin. */
	feed(chunk: string): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		if (this.paste !== undefined && this.isPasteBreak(chunk)) {
			this.endPaste();
		}

		this.buffer += chunk;
		this.drain(false);
		if (this.paste !== undefined) {
			this.timer = setTimeout(() => {
				this.flush();
			}, pasteIdleMs);
		} else if (this.buffer.length > 0) {
			this.timer = setTimeout(() => {
				this.flush();
			}, escapeTimeoutMs);
		}
	}

	/**
	 * Treats whatever is waiting as complete: an ESC alone is the Escape key, and an open
	 * paste ends with what it collected.
	 */
	flush(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.drain(true);
	}

	dispose(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
	}

	private drain(final: boolean): void {
		while (this.buffer.length > 0 || (final && this.paste !== undefined)) {
			if (this.paste !== undefined) {
				if (!this.collectPaste(final)) {
					return;
				}

				continue;
			}

			let consumed: number;
			try {
				consumed = this.parseOne(final);
			} catch (error) {
				// A bug in a decoder must not wedge the keyboard: drop one char and go on.
				this.report(error);
				consumed = 1;
			}

			if (consumed === 0) {
				return;
			}

			this.buffer = this.buffer.slice(consumed);
		}
	}

	/** Moves buffered text into the open paste; returns true when the paste ended. */
	private collectPaste(final: boolean): boolean {
		const end = this.buffer.indexOf(pasteEnd);
		if (end === -1 && !final) {
			// A prefix key at the very end of what arrived ends the paste too: when the machine is
			// slow, the key the user pressed a moment after the paste can share its read.
			const tail = this.breakingTail();
			if (tail > 0) {
				this.addToPaste(this.buffer.slice(0, this.buffer.length - tail));
				this.buffer = this.buffer.slice(this.buffer.length - tail);
				this.finishPaste();
				return true;
			}

			// Keep a possible partial end marker in the buffer.
			const keep = partialSuffix(this.buffer, pasteEnd);
			this.addToPaste(this.buffer.slice(0, this.buffer.length - keep));
			this.buffer = this.buffer.slice(this.buffer.length - keep);
			return false;
		}

		if (end === -1) {
			this.endPaste();
			return true;
		}

		this.addToPaste(this.buffer.slice(0, end));
		this.buffer = this.buffer.slice(end + pasteEnd.length);
		this.finishPaste();
		return true;
	}

	private addToPaste(text: string): void {
		if (this.pasteDropped || text === '') {
			return;
		}

		if (this.paste!.length + text.length > pasteLimit) {
			// Free it now: holding the rest is the memory the limit is there to save.
			this.pasteDropped = true;
			this.paste = '';
			this.send({type: 'paste-dropped', limit: pasteLimit});
			return;
		}

		this.paste += text;
	}

	/** Ends the open paste with everything buffered so far in it (no end marker came). */
	private endPaste(): void {
		this.addToPaste(this.buffer);
		this.buffer = '';
		this.finishPaste();
	}

	private finishPaste(): void {
		const text = this.paste ?? '';
		const dropped = this.pasteDropped;
		this.paste = undefined;
		this.pasteDropped = false;
		if (!dropped) {
			this.send({type: 'paste', text});
		}
	}

	/** A chunk that is exactly one key that breaks an open paste (the user reaching for the prefix). */
	/** The length of a paste-breaking key that ends the buffer (a control byte or an escape sequence), else 0. */
	private breakingTail(): number {
		const candidates = [1];
		const escapeAt = this.buffer.lastIndexOf('\u001B');
		if (escapeAt !== -1 && this.buffer.length - escapeAt <= maxSequenceLength) {
			candidates.push(this.buffer.length - escapeAt);
		}

		return candidates.find(length => length <= this.buffer.length && this.isPasteBreak(this.buffer.slice(-length))) ?? 0;
	}

	private isPasteBreak(chunk: string): boolean {
		const {breaksPaste} = this.options;
		if (!breaksPaste || chunk.length > maxSequenceLength || chunk.startsWith(pasteEnd)) {
			return false;
		}

		const events: InputEvent[] = [];
		const probe = new KeyParser(event => events.push(event));
		probe.feed(chunk);
		probe.flush();
		probe.dispose();
		const only = events.length === 1 ? events[0] : undefined;
		return only?.type === 'key' && breaksPaste(only.key);
	}

	private send(event: InputEvent): void {
		try {
			this.emit(event);
		} catch (error) {
			// One handler's failure must not leave the parser half way through its buffer.
			this.report(error);
		}
	}

	private report(error: unknown): void {
		try {
			this.options.onError?.(error);
		} catch {
			// Nothing more can be done with it.
		}
	}

	/** Parses one event at the start of the buffer; returns how many chars it used, 0 if it needs more. */
	private parseOne(final: boolean): number {
		const text = this.buffer;
		const code = text.codePointAt(0)!;
		if (code !== 0x1b) {
			if (code < 0x20 || code === 0x7f) {
				this.send({type: 'key', key: controlKey(code), raw: text[0]!});
				return 1;
			}

			if (isSurrogate(code)) {
				// Half of a pair is no character: it goes on as it came.
				return this.emitRaw(text[0]!, 1);
			}

			const char = String.fromCodePoint(code);
			this.send({type: 'key', key: key(char === ' ' ? 'space' : char), raw: char});
			return char.length;
		}

		if (text.length === 1) {
			if (!final) {
				return 0;
			}

			this.send({type: 'key', key: key('escape'), raw: '\u001B'});
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

				this.send({type: 'key', key: key('O', {alt: true}), raw: text.slice(0, 2)});
				return 2;
			}

			const third = text.charCodeAt(2);
			if (third < 0x20 || third > 0x7e) {
				// No SS3 sequence: Alt+O, and what follows is a key of its own.
				this.send({type: 'key', key: key('O', {alt: true}), raw: text.slice(0, 2)});
				return 2;
			}

			const name = csiLetter[text[2]!];
			const raw = text.slice(0, 3);
			this.send(name ? {type: 'key', key: key(name), raw} : {type: 'raw', raw});
			return 3;
		}

		// ESC then a key: that key with Alt.
		const restCode = text.codePointAt(1)!;
		if (restCode === 0x1b) {
			this.send({type: 'key', key: key('escape', {alt: true}), raw: '\u001B\u001B'});
			return 2;
		}

		if (isSurrogate(restCode)) {
			return this.emitRaw(text.slice(0, 2), 2);
		}

		const restChar = String.fromCodePoint(restCode);
		const inner = restCode < 0x20 || restCode === 0x7f ? controlKey(restCode) : key(restChar === ' ' ? 'space' : restChar);
		const length = 1 + restChar.length;
		this.send({type: 'key', key: {...inner, alt: true}, raw: text.slice(0, length)});
		return length;
	}

	private parseCsi(text: string, final: boolean): number {
		// CSI parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E.
		let index = 2;
		while (index < text.length) {
			const c = text.charCodeAt(index);
			if (c >= 0x40 && c <= 0x7e) {
				break;
			}

			if (c < 0x20 || c > 0x7e) {
				// A control or non-ASCII char cuts the sequence: what came before goes on as bytes,
				// and the char is a key of its own (the prefix stays reachable).
				return this.emitRaw(text.slice(0, index), index);
			}

			index++;
		}

		if (index >= text.length) {
			if (!final && index < maxSequenceLength) {
				return 0;
			}

			return this.emitRaw(text.slice(0, index), index);
		}

		const finalChar = text[index]!;
		const body = text.slice(2, index);
		const raw = text.slice(0, index + 1);
		const length = index + 1;

		if (finalChar === 'M' && body === '') {
			return this.parseX10Mouse(text, length, final);
		}

		if (body.startsWith('<') && (finalChar === 'M' || finalChar === 'm')) {
			const fields = body.slice(1).split(';');
			const [b, x, y] = fields.map(field => mouseField(field));
			if (fields.length === 3 && b !== undefined && x !== undefined && y !== undefined && x > 0 && y > 0) {
				this.emitMouse(b, x - 1, y - 1, finalChar === 'm' ? 'release' : undefined);
			}

			// A malformed report is dropped: it is no key, and no program wants it as text.
			return length;
		}

		if (body === '200' && finalChar === '~') {
			this.paste = '';
			this.pasteDropped = false;
			return length;
		}

		if (body === '201' && finalChar === '~') {
			// An end of paste with no start (or after a paste that timed out) means nothing.
			return length;
		}

		if (body === '' && (finalChar === 'I' || finalChar === 'O')) {
			this.send({type: 'focus', focused: finalChar === 'I'});
			return length;
		}

		const parameters = keyParameters(body);
		const keyEvent = parameters ? this.csiKey(finalChar, body, parameters) : undefined;
		this.send(keyEvent ? {type: 'key', key: keyEvent, raw} : {type: 'raw', raw});
		return length;
	}

	/** The key a CSI sequence with plain numeric parameters stands for; undefined when it is none. */
	private csiKey(finalChar: string, body: string, parameters: Array<number | undefined>): Key | undefined {
		if (finalChar === 'u') {
			// Kitty: CSI code ; mods u
			const name = codePointKey(parameters[0]);
			const mods = modifiers(parameters[1]);
			return name && mods && parameters.length <= 3 ? {name, ...mods} : undefined;
		}

		if (finalChar === '~') {
			if (parameters[0] === 27 && parameters.length === 3) {
				// modifyOtherKeys: CSI 27 ; mods ; code ~
				const name = codePointKey(parameters[2]);
				const mods = modifiers(parameters[1]);
				return name && mods ? {name, ...mods} : undefined;
			}

			const name = csiTilde[parameters[0] ?? -1];
			const mods = modifiers(parameters[1]);
			return name && mods && parameters.length <= 2 ? {name, ...mods} : undefined;
		}

		if (finalChar === 'Z' && body === '') {
			return key('tab', {shift: true});
		}

		const name = csiLetter[finalChar];
		const mods = modifiers(parameters[1]);
		return name && mods && parameters.length <= 2 ? {name, ...mods} : undefined;
	}

	/** X10 mouse: CSI M and three bytes, each 32 + a value. */
	private parseX10Mouse(text: string, length: number, final: boolean): number {
		if (text.length < length + 3) {
			return final ? this.emitRaw(text.slice(0, length), length) : 0;
		}

		const codes = [0, 1, 2].map(offset => text.charCodeAt(length + offset));
		if (codes.some(code => code < 0x20 || isSurrogate(code))) {
			// No mouse report: drop CSI M, and what follows is keys.
			return length;
		}

		const [b, x, y] = codes as [number, number, number];
		this.emitMouse(b - 32, x - 33, y - 33, ((b - 32) & 3) === 3 ? 'release' : undefined);
		return length + 3;
	}

	private emitRaw(raw: string, length: number): number {
		this.send({type: 'raw', raw});
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

		this.send({type: 'mouse', action, button: (code & 64) === 0 ? button : 0, x, y, ...modifiers});
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
