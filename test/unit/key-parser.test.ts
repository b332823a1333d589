import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {type InputEvent, key} from '../../source/keys/key-event.js';
import {escapeTimeoutMs, KeyParser} from '../../source/keys/key-parser.js';

/** Feeds chunks and returns every event, after an optional flush. */
function parse(chunks: string | string[], flush = true): InputEvent[] {
	const events: InputEvent[] = [];
	const parser = new KeyParser(event => events.push(event));
	for (const chunk of typeof chunks === 'string' ? [chunks] : chunks) {
		parser.feed(chunk);
	}

	if (flush) {
		parser.flush();
	}

	parser.dispose();
	return events;
}

function keys(chunks: string | string[]) {
	return parse(chunks).map(event => {
		assert.equal(event.type, 'key', `not a key: ${JSON.stringify(event)}`);
		return (event as Extract<InputEvent, {type: 'key'}>).key;
	});
}

function only(chunks: string | string[]): InputEvent {
	const events = parse(chunks);
	assert.equal(events.length, 1, `expected one event, got ${JSON.stringify(events)}`);
	return events[0]!;
}

describe('KeyParser: plain and control keys', () => {
	it('printable characters, one key each, with raw', () => {
		assert.deepEqual(parse('aZ?'), [
			{type: 'key', key: key('a'), raw: 'a'},
			{type: 'key', key: key('Z'), raw: 'Z'},
			{type: 'key', key: key('?'), raw: '?'},
		]);
	});

	it('control keys', () => {
		assert.deepEqual(keys('\r'), [key('enter')]);
		assert.deepEqual(keys('\t'), [key('tab')]);
		assert.deepEqual(keys('\u007F'), [key('backspace')]);
		assert.deepEqual(keys('\b'), [key('backspace', {ctrl: true})]);
		assert.deepEqual(keys('\u0000'), [key('space', {ctrl: true})]);
		assert.deepEqual(keys('\u0001'), [key('a', {ctrl: true})]);
		assert.deepEqual(keys('\u0003'), [key('c', {ctrl: true})]);
		assert.deepEqual(keys('\u001A'), [key('z', {ctrl: true})]);
		assert.deepEqual(keys('\u001D'), [key(']', {ctrl: true})]);
		assert.deepEqual(keys('\u001F'), [key('_', {ctrl: true})]);
	});

	it('Ctrl-\\ (0x1c) is {name: "\\\\", ctrl: true}', () => {
		assert.deepEqual(only('\u001C'), {type: 'key', key: {name: '\\', ctrl: true, alt: false, shift: false}, raw: '\u001C'});
	});

	it('UTF-8 multi-byte characters and emoji are one key each', () => {
		assert.deepEqual(keys('é日😀'), [key('é'), key('日'), key('😀')]);
		const events = parse('😀');
		assert.equal((events[0] as {raw: string}).raw, '😀');
	});
});

describe('KeyParser: Alt', () => {
	it('ESC then a digit is Alt+digit', () => {
		assert.deepEqual(only('\u001B1'), {type: 'key', key: key('1', {alt: true}), raw: '\u001B1'});
	});

	it('ESC then a letter or control is Alt+that key', () => {
		assert.deepEqual(keys('\u001Bx'), [key('x', {alt: true})]);
		assert.deepEqual(keys('\u001B\r'), [key('enter', {alt: true})]);
		assert.deepEqual(keys('\u001B\u007F'), [key('backspace', {alt: true})]);
		assert.deepEqual(keys('\u001B\u001B'), [key('escape', {alt: true})]);
		assert.deepEqual(keys('\u001B日'), [key('日', {alt: true})]);
	});

	it('Alt+digit split across chunks', () => {
		assert.deepEqual(keys(['\u001B', '2']), [key('2', {alt: true})]);
	});
});

