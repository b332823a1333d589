import assert from 'node:assert/strict';
import {test} from 'node:test';
import {assertRestored} from '../helpers/assert-restored.js';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

for (const [signal, number] of [
	['SIGTERM', 15],
	['SIGHUP', 1],
] as const) {
	test(`${signal} to the client only detaches: the terminal is restored and the session lives on`, async t => {
		const am = startAgentmux(t, {workspace: {panes: [bashPane('a'), bashPane('b')]}});
		await am.waitForText(/ 2 b · /);
		await am.waitFor(() => am.regionText({x: 61, y: 1, width: 58, height: 1})[0] === '$', 'prompt in pane 2');
		assert.equal(am.modes.buffer, 'alternate');
		am.kill(signal);
		const result = await am.waitForExit();
		assert.equal(result.exitCode, 128 + number, `ended by ${signal}: ${JSON.stringify(result)}`);
		assertRestored(am);
		const listed = await am.run(['ls', '--json']);
		assert.equal(listed.exitCode, 0, listed.stderr);
		const sessions = JSON.parse(listed.stdout) as Array<{name: string; panes: number; clients: number}>;
		assert.deepEqual(
			sessions.map(session => [session.name, session.panes, session.clients]),
			[['workspace', 2, 0]],
		);
	});
}
