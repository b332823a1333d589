import assert from 'node:assert/strict';
import {test} from 'node:test';
import {assertRestored} from '../helpers/assert-restored.js';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test("a pane's cursor-position query is answered by agentmux, not forwarded to the user's terminal", async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('ask')]}});
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('clear; printf \'\\033[5;7H\\033[6n\'; IFS= read -rsd R -t 5 pos; echo; echo "got:${pos#??}"\r');
	// Row 5, column 7 of the pane, not of the user's terminal.
	await am.waitForText(/^┃got:5;7 +┃$/);
});

test('with the setting mouse off, mouse tracking follows the focused pane and is off after agentmux ends', async t => {
	const am = startAgentmux(t, {config: {mouse: false}, workspace: {panes: [bashPane('mouse'), bashPane('plain')]}});
	await am.waitForText(/ 2 plain · /);
	am.press('\u001B1');
	await am.waitFor(() => am.charAt(0, 0) === '┏', 'pane 1 focused');
	await am.type("printf '\\033[?1002h'; echo mouse-on\r");
	await am.waitForText(/^┃mouse-on +┃/);
	await am.waitFor(() => am.modes.mouseTrackingMode === 'drag', 'the outer terminal to report drags');
	am.press('\u001B2');
	await am.waitFor(() => am.modes.mouseTrackingMode === 'none', 'mouse off while pane 2 has focus');
	am.press('\u001B1');
	await am.waitFor(() => am.modes.mouseTrackingMode === 'drag', 'mouse on again with pane 1');
	await am.prefix('q');
	await am.waitForText('Quit agentmux?');
	am.press('y');
	assert.equal((await am.waitForExit()).exitCode, 0);
	assertRestored(am);
});
