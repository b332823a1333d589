import assert from 'node:assert/strict';
import {test} from 'node:test';
import {assertSurvives, catPane, hostilePane, peakRssMb, rssMb} from '../helpers/health-check.js';
import {scanOutput} from '../helpers/output-scanner.js';
import {bashPane, startAgentmux} from '../helpers/terminal-harness.js';

// The checker itself, on a session with nothing hostile in it: it must pass, or every
// regression test built on it fails for the checker's sake.

test('the health checker passes a plain session of bash, cat and coloured output, held-back queries and titles included', async t => {
	const am = startAgentmux(t, {
		workspace: {
			panes: [
				bashPane('shell'),
				catPane(),
				// Held back by agentmux (never written raw), and drawn as coloured, wide and combining text.
				hostilePane('colours', {
					label: 'colours',
					start: {
						rounds: 3,
						parts: [
							{text: '\u001B]0;a title\u0007\u001B]52;c;aGVsbG8=\u0007\u001B[c\u001B[6n'},
							{text: '\u001B[1;31mred\u001B[0m \u001B[38;5;42mgreen\u001B[0m \u001B[48;2;10;20;30mrgb\u001B[0m 漢字 e\u0301 \u001B[4:3mcurly\u001B[0m\r\n'},
						],
					},
				}),
			],
		},
	});
	await am.waitForText('colours-done');
	await am.waitForText(/^┃\$ +┃/);
	await am.type('printf "\\033[7mreverse\\033[0m\\n"; seq 1 50\r');
	await am.waitForText(/^┃50 +┃/);
	am.resize(100, 30);
	await am.waitForQuiet(200);
	const resident = rssMb(am);
	const peak = peakRssMb(am);
	assert.ok(resident > 10 && peak >= resident, `memory is read from /proc: ${resident} MB now, ${peak} MB at most`);
	await assertSurvives(am, {echoPane: 2}, 'a plain session');
	assert.equal(scanOutput(am.rawOutput).findings.length, 0);
});
