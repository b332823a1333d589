import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {encodeKey, type KeyboardModes} from '../../source/keys/key-encoder.js';
import type {InputEvent} from '../../source/keys/key-event.js';
import {key} from '../../source/keys/key-event.js';
import {KeyParser} from '../../source/keys/key-parser.js';

const normal: KeyboardModes = {applicationCursorKeys: false, kittyFlags: 0, modifyOtherKeys: 0};
const application: KeyboardModes = {...normal, applicationCursorKeys: true};
const kitty: KeyboardModes = {...normal, kittyFlags: 1};
const mok1: KeyboardModes = {...normal, modifyOtherKeys: 1};
const mok2: KeyboardModes = {...normal, modifyOtherKeys: 2};

describe('encodeKey: legacy', () => {
	it('plain text is sent as is', () => {
		assert.equal(encodeKey(key('a'), normal), 'a');
		assert.equal(encodeKey(key('A', {shift: true}), normal), 'A');
		assert.equal(encodeKey(key('日'), normal), '日');
		assert.equal(encodeKey(key('😀'), normal), '😀');
	});

	it('ctrl letters are C0 controls', () => {
		assert.equal(encodeKey(key('a', {ctrl: true}), normal), '\u0001');
		assert.equal(encodeKey(key('c', {ctrl: true}), normal), '\u0003');
		assert.equal(encodeKey(key('z', {ctrl: true}), normal), '\u001A');
		assert.equal(encodeKey(key('C', {ctrl: true}), normal), '\u0003');
		assert.equal(encodeKey(key('\\', {ctrl: true}), normal), '\u001C');
		assert.equal(encodeKey(key(']', {ctrl: true}), normal), '\u001D');
		assert.equal(encodeKey(key('@', {ctrl: true}), normal), '\u0000');
		assert.equal(encodeKey(key('space', {ctrl: true}), normal), '\u0000');
	});

	it('alt prefixes ESC', () => {
		assert.equal(encodeKey(key('x', {alt: true}), normal), '\u001Bx');
		assert.equal(encodeKey(key('1', {alt: true}), normal), '\u001B1');
		assert.equal(encodeKey(key('c', {alt: true, ctrl: true}), normal), '\u001B\u0003');
		assert.equal(encodeKey(key('enter', {alt: true}), normal), '\u001B\r');
		assert.equal(encodeKey(key('backspace', {alt: true}), normal), '\u001B\u007F');
	});

	it('enter, tab, backspace, escape, space', () => {
		assert.equal(encodeKey(key('enter'), normal), '\r');
		assert.equal(encodeKey(key('tab'), normal), '\t');
		assert.equal(encodeKey(key('tab', {shift: true}), normal), '\u001B[Z');
		assert.equal(encodeKey(key('backspace'), normal), '\u007F');
		assert.equal(encodeKey(key('backspace', {ctrl: true}), normal), '\b');
		assert.equal(encodeKey(key('escape'), normal), '\u001B');
		assert.equal(encodeKey(key('space'), normal), ' ');
	});

	it('arrows: normal vs application cursor mode', () => {
		for (const [name, letter] of [
			['up', 'A'],
			['down', 'B'],
			['right', 'C'],
			['left', 'D'],
			['home', 'H'],
			['end', 'F'],
		] as const) {
			assert.equal(encodeKey(key(name), normal), `\u001B[${letter}`);
			assert.equal(encodeKey(key(name), application), `\u001BO${letter}`);
		}
	});

	it('modified arrows use CSI 1;mod in both cursor modes', () => {
		assert.equal(encodeKey(key('up', {alt: true}), normal), '\u001B[1;3A');
		assert.equal(encodeKey(key('up', {alt: true}), application), '\u001B[1;3A');
		assert.equal(encodeKey(key('left', {ctrl: true}), normal), '\u001B[1;5D');
		assert.equal(encodeKey(key('right', {shift: true}), normal), '\u001B[1;2C');
		assert.equal(encodeKey(key('down', {shift: true, alt: true, ctrl: true}), normal), '\u001B[1;8B');
	});

	it('F1..F12', () => {
		const expected = ['\u001BOP', '\u001BOQ', '\u001BOR', '\u001BOS', '\u001B[15~', '\u001B[17~', '\u001B[18~', '\u001B[19~', '\u001B[20~', '\u001B[21~', '\u001B[23~', '\u001B[24~'];
		for (const [index, bytes] of expected.entries()) {
			assert.equal(encodeKey(key(`f${index + 1}`), normal), bytes, `f${index + 1}`);
		}
	});

	it('modified function and editing keys', () => {
		assert.equal(encodeKey(key('f1', {shift: true}), normal), '\u001B[1;2P');
		assert.equal(encodeKey(key('f5', {ctrl: true}), normal), '\u001B[15;5~');
		assert.equal(encodeKey(key('delete'), normal), '\u001B[3~');
		assert.equal(encodeKey(key('delete', {ctrl: true}), normal), '\u001B[3;5~');
		assert.equal(encodeKey(key('pageup'), normal), '\u001B[5~');
		assert.equal(encodeKey(key('insert'), normal), '\u001B[2~');
	});
});

