import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {baseEnvironment, cliPath, makeTempDir, startAgentmux} from '../helpers/terminal-harness.js';

test('with no workspace, one bash pane and the status bar show; typed commands run inside the frame', async t => {
	const am = startAgentmux(t);
	await am.waitForText(/^┏━ 1 bash · running ━+┓$/);
	await am.waitFor(() => am.screenText().at(-1)?.startsWith(' agentmux ') ?? false, 'the status bar');
	assert.equal(am.modes.buffer, 'alternate');
	// Let the shell print its prompt before typing, as a person would.
	await am.waitForQuiet(200);
	await am.type('echo hello-e2e\r');
	const row = await am.waitForText(/^┃hello-e2e +┃$/);
	assert.ok(row > 0 && row < am.rows - 2, `output row ${row} lies inside the frame`);
	const rows = am.screenText();
	assert.equal(rows.length, 40);
	assert.match(rows[38]!, /^┗━+┛$/);
	assert.equal(am.charAt(0, row), '┃');
	assert.equal(am.charAt(119, row), '┃');
});

test('a command that needs no session (--help, ls) starts no server, even in a terminal', async t => {
	for (const args of [['--help'], ['ls'], ['-w', '--help']]) {
		const am = startAgentmux(t, {args});
		// Watched from the start: a server started early would still be loading when the client ends.
		let seen = false;
		const watch = setInterval(() => {
			seen ||= am.serverProcesses().length > 0;
		}, 5);
		try {
			// eslint-disable-next-line no-await-in-loop
			await am.waitForExit();
		} finally {
			clearInterval(watch);
		}

		assert.equal(seen || am.serverProcesses().length > 0, false, `agentmux ${args.join(' ')} started a server`);
	}
});

test("the server starts without loading Node's fetch (undici), which nothing in its start-up needs", async t => {
	const root = makeTempDir();
	t.after(() => {
		fs.rmSync(root, {recursive: true, force: true});
	});
	const folders = {home: root, config: path.join(root, 'config'), state: path.join(root, 'state'), runtime: path.join(root, 'run')};
	fs.mkdirSync(folders.runtime, {mode: 0o700});
	// Reports, as the server exits, whether undici was ever loaded (an ESM import of node:http, or
	// Yoga's fetch of its wasm, loads it: ~70 ms of every start, see startup/node-http.ts).
	const probe = path.join(root, 'probe.mjs');
	fs.writeFileSync(probe, "import fs from 'node:fs';\nprocess.on('exit', () => fs.writeSync(2, `undici loaded: ${process.moduleLoadList.some(name => name.includes('undici'))}\\n`));\n");
	const server = spawn(process.execPath, ['--import', probe, cliPath, '__server'], {env: baseEnvironment(folders), stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	server.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	const exited = new Promise(resolve => {
		server.on('close', resolve);
	});
	const socket = path.join(folders.runtime, 'agentmux', 'server.sock');
	for (let waited = 0; !fs.existsSync(socket); waited += 20) {
		assert.ok(waited < 15_000, `the server did not listen; stderr: ${stderr}`);
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}

	server.kill('SIGTERM');
	await exited;
	assert.match(stderr, /undici loaded: false/);
});