describe('KeyParser: cursor and function keys', () => {
	it('arrows in CSI and SS3 forms', () => {
		assert.deepEqual(keys('\u001B[A\u001B[B\u001B[C\u001B[D'), [key('up'), key('down'), key('right'), key('left')]);
		assert.deepEqual(keys('\u001BOA\u001BOB\u001BOC\u001BOD'), [key('up'), key('down'), key('right'), key('left')]);
		assert.deepEqual(keys('\u001B[H\u001B[F\u001BOH\u001BOF'), [key('home'), key('end'), key('home'), key('end')]);
	});

	it('modified arrows', () => {
		assert.deepEqual(keys('\u001B[1;3A'), [key('up', {alt: true})]);
		assert.deepEqual(keys('\u001B[1;2B'), [key('down', {shift: true})]);
		assert.deepEqual(keys('\u001B[1;5C'), [key('right', {ctrl: true})]);
		assert.deepEqual(keys('\u001B[1;8D'), [key('left', {ctrl: true, alt: true, shift: true})]);
	});

	it('function keys F1..F12', () => {
		assert.deepEqual(keys('\u001BOP\u001BOQ\u001BOR\u001BOS'), [key('f1'), key('f2'), key('f3'), key('f4')]);
		assert.deepEqual(
			keys('\u001B[15~\u001B[17~\u001B[18~\u001B[19~\u001B[20~\u001B[21~\u001B[23~\u001B[24~'),
			['f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12'].map(name => key(name)),
		);
		assert.deepEqual(keys('\u001B[15;5~'), [key('f5', {ctrl: true})]);
		assert.deepEqual(keys('\u001B[1;2P'), [key('f1', {shift: true})]);
	});

	it('editing keys', () => {
		assert.deepEqual(
			keys('\u001B[2~\u001B[3~\u001B[5~\u001B[6~\u001B[1~\u001B[4~'),
			['insert', 'delete', 'pageup', 'pagedown', 'home', 'end'].map(name => key(name)),
		);
		assert.deepEqual(keys('\u001B[3;5~'), [key('delete', {ctrl: true})]);
	});

	it('Shift+Tab (CSI Z)', () => {
		assert.deepEqual(keys('\u001B[Z'), [key('tab', {shift: true})]);
	});

	it('unknown CSI sequences pass through raw', () => {
		assert.deepEqual(parse('\u001B[99~'), [{type: 'raw', raw: '\u001B[99~'}]);
		assert.deepEqual(parse('\u001B[?1;2c'), [{type: 'raw', raw: '\u001B[?1;2c'}]);
	});
});

describe('KeyParser: kitty and modifyOtherKeys', () => {
	it('CSI u keys', () => {
		assert.deepEqual(keys('\u001B[13;2u'), [key('enter', {shift: true})]);
		assert.deepEqual(keys('\u001B[99;5u'), [key('c', {ctrl: true})]);
		assert.deepEqual(keys('\u001B[27u'), [key('escape')]);
		assert.deepEqual(keys('\u001B[32;5u'), [key('space', {ctrl: true})]);
		assert.deepEqual(keys('\u001B[9;2u'), [key('tab', {shift: true})]);
		assert.deepEqual(keys('\u001B[127;3u'), [key('backspace', {alt: true})]);
		assert.deepEqual(keys('\u001B[97u'), [key('a')]);
	});

	it('CSI u with sub-parameters (alternate keys, event types) uses the first field', () => {
		assert.deepEqual(keys('\u001B[97:65;6u'), [key('a', {shift: true, ctrl: true})]);
		assert.deepEqual(keys('\u001B[97;5:1u'), [key('a', {ctrl: true})]);
	});

	it('modifyOtherKeys CSI 27;mods;code ~', () => {
		assert.deepEqual(keys('\u001B[27;2;13~'), [key('enter', {shift: true})]);
		assert.deepEqual(keys('\u001B[27;5;105~'), [key('i', {ctrl: true})]);
		assert.deepEqual(keys('\u001B[27;6;9~'), [key('tab', {shift: true, ctrl: true})]);
	});
});

describe('KeyParser: bracketed paste', () => {
	it('a whole paste in one chunk', () => {
		assert.deepEqual(parse('\u001B[200~echo hi\r\nls\u001B[201~x'), [
			{type: 'paste', text: 'echo hi\r\nls'},
			{type: 'key', key: key('x'), raw: 'x'},
		]);
	});

	it('a paste split across chunks, including mid-marker', () => {
		const chunks = ['\u001B[20', '0~first ', 'line\u001B', '[201', '~'];
		assert.deepEqual(parse(chunks, false), [{type: 'paste', text: 'first line'}]);
	});

	it('escape sequences inside a paste are text, not keys', () => {
		assert.deepEqual(parse(['\u001B[200~a\u001B[Ab\u001B', 'x\u001B[20', '1~']), [{type: 'paste', text: 'a\u001B[Ab\u001Bx'}]);
	});

	it('keys before and after a paste keep their order', () => {
		assert.deepEqual(
			parse(['q\u001B[200~', 'p', '\u001B[201~\r']).map(event => (event.type === 'key' ? event.key.name : event.type)),
			['q', 'paste', 'enter'],
		);
	});

	it('a paste waiting for its end does not time out into keys', async () => {
		const events: InputEvent[] = [];
		const parser = new KeyParser(event => events.push(event));
		parser.feed('\u001B[200~abc\u001B[2');
		await new Promise(resolve => setTimeout(resolve, escapeTimeoutMs * 3));
		assert.deepEqual(events, []);
		parser.feed('01~');
		assert.deepEqual(events, [{type: 'paste', text: 'abc'}]);
		parser.dispose();
	});
});

