import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {encodeKey} from '../../source/keys/key-encoder.js';
import {type InputEvent, type Key, key} from '../../source/keys/key-event.js';
import {KeyParser, pasteIdleMs, pasteLimit} from '../../source/keys/key-parser.js';

type KeyEvent = Extract<InputEvent, {type: 'key'}>;

/** Feeds chunks, flushes, and returns every event; fails the test if anything throws. */
function parse(chunks: string | string[]): InputEvent[] {
	const events: InputEvent[] = [];
	const parser = new KeyParser(event => events.push(event));
	for (const chunk of typeof chunks === 'string' ? [chunks] : chunks) {
		parser.feed(chunk);
	}

	parser.flush();
	parser.dispose();
	return events;
}

/** The names of the keys among the events. */
function keyNames(events: InputEvent[]): string[] {
	return events.filter((event): event is KeyEvent => event.type === 'key').map(event => event.key.name);
}

/** A key name is one character (a whole code point) or a lower-case name: never a broken one. */
function assertSaneKey(event: InputEvent, input: string): void {
	if (event.type !== 'key') return;
	const {name} = event.key;
	const chars = [...name];
	const loneSurrogate = name.length === 1 && name.charCodeAt(0) >= 0xd8_00 && name.charCodeAt(0) <= 0xdf_ff;
	const whole = chars.length === 1 && !loneSurrogate;
	assert.ok(whole || /^[a-z\d]+$/.test(name), `a sane key name from ${JSON.stringify(input)}: ${JSON.stringify(name)}`);
}

const esc = '\u001B';

describe('KeyParser: undecodable sequences never throw', () => {
	const reported = [`${esc}[u`, `${esc}[?1u`, `${esc}[99999999u`, `${esc}[-1u`, `${esc}[27;5;99999999~`, `${esc}[27;5;~`];
	for (const sequence of reported) {
		it(`${JSON.stringify(sequence)} goes on as raw bytes, and the next key still arrives`, () => {
			const events = parse(`${sequence}x`);
			assert.deepEqual(events.at(-1), {type: 'key', key: key('x'), raw: 'x'});
			const before = events.slice(0, -1);
			assert.deepEqual(
				before.map(event => event.type),
				before.map(() => 'raw'),
				JSON.stringify(before),
			);
			assert.equal(before.map(event => (event as {raw: string}).raw).join(''), sequence, 'the bytes are kept as they came');
		});
	}

	const badNumbers = ['', '-1', '0', '-0', '+5', '1114112', '55296', '56320', '57343', '99999999', '4294967296', '9'.repeat(40), '1e5', '0x41', '1.5', '?1', '>1', '<1', '=1', ':', '1:2:3:4', ';;;'];
	it('every out-of-range, empty, negative, huge or non-numeric parameter in CSI u, modifyOtherKeys and CSI ~/letter keys', () => {
		let cases = 0;
		for (const a of badNumbers) {
			for (const b of ['', '5', ...badNumbers]) {
				for (const template of [`${a}u`, `${a};${b}u`, `27;${b};${a}~`, `27;${a};${b}~`, `${a};${b}~`, `1;${a}A`, `${a};${b}Z`, `${a};${b};${b}u`]) {
					const input = `${esc}[${template}`;
					const events = parse(input);
					cases++;
					for (const event of events) assertSaneKey(event, input);
					assert.ok(events.length > 0, `something comes of ${JSON.stringify(input)}`);
				}
			}
		}

		assert.ok(cases > 4000);
	});

	it('code points that are no character are not keys: surrogates, past U+10FFFF, controls', () => {
		for (const codepoint of [0xd800, 0xdbff, 0xdc00, 0xdfff, 0x11_00_00, 0x7f_ff_ff_ff, 0, 1, 31, 0x80, 0x9f]) {
			for (const input of [`${esc}[${codepoint}u`, `${esc}[${codepoint};5u`, `${esc}[27;5;${codepoint}~`]) {
				assert.deepEqual(parse(input), [{type: 'raw', raw: input}], input);
			}
		}
	});

	it('the largest code point and the kitty keys it names still decode', () => {
		assert.deepEqual(keyNames(parse(`${esc}[1114111u`)), [String.fromCodePoint(0x10_ff_ff)]);
		assert.deepEqual(keyNames(parse(`${esc}[27;5;97~${esc}[97;5u${esc}[13u`)), ['a', 'a', 'enter']);
	});

	it('out-of-range modifiers make the sequence raw instead of a made-up key', () => {
		for (const input of [`${esc}[1;0A`, `${esc}[1;257A`, `${esc}[97;99999999u`, `${esc}[3;-1~`]) {
			assert.deepEqual(parse(input), [{type: 'raw', raw: input}], input);
		}

		assert.deepEqual(keyNames(parse(`${esc}[1;256A`)), ['up'], 'every defined modifier bit is still taken');
	});
});

