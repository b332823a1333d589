import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {PaneModes} from '../../source/sessions/pane-modes.js';
import {createTerminal, write} from './helpers/terminal.js';

function setup() {
	const terminal = createTerminal(40, 10);
	const replies: string[] = [];
	const modes = new PaneModes(terminal, data => replies.push(data));
	return {terminal, modes, replies};
}

describe('PaneModes', () => {
	it('kitty: push, query, pop', async () => {
		const {terminal, modes, replies} = setup();
		assert.equal(modes.kittyFlags, 0);
		await write(terminal, '\u001B[?u');
		assert.deepEqual(replies, ['\u001B[?0u']);
		await write(terminal, '\u001B[>1u');
		assert.equal(modes.kittyFlags, 1);
		await write(terminal, '\u001B[?u');
		assert.equal(replies.at(-1), '\u001B[?1u');
		await write(terminal, '\u001B[<u');
		assert.equal(modes.kittyFlags, 0);
		// Popping an empty stack leaves the flags at 0.
		await write(terminal, '\u001B[<u');
		assert.equal(modes.kittyFlags, 0);
		terminal.dispose();
	});

	it('kitty: only the disambiguate bit is kept; nested pushes pop in order', async () => {
		const {terminal, modes} = setup();
		await write(terminal, '\u001B[>31u');
		assert.equal(modes.kittyFlags, 1);
		await write(terminal, '\u001B[>0u');
		assert.equal(modes.kittyFlags, 0);
		await write(terminal, '\u001B[<u');
		assert.equal(modes.kittyFlags, 1);
		await write(terminal, '\u001B[>1u\u001B[>0u\u001B[<2u');
		assert.equal(modes.kittyFlags, 1);
		terminal.dispose();
	});

	it('kitty: a pop count beyond the stack empties it at once and pops what a loop would', async () => {
		const {terminal, modes} = setup();
		// Stack (bottom first): 0, 1, 0, 1; flags 0.
		await write(terminal, '\u001B[>1u\u001B[>0u\u001B[>1u\u001B[>0u');
		await write(terminal, '\u001B[<2u');
		// Popped 0 then 1: the flags are what was pushed second from the top.
		assert.equal(modes.kittyFlags, 0);
		await write(terminal, '\u001B[>0u\u001B[<1u');
		assert.equal(modes.kittyFlags, 0);
		await write(terminal, '\u001B[<1u');
		assert.equal(modes.kittyFlags, 1);
		const started = Date.now();
		await write(terminal, '\u001B[>1u\u001B[>1u\u001B[<2147483647u');
		// Hang guard (a loop of 2^31 pops took seconds), not a speed claim.
		assert.ok(Date.now() - started < 2000);
		assert.equal(modes.kittyFlags, 0);
		// The stack is empty: one push and one pop give back 0.
		await write(terminal, '\u001B[>1u\u001B[<u');
		assert.equal(modes.kittyFlags, 0);
		await write(terminal, '\u001B[>1u\u001B[>1u\u001B[<2u');
		assert.equal(modes.kittyFlags, 0);
		terminal.dispose();
	});

	it('kitty: CSI = flags ; mode u sets, ors and clears', async () => {
		const {terminal, modes} = setup();
		await write(terminal, '\u001B[=1u');
		assert.equal(modes.kittyFlags, 1);
		await write(terminal, '\u001B[=1;3u');
		assert.equal(modes.kittyFlags, 0);
		await write(terminal, '\u001B[=1;2u');
		assert.equal(modes.kittyFlags, 1);
		await write(terminal, '\u001B[=0;1u');
		assert.equal(modes.kittyFlags, 0);
		terminal.dispose();
	});

	it('kitty: the alternate screen has its own stack', async () => {
		const {terminal, modes} = setup();
		await write(terminal, '\u001B[>1u');
		await write(terminal, '\u001B[?1049h');
		await write(terminal, '\u001B[>0u\u001B[<u');
		assert.equal(modes.kittyFlags, 1);
		await write(terminal, '\u001B[<u');
		// The alternate stack is empty now.
		assert.equal(modes.kittyFlags, 0);
		await write(terminal, '\u001B[?1049l\u001B[<u');
		// The main stack still held the 0 pushed first.
		assert.equal(modes.kittyFlags, 0);
		terminal.dispose();
	});

	it('modifyOtherKeys CSI > 4 ; n m', async () => {
		const {terminal, modes} = setup();
		await write(terminal, '\u001B[>4;2m');
		assert.equal(modes.modifyOtherKeys, 2);
		await write(terminal, '\u001B[>4;1m');
		assert.equal(modes.modifyOtherKeys, 1);
		await write(terminal, '\u001B[>4m');
		assert.equal(modes.modifyOtherKeys, 0);
		// Other CSI > m resources are ignored.
		await write(terminal, '\u001B[>1;2m');
		assert.equal(modes.modifyOtherKeys, 0);
		terminal.dispose();
	});

	it('mouse encoding follows 1005/1006/1015, and xterm.js still tracks the mouse mode', async () => {
		const {terminal, modes} = setup();
		assert.equal(modes.mouseEncoding, 'x10');
		await write(terminal, '\u001B[?1000h\u001B[?1006h');
		assert.equal(modes.mouseEncoding, 'sgr');
		assert.equal(terminal.modes.mouseTrackingMode, 'vt200');
		await write(terminal, '\u001B[?1006l');
		assert.equal(modes.mouseEncoding, 'x10');
		await write(terminal, '\u001B[?1015h');
		assert.equal(modes.mouseEncoding, 'urxvt');
		await write(terminal, '\u001B[?1005h');
		assert.equal(modes.mouseEncoding, 'utf8');
		await write(terminal, '\u001B[?1002h');
		assert.equal(terminal.modes.mouseTrackingMode, 'drag');
		await write(terminal, '\u001B[?1003;1006h');
		assert.equal(terminal.modes.mouseTrackingMode, 'any');
		assert.equal(modes.mouseEncoding, 'sgr');
		terminal.dispose();
	});

	it('cursor hide/show (DECTCEM 25)', async () => {
		const {terminal, modes} = setup();
		assert.equal(modes.cursorHidden, false);
		await write(terminal, '\u001B[?25l');
		assert.equal(modes.cursorHidden, true);
		await write(terminal, '\u001B[?25h');
		assert.equal(modes.cursorHidden, false);
		terminal.dispose();
	});

	it('application cursor keys are still handled by xterm.js (hooks return false)', async () => {
		const {terminal} = setup();
		await write(terminal, '\u001B[?1h');
		assert.equal(terminal.modes.applicationCursorKeysMode, true);
		await write(terminal, '\u001B[?1l');
		assert.equal(terminal.modes.applicationCursorKeysMode, false);
		terminal.dispose();
	});

	it('synchronized output: start time recorded once per frame; isSynchronizing times out', async () => {
		const {terminal, modes} = setup();
		assert.equal(modes.isSynchronizing(Date.now(), 100), false);
		const before = Date.now();
		await write(terminal, '\u001B[?2026h');
		const started = modes.syncStartedAt;
		assert.ok(started >= before && started <= Date.now());
		assert.equal(terminal.modes.synchronizedOutputMode, true);
		assert.equal(modes.isSynchronizing(started + 50, 100), true);
		assert.equal(modes.isSynchronizing(started + 150, 100), false);
		// A repeated start inside the frame does not extend it.
		await new Promise(resolve => setTimeout(resolve, 15));
		await write(terminal, '\u001B[?2026h');
		assert.equal(modes.syncStartedAt, started);
		await write(terminal, '\u001B[?2026l');
		assert.equal(modes.isSynchronizing(started + 1, 100), false);
		terminal.dispose();
	});

	it('RIS (ESC c) resets everything', async () => {
		const {terminal, modes} = setup();
		await write(terminal, '\u001B[>1u\u001B[>4;2m\u001B[?1006h\u001B[?25l');
		await write(terminal, '\u001Bc');
		assert.equal(modes.kittyFlags, 0);
		assert.equal(modes.modifyOtherKeys, 0);
		assert.equal(modes.mouseEncoding, 'x10');
		assert.equal(modes.cursorHidden, false);
		await write(terminal, '\u001B[<u');
		assert.equal(modes.kittyFlags, 0);
		terminal.dispose();
	});
});
