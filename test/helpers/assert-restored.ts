import assert from 'node:assert/strict';
import type {TerminalHarness} from './terminal-harness.js';

/** The user's terminal is as it was before agentmux started. */
export function assertRestored(am: TerminalHarness): void {
	const {modes} = am;
	assert.equal(modes.buffer, 'normal', 'back on the normal screen');
	assert.equal(modes.cursorVisible, true, 'cursor shown');
	assert.equal(modes.bracketedPasteMode, false, 'bracketed paste off');
	assert.equal(modes.mouseTrackingMode, 'none', 'mouse tracking off');
	assert.equal(modes.sendFocusMode, false, 'focus events off');
	assert.equal(modes.synchronizedOutputMode, false, 'no synchronized-output frame left open');
	assert.equal(modes.kittyKeyboardDepth, 0, 'kitty keyboard flags popped');
	assert.equal(modes.modifyOtherKeys, 0, 'modifyOtherKeys reset');
}
