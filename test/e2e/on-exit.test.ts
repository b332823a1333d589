import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

test('onExit "hold": a pane whose program exits 3 shows "exited 3" and stays; Enter restarts it', async t => {
	const am = startAgentmux(t, {
		// A script file, not `bash -c`: the policy refuses to start shell strings.
		files: {'fails.sh': 'echo bye; exit 3\n'},
		workspace: {panes: [bashPane('shell'), {name: 'fails', command: 'bash', args: ['fails.sh'], onExit: 'hold'}]},
	});
	await am.waitForText(/ 2 fails · bash fails.sh · exited 3 /);
	await am.waitForText(/\[exited with code 3; press Enter or prefix r to restart\]/);
	const pane2 = {x: 61, y: 1, width: 58, height: 37};
	assert.ok(am.regionText(pane2).includes('bye'), 'its last output stays on screen');
	// The title of a failed pane is red.
	const titleRow = 0;
	const titleX = am.screenText()[titleRow]!.indexOf(' 2 fails');
	assert.ok(titleX > 60);
	const titleCell = am.cell(titleX + 1, titleRow)!;
	assert.ok(titleCell.isFgPalette() && [1, 9].includes(titleCell.getFgColor()), 'title in red');

	// Still there, and agentmux still runs.
	am.press('\u001B1');
	await am.waitFor(() => am.charAt(0, 0) === '┏', 'pane 1 focused');
	await am.type('echo pane-one-works\r');
	await am.waitForText(/^┃pane-one-works +┃/);
	assert.ok(am.screenText()[0]!.includes(' 2 fails · bash fails.sh · exited 3 '));
	assert.equal(am.exitResult, undefined);

	// Enter on the held pane runs it again.
	am.press('\u001B2');
	await am.waitFor(() => am.charAt(60, 0) === '┏', 'pane 2 focused');
	am.press('\r');
	await am.waitFor(() => am.regionText(pane2).filter(row => row === 'bye').length === 2, 'the program to run a second time');
	await am.waitFor(() => am.regionText(pane2).filter(row => row.startsWith('[exited with code 3')).length === 2, 'a second exit notice');
	// The title follows a moment after the pane's own output.
	await am.waitForText(/ 2 fails · bash fails.sh · exited 3 /);
});

test('onExit "close": a pane whose program ends goes away and the others take its room', async t => {
	const am = startAgentmux(t, {
		files: {'brief.sh': 'sleep 0.5\n'},
		workspace: {panes: [bashPane('stays'), {name: 'brief', command: 'bash', args: ['brief.sh']}]},
	});
	await am.waitForText(/^┏━ 1 stays · bash --norc --noprofile · running ━+┓$/, {timeoutMs: 20_000});
	assert.equal(am.findRow(' 2 brief '), -1);
	assert.equal(am.charAt(119, 0), '┓', 'pane 1 has the full width');
	assert.equal(am.exitResult, undefined);
});

test("a long command line in a title still shows the pane's state", async t => {
	const am = startAgentmux(t, {
		files: {'a-rather-long-script-name-that-fills-the-title.sh': 'exit 3\n'},
		workspace: {panes: [bashPane('shell'), {name: 'fails', command: 'bash', args: ['a-rather-long-script-name-that-fills-the-title.sh', '--with', '--many', '--arguments'], onExit: 'hold'}]},
	});
	await am.waitForText(/\[exited with code 3;/);
	await am.waitForText(/ 2 fails · .*exited 3 /, {timeoutMs: 3000});
});
