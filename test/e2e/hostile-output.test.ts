import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startAgentmux} from '../helpers/terminal-harness.js';

// What a pane writes is untrusted. Each script writes hostile bytes, then becomes `cat`, so a marker
// typed afterwards shows whether agentmux is still responsive.
const scripts: Record<string, string> = {
	'del-and-escapes.sh': [
		"printf 'a\\177b\\n'",
		"head -c 10000 /dev/zero | tr '\\0' '\\177'",
		"printf '\\033\\303\\251\\033\\303\\274\\n'",
		'head -c 200000 /dev/urandom',
		"printf '\\033c\\033[2J\\033[Hready\\n'",
		'exec cat',
	].join('\n'),
	'huge-counts.sh': [
		"printf '\\033[99999999S\\033[99999999T\\033[99999999L\\033[99999999M'",
		"printf '\\033[2147483647Z\\033[2147483647I\\033[2147483647@\\033[2147483647P\\033[2147483647X'",
		"printf 'x\\033[2147483647b\\033[>1u\\033[<2147483647u'",
		"printf '\\033[2J\\033[Hready\\n'",
		'exec cat',
	].join('\n'),
	'long-osc.sh': [
		"printf '\\033]2;'",
		"head -c 11000000 /dev/zero | tr '\\0' t",
		"printf '\\007\\033P1$r'",
		"head -c 3000000 /dev/zero | tr '\\0' d",
		"printf '\\033\\\\\\033[2J\\033[Hready\\n'",
		'exec cat',
	].join('\n'),
};

/** Anything a library prints (xterm.js's parser errors, node-pty's write errors, warnings) is not drawing. */
const notDrawing = /xterm\.js|Parsing error|Unhandled pty|Warning:|Error:/;

for (const [script, what] of [
	['del-and-escapes.sh', 'DEL bytes, ESC before a non-ASCII character and random bytes'],
	['huge-counts.sh', 'huge repeat counts'],
	['long-osc.sh', 'an 11 MB OSC and a 3 MB DCS'],
] as const) {
	test(`a pane writing ${what}: nothing but drawing reaches the terminal, and typing still echoes`, {timeout: 180_000}, async t => {
		const am = startAgentmux(t, {files: scripts, workspace: {panes: [{name: 'hostile', command: 'bash', args: [script]}]}});
		await am.waitForText(/┃ready/, {timeoutMs: 120_000});
		await am.type('marker-typed\r');
		await am.waitForText(/┃marker-typed/, {timeoutMs: 30_000});
		assert.doesNotMatch(am.rawOutput, notDrawing);
		await am.prefix('q');
		await am.waitForText('Quit agentmux?');
		am.press('y');
		const result = await am.waitForExit();
		assert.equal(result.exitCode, 0);
		assert.doesNotMatch(am.rawOutput, notDrawing);
	});
}
