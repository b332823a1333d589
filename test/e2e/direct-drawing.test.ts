import assert from 'node:assert/strict';
import fs from 'node:fs';
import {test} from 'node:test';
import {assertRestored} from '../helpers/assert-restored.js';
import {bashPane, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

/** The terminal devices a process holds open. */
function openTerminals(pid: number): string[] {
	const devices: string[] = [];
	for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
		try {
			const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
			if (target.startsWith('/dev/pts/')) devices.push(target);
		} catch {
			// Closed while we looked.
		}
	}

	return devices;
}

/** Bytes a process has read, from any file or socket. */
function bytesRead(pid: number): number {
	return Number(/^rchar: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);
}

async function printLines(am: TerminalHarness, count: number): Promise<void> {
	await am.type(`seq -f 'line %g' ${count}\r`);
	await am.waitForText(new RegExp(`line ${count}\\b`));
}

test("the server draws on the client's terminal itself: the client relays none of it, and detach restores the terminal", async t => {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('shell', {env: {PS1: 'direct$ '}})]}});
	await am.waitForText('direct$ ');
	const device = fs.readlinkSync(`/proc/${am.pid}/fd/1`);
	const server = am.serverPid();
	assert.ok(server !== undefined);
	assert.ok(openTerminals(server).includes(device), `the server has the client's terminal ${device} open`);

	// About 200 KB of pane output reach the terminal; the client reads only its keys and a few messages.
	const before = bytesRead(am.pid);
	await printLines(am, 20_000);
	const read = bytesRead(am.pid) - before;
	assert.ok(read < 20_000, `the client read ${read} bytes while the pane printed about 200 KB`);

	await am.prefix('d');
	const result = await am.waitForExit();
	assert.equal(result.exitCode, 0);
	assertRestored(am);
	assert.match(am.screenDump(), /\[detached \(from session workspace\)\]/);
	assert.doesNotMatch(openTerminals(server).join(' '), new RegExp(`${device}\\b`), 'the server let the terminal go');
});

test("a terminal the server may not open (another user's, as after su) is drawn through the client", async t => {
	const am = startAgentmux(t, {
		// Like su: the terminal stays owned by the user who logged in, not the one running agentmux.
		launcher: [process.execPath, 'as-another-user.mjs'],
		files: {
			'as-another-user.mjs': [
				"import {spawnSync} from 'node:child_process';",
				"import fs from 'node:fs';",
				"fs.chownSync(fs.readlinkSync('/proc/self/fd/1'), 65534, -1);",
				"const run = spawnSync(process.argv[2], process.argv.slice(3), {stdio: 'inherit'});",
				'process.exit(run.status ?? 1);',
			].join('\n'),
		},
		workspace: {panes: [bashPane('shell', {env: {PS1: 'relayed$ '}})]},
	});
	await am.waitForText('relayed$ ');
	const device = fs.readlinkSync(`/proc/${am.pid}/fd/1`);
	const server = am.serverPid();
	assert.ok(server !== undefined);
	assert.equal(fs.statSync(device).uid, 65534);
	assert.ok(!openTerminals(server).includes(device), 'the server did not open a terminal it does not own');
	await printLines(am, 2000);
	await am.prefix('d');
	assert.equal((await am.waitForExit()).exitCode, 0);
	assertRestored(am);
	assert.match(am.screenDump(), /\[detached \(from session workspace\)\]/);
});