describe('KeyParser: malformed mouse reports', () => {
	it('SGR reports with missing, empty, zero, huge or extra fields are dropped, and keys after them arrive', () => {
		const bad = ['<;;M', '<1;0;0M', '<0;0;5M', '<1;2M', '<1;2;3;4M', '<M', '<m', '<1:2;3;4M', '<-1;3;4M', '<0;999999;1M', '<99999999;1;1m', '<0;1;1;M', '<?;1;1M'];
		for (const body of bad) {
			const input = `${esc}[${body}`;
			const events = parse(`${input}ok`);
			assert.deepEqual(
				events.filter(event => event.type === 'mouse'),
				[],
				input,
			);
			assert.deepEqual(keyNames(events), ['o', 'k'], input);
		}
	});

	it('the largest SGR coordinates still decode', () => {
		assert.deepEqual(parse(`${esc}[<0;99999;99999M`), [{type: 'mouse', action: 'press', button: 0, x: 99_998, y: 99_998, shift: false, alt: false, ctrl: false}]);
	});

	it('X10 reports with control bytes or surrogates are no report: the bytes after are keys', () => {
		assert.deepEqual(keyNames(parse(`${esc}[M\u0003ab`)), ['c', 'a', 'b']);
		assert.deepEqual(keyNames(parse(`${esc}[M ${esc}[A`)), ['space', 'up']);
		const events = parse(`${esc}[M\uD83D\uDE00!z`);
		assert.deepEqual(
			events.filter(event => event.type === 'mouse'),
			[],
		);
		assert.deepEqual(keyNames(events).slice(-2), ['!', 'z']);
	});

	it('X10 reports with values past the screen (UTF-8 coordinates, U+FFFD) decode without throwing', () => {
		const events = parse(`${esc}[M \uFFFD\u07FFq`);
		assert.equal(events[0]?.type, 'mouse');
		assert.deepEqual(keyNames(events), ['q']);
	});

	it('a truncated X10 report goes on as raw bytes', () => {
		assert.deepEqual(parse(`${esc}[M!`), [
			{type: 'raw', raw: `${esc}[M`},
			{type: 'key', key: key('!'), raw: '!'},
		]);
	});
});

describe('KeyParser: truncated sequences and non-ASCII after ESC', () => {
	it('a control inside a CSI cuts it: the prefix key after a broken sequence is still a key', () => {
		const events = parse(`${esc}[1;\u001Cq`);
		assert.deepEqual(events, [
			{type: 'raw', raw: `${esc}[1;`},
			{type: 'key', key: key('\\', {ctrl: true}), raw: '\u001C'},
			{type: 'key', key: key('q'), raw: 'q'},
		]);
	});

	it('non-ASCII inside a CSI cuts it too', () => {
		assert.deepEqual(parse(`${esc}[2é`), [
			{type: 'raw', raw: `${esc}[2`},
			{type: 'key', key: key('é'), raw: 'é'},
		]);
		assert.deepEqual(keyNames(parse(`${esc}[\uD83D\uDE00`)), ['😀']);
	});

	it('a CSI that never ends goes on as bytes after 64 chars, and typing resumes', () => {
		const events = parse(`${esc}[${'1;'.repeat(100)}`);
		assert.ok(events.every(event => event.type === 'raw' || event.type === 'key'));
		assert.ok(events.length > 0);
		assert.deepEqual(keyNames(parse([`${esc}[${'1'.repeat(70)}`, 'A', 'b'])).at(-1), 'b');
	});

	it('any non-ASCII after ESC is that character with Alt, even a lone surrogate or U+FFFD', () => {
		assert.deepEqual(keyNames(parse(`${esc}é`)), ['é']);
		assert.deepEqual(parse(`${esc}é`)[0], {type: 'key', key: key('é', {alt: true}), raw: `${esc}é`});
		assert.deepEqual(parse(`${esc}\uFFFD`)[0], {type: 'key', key: key('\uFFFD', {alt: true}), raw: `${esc}\uFFFD`});
		const lone = parse(`${esc}\uD800x`);
		assert.equal(lone.length, 2);
		assert.deepEqual(lone[1], {type: 'key', key: key('x'), raw: 'x'});
	});

	it('ESC O then a control or non-ASCII char is Alt+O and that key', () => {
		assert.deepEqual(keyNames(parse(`${esc}O${esc}[A`)), ['O', 'up']);
		assert.deepEqual(keyNames(parse(`${esc}Oé`)), ['O', 'é']);
	});

	it('a stray end-of-paste marker is dropped', () => {
		assert.deepEqual(parse(`${esc}[201~a`), [{type: 'key', key: key('a'), raw: 'a'}]);
	});
});

