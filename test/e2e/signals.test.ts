import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';
import {assertRestored} from '../helpers/assert-restored.js';

for (const [signal, number] of [['SIGTERM', 15], ['SIGHUP', 1]] as const) {
	test(`${signal} ends agentmux and restores the terminal`, async t => {
		const am = startAgentmux(t, {workspace: {panes: [bashPane('a'), bashPane('b')]}});
		await am.waitForText(/ 2 b · /);
		await am.waitFor(() => am.regionText({x: 61, y: 1, width: 58, height: 1})[0] === '$', 'prompt in pane 2');
		assert.equal(am.modes.buffer, 'alternate');
		am.kill(signal);
		const result = await am.waitForExit();
		assert.equal(result.exitCode, 128 + number, `ended by ${signal}: ${JSON.stringify(result)}`);
		assertRestored(am);
	});
}
