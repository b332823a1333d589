import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {bashPane, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

const numbers = `${Array.from({length: 200}, (_, index) => `number ${index + 1}`).join('\n')}\n`;

async function pause(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

async function openVim(t: Parameters<typeof startAgentmux>[0]): Promise<TerminalHarness> {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('editor')]}, files: {'note.txt': 'first line of the note\n'}});
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('vim -u NONE note.txt\r');
	await am.waitForText(/^┃first line of the note +┃$/);
	await am.waitFor(() => /^┃~ +┃$/.test(am.screenText()[am.rows - 4] ?? ''), 'vim to draw its ~ rows');
	return am;
}

test('vim: a :! shell string typed and Entered is blocked and does not run', async t => {
	const am = await openVim(t);
	const target = path.join(am.cwd, 'x');
	await am.type(`:!bash -c 'touch ${target}'\r`);
	await am.waitForText(/blocked \(shell-string\)/);
	await pause(500);
	assert.equal(fs.existsSync(target), false, 'the command did not run');
	assert.ok(am.findRow(/^┃:!bash -c 'touch /) !== -1, 'the command line stays in vim for the user to edit');

	// Vim still has its keys: Esc leaves the command line, and an allowed :! runs.
	am.press('\u001B');
	await am.waitFor(() => am.findRow(/^┃:!bash/) === -1, 'vim to leave the command line');
	const allowed = path.join(am.cwd, 'allowed');
	await am.type(`:!touch ${allowed}\r`);
	await am.waitFor(() => fs.existsSync(allowed), 'the allowed :! command to run');
	await am.waitForText(/Press ENTER/);
	am.press('\r');
	await am.waitForText(/^┃first line of the note +┃$/);
});

test('vim: :r !cmd that needs confirmation asks; n keeps it from running, y runs it', async t => {
	const am = await openVim(t);
	const build = path.join(am.cwd, 'build');
	fs.mkdirSync(build);
	await am.type(':r !rm -rf ./build\r');
	await am.waitForText(/Run this in editor\?/);
	am.press('n');
	await am.waitForNoText(/Run this in editor\?/);
	await pause(500);
	assert.equal(fs.existsSync(build), true, 'n keeps the directory');
	am.press('\r');
	await am.waitForText(/Run this in editor\?/);
	am.press('y');
	await am.waitFor(() => !fs.existsSync(build), 'the directory to be deleted after y');
});

test('less: a ! shell command is judged before it runs', async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('pager')]}, files: {'numbers.txt': numbers}});
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('less numbers.txt\r');
	await am.waitForText(/^┃number 36 +┃$/);
	const target = path.join(am.cwd, 'from-less');
	await am.type(`!sh -c 'touch ${target}'\r`);
	await am.waitForText(/blocked \(shell-string\)/);
	await pause(500);
	assert.equal(fs.existsSync(target), false, 'the command did not run');

	// Ctrl-U empties less's command line and Backspace on the empty line leaves it; then a plain command goes through.
	am.press('\u0015');
	await am.waitFor(() => am.findRow(/^┃!sh -c/) === -1, 'less to clear its prompt');
	am.press('\u007F');
	await am.waitFor(() => am.findRow(/^┃!\s*┃$/) === -1, 'less to leave its prompt');
	await am.type(`!touch ${target}\r`);
	await am.waitFor(() => fs.existsSync(target), 'the allowed command to run from less');
});