/** A small seeded generator (mulberry32): the same bytes on every run. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

describe('KeyParser: fixed-seed random input', () => {
	it('never throws, its keys encode for any pane, and printable text typed after garbage arrives as typed', () => {
		const next = random(0x5eed);
		// Biased toward what sequences are made of, so the fuzz reaches the decoders.
		const pieces = [
			esc,
			'[',
			'O',
			'<',
			'?',
			';',
			':',
			'-',
			'u',
			'~',
			'M',
			'm',
			'A',
			'Z',
			'I',
			'200~',
			'201~',
			'27;',
			'99999999',
			'0',
			'5',
			'\u001C',
			'\r',
			'\u007F',
			'\uD800',
			'\uDFFF',
			'\uFFFD',
			'é',
			'😀',
			'\u009B',
		];
		for (let round = 0; round < 3000; round++) {
			let garbage = '';
			const length = Math.floor(next() * 40);
			for (let index = 0; index < length; index++) {
				garbage += next() < 0.7 ? pieces[Math.floor(next() * pieces.length)]! : String.fromCharCode(Math.floor(next() * 0x1_00_00));
			}

			const events: InputEvent[] = [];
			const parser = new KeyParser(event => events.push(event));
			// Split at random points: sequences cut across reads must be handled too.
			let rest = garbage;
			while (rest.length > 0) {
				const cut = 1 + Math.floor(next() * rest.length);
				parser.feed(rest.slice(0, cut));
				rest = rest.slice(cut);
			}

			parser.flush();
			for (const event of events) {
				assertSaneKey(event, garbage);
				if (event.type === 'key') {
					// What the parser makes of garbage must also encode for any pane without throwing.
					for (const modes of [
						{applicationCursorKeys: false, kittyFlags: 0, modifyOtherKeys: 0},
						{applicationCursorKeys: true, kittyFlags: 1, modifyOtherKeys: 2},
					]) {
						assert.equal(typeof encodeKey(event.key, modes), 'string');
					}
				}
			}

			const before = events.length;
			parser.feed('marker-42');
			parser.flush();
			parser.dispose();
			const after = events.slice(before);
			assert.deepEqual(keyNames(after).join(''), 'marker-42', `after ${JSON.stringify(garbage)}: ${JSON.stringify(after)}`);
		}
	});
});

describe('KeyParser: an unterminated bracketed paste', () => {
	it('ends after pasteIdleMs without a byte, with what it collected, and keys work again', t => {
		t.mock.timers.enable({apis: ['setTimeout']});
		const events: InputEvent[] = [];
		const parser = new KeyParser(event => events.push(event));
		t.after(() => parser.dispose());
		parser.feed(`${esc}[200~echo hi`);
		t.mock.timers.tick(pasteIdleMs - 100);
		parser.feed(' there\r\n');
		t.mock.timers.tick(pasteIdleMs - 100);
		assert.deepEqual(events, [], 'each byte keeps the paste open');
		t.mock.timers.tick(100);
		assert.deepEqual(events, [{type: 'paste', text: 'echo hi there\r\n'}]);
		parser.feed('\u001C');
		assert.deepEqual(events.at(-1), {type: 'key', key: key('\\', {ctrl: true}), raw: '\u001C'});
	});

	it('a partial end marker at the idle timeout is part of the paste', t => {
		t.mock.timers.enable({apis: ['setTimeout']});
		const events: InputEvent[] = [];
		const parser = new KeyParser(event => events.push(event));
		t.after(() => parser.dispose());
		parser.feed(`${esc}[200~abc${esc}[20`);
		t.mock.timers.tick(pasteIdleMs);
		assert.deepEqual(events, [{type: 'paste', text: `abc${esc}[20`}]);
	});

	it('the prefix arriving alone ends the paste at once and is a key', () => {
		const events: InputEvent[] = [];
		const isPrefix = (pressed: Key) => pressed.name === '\\' && pressed.ctrl;
		const parser = new KeyParser(event => events.push(event), {breaksPaste: isPrefix});
		parser.feed(`${esc}[200~partial`);
		parser.feed('\u001C');
		parser.feed('q');
		parser.dispose();
		assert.deepEqual(events, [
			{type: 'paste', text: 'partial'},
			{type: 'key', key: key('\\', {ctrl: true}), raw: '\u001C'},
			{type: 'key', key: key('q'), raw: 'q'},
		]);
	});

	it('the prefix byte inside a paste chunk, or a kitty-encoded prefix, is handled as paste text or a break', () => {
		const events: InputEvent[] = [];
		const isPrefix = (pressed: Key) => pressed.name === '\\' && pressed.ctrl;
		const parser = new KeyParser(event => events.push(event), {breaksPaste: isPrefix});
		parser.feed(`${esc}[200~a\u001Cb`);
		parser.feed(`c${esc}[201~`);
		assert.deepEqual(events, [{type: 'paste', text: 'a\u001Cbc'}], 'a prefix byte among pasted text stays text');
		parser.feed(`${esc}[200~x`);
		parser.feed(`${esc}[92;5u`);
		parser.dispose();
		assert.deepEqual(events.slice(1), [
			{type: 'paste', text: 'x'},
			{type: 'key', key: key('\\', {ctrl: true}), raw: `${esc}[92;5u`},
		]);
	});

	it('a prefix that shares the read of an unterminated paste, at its end, still ends the paste and is a key', () => {
		const events: InputEvent[] = [];
		const isPrefix = (pressed: Key) => pressed.name === '\\' && pressed.ctrl;
		const parser = new KeyParser(event => events.push(event), {breaksPaste: isPrefix});
		parser.feed(`${esc}[200~never-ends\u001C`);
		parser.feed('q');
		parser.feed(`${esc}[200~${esc}[92;5u`);
		parser.dispose();
		assert.deepEqual(events, [
			{type: 'paste', text: 'never-ends'},
			{type: 'key', key: key('\\', {ctrl: true}), raw: '\u001C'},
			{type: 'key', key: key('q'), raw: 'q'},
			{type: 'paste', text: ''},
			{type: 'key', key: key('\\', {ctrl: true}), raw: `${esc}[92;5u`},
		]);
	});

	it(`a paste over ${pasteLimit} chars is dropped whole, once, and the keys after it arrive`, t => {
		t.mock.timers.enable({apis: ['setTimeout']});
		const events: InputEvent[] = [];
		const parser = new KeyParser(event => events.push(event));
		t.after(() => parser.dispose());
		const chunk = 'x'.repeat(1024 * 1024);
		parser.feed(`${esc}[200~`);
		for (let sent = 0; sent <= pasteLimit + chunk.length; sent += chunk.length) {
			parser.feed(chunk);
		}

		assert.deepEqual(events, [{type: 'paste-dropped', limit: pasteLimit}]);
		parser.feed(`tail${esc}[201~ok`);
		assert.deepEqual(events.slice(1), [
			{type: 'key', key: key('o'), raw: 'o'},
			{type: 'key', key: key('k'), raw: 'k'},
		]);
		// The same after an idle end instead of an end marker.
		parser.feed(`${esc}[200~`);
		for (let sent = 0; sent <= pasteLimit; sent += chunk.length) {
			parser.feed(chunk);
		}

		t.mock.timers.tick(pasteIdleMs);
		parser.feed('z');
		assert.deepEqual(
			events.slice(3).map(event => event.type),
			['paste-dropped', 'key'],
		);
	});

	it('a paste just under the limit is kept whole', () => {
		const text = 'y'.repeat(pasteLimit);
		const events = parse([`${esc}[200~`, text, `${esc}[201~`]);
		assert.equal(events.length, 1);
		assert.equal(events[0]!.type, 'paste');
		assert.equal((events[0] as {text: string}).text.length, pasteLimit);
	});
});

describe('KeyParser: a throwing handler', () => {
	it('is reported, and the events after it still arrive in order', () => {
		const seen: string[] = [];
		const errors: unknown[] = [];
		const parser = new KeyParser(
			event => {
				if (event.type === 'key' && event.key.name === 'b') throw new Error('handler failed');
				if (event.type === 'key') seen.push(event.key.name);
			},
			{onError: error => errors.push(error)},
		);
		parser.feed('ab');
		parser.feed(`c${esc}[Ad`);
		parser.dispose();
		assert.deepEqual(seen, ['a', 'c', 'up', 'd']);
		assert.equal(errors.length, 1);
		assert.match(String(errors[0]), /handler failed/);
	});
});
