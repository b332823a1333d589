import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test('a bracketed paste reaches bash whole, and Enter runs it', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('paste')]}});
	await am.waitForText(/^┃\$ +┃$/);
	assert.equal(am.modes.bracketedPasteMode, true, "agentmux asks the user's terminal for bracketed paste");
	am.press('\u001B[200~echo pasted-text\u001B[201~');
	await am.waitForText(/^┃\$ echo pasted-text +┃$/);
	assert.equal(am.findRow(/^┃pasted-text/), -1, 'a paste alone does not run');
	am.press('\r');
	await am.waitForText(/^┃pasted-text +┃$/);
});

test('a multi-line paste into bash stays one edit until Enter', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('paste')]}});
	await am.waitForText(/^┃\$ +┃$/);
	am.press('\u001B[200~echo first-line\recho second-line\u001B[201~');
	await am.waitForText(/echo second-line/);
	assert.equal(am.findRow(/^┃first-line/), -1, 'bash runs nothing while the paste is in its buffer');
	am.press('\r');
	await am.waitForText(/^┃first-line +┃$/);
	await am.waitForText(/^┃second-line +┃$/);
});

test('a paste into a program without bracketed paste arrives as plain text', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('paste')]}});
	await am.waitForText(/^┃\$ +┃$/);
	// cat -v shows any escape sequence that would leak through as ^[ .
	await am.type('cat -v\r');
	await am.waitForQuiet(300);
	am.press('\u001B[200~plain-paste\u001B[201~');
	am.press('\r');
	await am.waitForText(/^┃plain-paste +┃$/);
	assert.equal(am.findRow('^['), -1, 'no paste markers reached cat');
	am.press('\u0004');
	await am.waitForText(/^┃\$ +┃$/);
});