describe('KeyParser: mouse and focus', () => {
	it('SGR mouse press, release, wheel and motion', () => {
		assert.deepEqual(parse('\u001B[<0;10;5M'), [{type: 'mouse', action: 'press', button: 0, x: 9, y: 4, shift: false, alt: false, ctrl: false}]);
		assert.deepEqual(parse('\u001B[<0;10;5m'), [{type: 'mouse', action: 'release', button: 0, x: 9, y: 4, shift: false, alt: false, ctrl: false}]);
		assert.deepEqual(parse('\u001B[<2;1;1M'), [{type: 'mouse', action: 'press', button: 2, x: 0, y: 0, shift: false, alt: false, ctrl: false}]);
		assert.deepEqual(parse('\u001B[<64;3;4M'), [{type: 'mouse', action: 'wheel-up', button: 0, x: 2, y: 3, shift: false, alt: false, ctrl: false}]);
		assert.deepEqual(parse('\u001B[<65;3;4M'), [{type: 'mouse', action: 'wheel-down', button: 0, x: 2, y: 3, shift: false, alt: false, ctrl: false}]);
		assert.deepEqual(parse('\u001B[<32;7;8M'), [{type: 'mouse', action: 'move', button: 0, x: 6, y: 7, shift: false, alt: false, ctrl: false}]);
		assert.deepEqual(parse('\u001B[<20;300;200M'), [{type: 'mouse', action: 'press', button: 0, x: 299, y: 199, shift: true, alt: false, ctrl: true}]);
	});

	it('SGR mouse split across chunks', () => {
		assert.deepEqual(parse(['\u001B[<0;1', '2;3M'], false), [{type: 'mouse', action: 'press', button: 0, x: 11, y: 2, shift: false, alt: false, ctrl: false}]);
	});

	it('X10 mouse press and release', () => {
		// Button 0 at (1,1): 32+0, 33+0, 33+0.
		assert.deepEqual(parse('\u001B[M !!'), [{type: 'mouse', action: 'press', button: 0, x: 0, y: 0, shift: false, alt: false, ctrl: false}]);
		assert.deepEqual(parse('\u001B[M#*%'), [{type: 'mouse', action: 'release', button: 3, x: 9, y: 4, shift: false, alt: false, ctrl: false}]);
		assert.deepEqual(parse('\u001B[M`!!'), [{type: 'mouse', action: 'wheel-up', button: 0, x: 0, y: 0, shift: false, alt: false, ctrl: false}]);
	});

	it('X10 mouse split across chunks', () => {
		assert.deepEqual(
			parse(['\u001B[M', ' ', '!!'], false).map(event => event.type),
			['mouse'],
		);
	});

	it('focus in and out', () => {
		assert.deepEqual(parse('\u001B[I\u001B[O'), [
			{type: 'focus', focused: true},
			{type: 'focus', focused: false},
		]);
	});
});

describe('KeyParser: ESC timing and split sequences', () => {
	it('a lone ESC waits, then becomes Escape on flush()', () => {
		const events: InputEvent[] = [];
		const parser = new KeyParser(event => events.push(event));
		parser.feed('\u001B');
		assert.deepEqual(events, []);
		parser.flush();
		assert.deepEqual(events, [{type: 'key', key: key('escape'), raw: '\u001B'}]);
		parser.dispose();
	});

	it('a lone ESC becomes Escape after escapeTimeoutMs', async () => {
		const events: InputEvent[] = [];
		const parser = new KeyParser(event => events.push(event));
		parser.feed('\u001B');
		await new Promise(resolve => setTimeout(resolve, escapeTimeoutMs + 40));
		assert.deepEqual(events, [{type: 'key', key: key('escape'), raw: '\u001B'}]);
		parser.dispose();
	});

	it('a sequence completed before the timeout is not split into Escape', async () => {
		const events: InputEvent[] = [];
		const parser = new KeyParser(event => events.push(event));
		parser.feed('\u001B[');
		await new Promise(resolve => setTimeout(resolve, escapeTimeoutMs / 4));
		parser.feed('1;5');
		parser.feed('A');
		await new Promise(resolve => setTimeout(resolve, escapeTimeoutMs + 40));
		assert.deepEqual(events, [{type: 'key', key: key('up', {ctrl: true}), raw: '\u001B[1;5A'}]);
		parser.dispose();
	});

	it('sequences split at every byte boundary parse the same as whole', () => {
		const input = 'a\u001B[1;3A\u001BOP\u001B[15;2~\u001B[13;2u\u001B[<0;5;6M\u001B[I\u001B1\u001C日';
		const whole = parse(input);
		assert.equal(whole.length, 10);
		for (let cut = 1; cut < input.length; cut++) {
			assert.deepEqual(parse([input.slice(0, cut), input.slice(cut)], false), whole, `cut at ${cut}`);
		}

		assert.deepEqual(parse([...input], false), whole, 'one char per chunk');
	});

	it('ESC followed by an incomplete CSI is flushed as raw, not lost', () => {
		const events = parse('\u001B[1;');
		assert.equal(events.length, 1);
		assert.equal(events[0]!.type, 'raw');
	});
});
