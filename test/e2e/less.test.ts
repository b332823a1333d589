import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

const lines = `${Array.from({length: 200}, (_, index) => `number ${index + 1}`).join('\n')}\n`;

function shows(am: ReturnType<typeof startAgentmux>, n: number): boolean {
	return am.findRow(new RegExp(`^┃number ${n} +┃$`)) !== -1;
}

test('less pages through a file in a pane and q quits it', async t => {
	const am = startAgentmux(t, {
		workspace: {panes: [bashPane('pager')]},
		files: {'numbers.txt': lines},
	});
	await am.waitForText(/^┃\$ +┃$/);
	await am.type('less numbers.txt\r');
	// 40 rows - status bar - frame = 37 rows for less: 36 lines and its prompt.
	await am.waitForText(/^┃number 1 +┃$/);
	await am.waitForText(/^┃number 36 +┃$/);
	assert.equal(am.findRow(/^┃number 37 +┃$/), -1, 'line 37 is below the first screen');
	assert.match(am.screenText()[1]!, /^┃number 1 +┃$/, 'line 1 at the top of the pane');

	am.press(' ');
	await am.waitForText(/^┃number 72 +┃$/);
	assert.equal(shows(am, 1), false, 'line 1 scrolled away');
	assert.equal(shows(am, 200), false);

	am.press('G');
	await am.waitForText(/^┃number 200 +┃$/);

	am.press('q');
	await am.waitForText(/^┃\$ less numbers\.txt +┃$/);
	await am.waitForText(/^┃\$ +┃$/);
	assert.equal(shows(am, 200), false, 'less restored the screen it was started on');
});