describe('encodeKey: kitty disambiguate (flags 1)', () => {
	it('Escape and modified keys become CSI u', () => {
		assert.equal(encodeKey(key('escape'), kitty), '\u001B[27u');
		assert.equal(encodeKey(key('enter', {shift: true}), kitty), '\u001B[13;2u');
		assert.equal(encodeKey(key('c', {ctrl: true}), kitty), '\u001B[99;5u');
		assert.equal(encodeKey(key('x', {alt: true}), kitty), '\u001B[120;3u');
		assert.equal(encodeKey(key('tab', {shift: true}), kitty), '\u001B[9;2u');
		assert.equal(encodeKey(key('backspace', {alt: true}), kitty), '\u001B[127;3u');
		assert.equal(encodeKey(key('space', {ctrl: true}), kitty), '\u001B[32;5u');
	});

	it('plain text and plain Enter/Tab/Backspace/Space stay legacy', () => {
		assert.equal(encodeKey(key('a'), kitty), 'a');
		assert.equal(encodeKey(key('日'), kitty), '日');
		assert.equal(encodeKey(key('enter'), kitty), '\r');
		assert.equal(encodeKey(key('tab'), kitty), '\t');
		assert.equal(encodeKey(key('backspace'), kitty), '\u007F');
		assert.equal(encodeKey(key('space'), kitty), ' ');
	});

	it('arrows and function keys are unchanged by kitty flag 1', () => {
		assert.equal(encodeKey(key('up'), kitty), '\u001B[A');
		assert.equal(encodeKey(key('up', {ctrl: true}), kitty), '\u001B[1;5A');
		assert.equal(encodeKey(key('f5'), kitty), '\u001B[15~');
	});

	it('round-trips through the key parser', () => {
		const cases = [key('escape'), key('enter', {shift: true}), key('c', {ctrl: true}), key('x', {alt: true}), key('tab', {ctrl: true, shift: true})];
		for (const original of cases) {
			const events: InputEvent[] = [];
			const parser = new KeyParser(event => events.push(event));
			parser.feed(encodeKey(original, kitty));
			parser.flush();
			assert.deepEqual(
				events.map(event => (event.type === 'key' ? event.key : event)),
				[original],
			);
		}
	});
});

describe('encodeKey: modifyOtherKeys', () => {
	it('level 2 encodes every modified key as CSI 27;mod;code ~', () => {
		assert.equal(encodeKey(key('enter', {shift: true}), mok2), '\u001B[27;2;13~');
		assert.equal(encodeKey(key('c', {ctrl: true}), mok2), '\u001B[27;5;99~');
		assert.equal(encodeKey(key('tab', {ctrl: true}), mok2), '\u001B[27;5;9~');
	});

	it('level 1 keeps keys with a legacy control encoding', () => {
		assert.equal(encodeKey(key('c', {ctrl: true}), mok1), '\u0003');
		assert.equal(encodeKey(key('enter', {shift: true}), mok1), '\u001B[27;2;13~');
		assert.equal(encodeKey(key('1', {ctrl: true}), mok1), '\u001B[27;5;49~');
	});

	it('unmodified keys and plain text are unchanged', () => {
		assert.equal(encodeKey(key('enter'), mok2), '\r');
		assert.equal(encodeKey(key('a'), mok2), 'a');
		assert.equal(encodeKey(key('up'), mok2), '\u001B[A');
	});

	it('round-trips Shift+Enter through the key parser', () => {
		const events: InputEvent[] = [];
		const parser = new KeyParser(event => events.push(event));
		parser.feed(encodeKey(key('enter', {shift: true}), mok2));
		parser.flush();
		assert.deepEqual(
			events.map(event => (event.type === 'key' ? event.key : event)),
			[key('enter', {shift: true})],
		);
	});
});

describe('parse then encode (what the multiplexer does for a pane with no keyboard modes)', () => {
	/** The bytes a legacy terminal sends, parsed as agentmux does, and encoded again for the pane. */
	function reencode(bytes: string, modes: KeyboardModes = normal): string {
		const events: InputEvent[] = [];
		const parser = new KeyParser(event => events.push(event));
		parser.feed(bytes);
		parser.flush();
		parser.dispose();
		return events
			.map(event => {
				assert.equal(event.type, 'key', `${JSON.stringify(bytes)} parsed as ${JSON.stringify(event)}`);
				return encodeKey((event as Extract<InputEvent, {type: 'key'}>).key, modes);
			})
			.join('');
	}

	it('legacy bytes come out unchanged', () => {
		const controls = Array.from({length: 0x20}, (_, code) => String.fromCodePoint(code)).filter(char => char !== '\u001B');
		const cases = [
			'a',
			'A',
			'?',
			'~',
			'日',
			'😀',
			...controls,
			'\u007F',
			'\u001B',
			'\u001Ba',
			'\u001BA',
			'\u001B1',
			'\u001B?',
			'\u001B\r',
			'\u001B\u007F',
			'\u001B\u0003',
			'\u001B\u001B',
			'\u001B[A',
			'\u001B[1;5A',
			'\u001B[1;3D',
			'\u001BOP',
			'\u001B[1;2P',
			'\u001B[15~',
			'\u001B[24;5~',
			'\u001B[3~',
			'\u001B[Z',
			'\u001B[5;3~',
		];
		for (const bytes of cases) {
			assert.equal(reencode(bytes), bytes, `bytes ${JSON.stringify(bytes)}`);
		}
	});

	it("SS3 arrows follow the pane's cursor key mode", () => {
		assert.equal(reencode('\u001BOA'), '\u001B[A');
		assert.equal(reencode('\u001B[A', application), '\u001BOA');
	});

	it('Alt+Shift+O (ESC O, then nothing) comes out as ESC O', () => {
		// A lone ESC O is what a legacy terminal sends for Alt+Shift+O; after the escape timeout it must reach the pane as typed.
		assert.equal(reencode('\u001BO'), '\u001BO');
	});
});
