import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {InputEvent, MouseAction} from '../../source/keys/key-event.js';
import {encodeMouse} from '../../source/keys/mouse-encoder.js';

type MouseEvent = Extract<InputEvent, {type: 'mouse'}>;

function mouse(action: MouseAction, button = 0, modifiers: Partial<Pick<MouseEvent, 'shift' | 'alt' | 'ctrl'>> = {}): MouseEvent {
	return {type: 'mouse', action, button, x: 50, y: 20, shift: false, alt: false, ctrl: false, ...modifiers};
}

describe('encodeMouse: encodings', () => {
	it('SGR: press M, release m, 1-based coordinates', () => {
		assert.equal(encodeMouse(mouse('press'), 4, 9, 'vt200', 'sgr'), '\u001B[<0;5;10M');
		assert.equal(encodeMouse(mouse('release'), 4, 9, 'vt200', 'sgr'), '\u001B[<0;5;10m');
		assert.equal(encodeMouse(mouse('press', 2), 0, 0, 'vt200', 'sgr'), '\u001B[<2;1;1M');
		assert.equal(encodeMouse(mouse('wheel-up'), 1, 1, 'vt200', 'sgr'), '\u001B[<64;2;2M');
		assert.equal(encodeMouse(mouse('wheel-down'), 1, 1, 'vt200', 'sgr'), '\u001B[<65;2;2M');
		assert.equal(encodeMouse(mouse('press', 0, {shift: true, ctrl: true}), 0, 0, 'vt200', 'sgr'), '\u001B[<20;1;1M');
		assert.equal(encodeMouse(mouse('press', 1, {alt: true}), 0, 0, 'vt200', 'sgr'), '\u001B[<9;1;1M');
		// SGR has no coordinate limit.
		assert.equal(encodeMouse(mouse('press'), 499, 299, 'vt200', 'sgr'), '\u001B[<0;500;300M');
	});

	it('X10: three bytes, each value + 32; release is button 3', () => {
		assert.equal(encodeMouse(mouse('press'), 0, 0, 'vt200', 'x10'), '\u001B[M !!');
		assert.equal(encodeMouse(mouse('press', 2), 9, 4, 'vt200', 'x10'), '\u001B[M"*%');
		assert.equal(encodeMouse(mouse('release', 2), 9, 4, 'vt200', 'x10'), '\u001B[M#*%');
		assert.equal(encodeMouse(mouse('wheel-up'), 0, 0, 'vt200', 'x10'), '\u001B[M`!!');
	});

	it('X10: coordinates clamp at 223', () => {
		const encoded = encodeMouse(mouse('press'), 400, 300, 'vt200', 'x10')!;
		assert.equal(encoded.codePointAt(4), 223 + 32);
		assert.equal(encoded.codePointAt(5), 223 + 32);
	});

	it('UTF-8 (1005): larger coordinates as code points', () => {
		const encoded = encodeMouse(mouse('press'), 400, 300, 'vt200', 'utf8')!;
		assert.equal(encoded, `\u001B[M ${String.fromCodePoint(401 + 32)}${String.fromCodePoint(301 + 32)}`);
	});

	it('urxvt (1015): decimal, button + 32', () => {
		assert.equal(encodeMouse(mouse('press'), 4, 9, 'vt200', 'urxvt'), '\u001B[32;5;10M');
		assert.equal(encodeMouse(mouse('release', 1), 4, 9, 'vt200', 'urxvt'), '\u001B[35;5;10M');
		assert.equal(encodeMouse(mouse('wheel-down'), 0, 0, 'vt200', 'urxvt'), '\u001B[97;1;1M');
	});
});

describe('encodeMouse: tracking filters', () => {
	it('none: nothing', () => {
		for (const action of ['press', 'release', 'move', 'wheel-up'] as const) {
			assert.equal(encodeMouse(mouse(action), 0, 0, 'none', 'sgr'), undefined);
		}
	});

	it('x10: presses only, without modifiers', () => {
		assert.equal(encodeMouse(mouse('press'), 0, 0, 'x10', 'sgr'), '\u001B[<0;1;1M');
		assert.equal(encodeMouse(mouse('press', 0, {ctrl: true, shift: true}), 0, 0, 'x10', 'sgr'), '\u001B[<0;1;1M');
		assert.equal(encodeMouse(mouse('release'), 0, 0, 'x10', 'sgr'), undefined);
		assert.equal(encodeMouse(mouse('move'), 0, 0, 'x10', 'sgr'), undefined);
	});

	it('vt200: press, release and wheel, no motion', () => {
		assert.ok(encodeMouse(mouse('press'), 0, 0, 'vt200', 'sgr'));
		assert.ok(encodeMouse(mouse('release'), 0, 0, 'vt200', 'sgr'));
		assert.ok(encodeMouse(mouse('wheel-up'), 0, 0, 'vt200', 'sgr'));
		assert.equal(encodeMouse(mouse('move', 0), 0, 0, 'vt200', 'sgr'), undefined);
		assert.equal(encodeMouse(mouse('move', 3), 0, 0, 'vt200', 'sgr'), undefined);
	});

	it('drag: motion only with a button held', () => {
		assert.equal(encodeMouse(mouse('move', 0), 2, 3, 'drag', 'sgr'), '\u001B[<32;3;4M');
		assert.equal(encodeMouse(mouse('move', 3), 2, 3, 'drag', 'sgr'), undefined);
		assert.ok(encodeMouse(mouse('press'), 0, 0, 'drag', 'sgr'));
	});

	it('any: all motion, with or without a button', () => {
		assert.equal(encodeMouse(mouse('move', 3), 2, 3, 'any', 'sgr'), '\u001B[<35;3;4M');
		assert.equal(encodeMouse(mouse('move', 1), 2, 3, 'any', 'sgr'), '\u001B[<33;3;4M');
	});
});
