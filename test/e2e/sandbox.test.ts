import assert from 'node:assert/strict';

void assert;

import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {test} from 'node:test';
import {auditEntries} from '../helpers/real-agent.js';
import {bashPane, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

// Every case here runs with bubblewrap really started: panes run a script that tries what a
// sandbox must stop and writes what happened into its own folder (the one place it may write).

/** Two HTTP servers on 127.0.0.1 for the network cases; each answers with its name. */
async function startServers(t: {after: (fn: () => Promise<void>) => void}): Promise<{a: number; b: number}> {
	const ports: number[] = [];
	for (const name of ['A', 'B']) {
		const server = http.createServer((_request, response) => {
			response.end(`${name}-OK\n`);
		});
		// eslint-disable-next-line no-await-in-loop
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		ports.push((server.address() as AddressInfo).port);
		t.after(async () => {
			server.closeAllConnections();
			await new Promise(resolve => {
				server.close(resolve);
			});
		});
	}

	return {a: ports[0]!, b: ports[1]!};
}

/** A folder of its own for one pane, with the script it runs; it writes "results" and then "done". */
function paneFolder(root: string, name: string, lines: string[]): string {
	const folder = path.join(root, name);
	fs.mkdirSync(folder, {recursive: true});
	fs.writeFileSync(path.join(folder, 'check.sh'), ['r=results', ...lines, 'echo finished > done', ''].join('\n'));
	return folder;
}

function scriptPane(name: string, sandbox: unknown): Record<string, unknown> {
	return bashPane(name, {args: ['--norc', '--noprofile', 'check.sh'], cwd: name, onExit: 'hold', sandbox});
}

async function results(am: TerminalHarness, name: string): Promise<string> {
	const folder = path.join(am.cwd, name);
	try {
		await am.waitFor(() => fs.existsSync(path.join(folder, 'done')), `${name} to finish`, {timeoutMs: 30_000});
	} catch (error) {
		(error as Error).message += `\n${am.screenDump()}\nraw: ${JSON.stringify(am.rawOutput.slice(0, 2000))} exit: ${JSON.stringify(am.exitResult)}`;
		throw error;
	}

	return fs.readFileSync(path.join(folder, 'results'), 'utf8');
}

/** curl through the pane's proxy variables: "<label>: <body> <status>" or curl's error. */
const fetchLine = (label: string, url: string, extra = '') => `echo "${label}: $(curl -s -S --max-time 3 ${extra} -w ' %{http_code}' '${url}' 2>&1 | tr '\\n' ' ')" >> $r`;

test('sandboxed panes: secrets unreadable, writes kept to the cwd, hooks and agentmux files protected, a build works, and the network is what the pane says', async t => {
	const {a, b} = await startServers(t);
	const am = startAgentmux(t, {
		config: {scrollback: 100},
		beforeStart({cwd, home, stateDir}) {
			// The fake home's secrets and agentmux's audit log, there before the start.
			fs.mkdirSync(path.join(home, '.ssh'));
			fs.writeFileSync(path.join(home, '.ssh', 'id_ed25519'), 'SECRET-SSH-KEY\n');
			fs.mkdirSync(path.join(home, '.aws'));
			fs.writeFileSync(path.join(home, '.aws', 'credentials'), 'SECRET-AWS\n');
			fs.writeFileSync(path.join(stateDir, 'audit.jsonl'), '');
			fs.mkdirSync(path.join(cwd, 'outside'));
			const files = paneFolder(cwd, 'files', [
				'cat ~/.ssh/id_ed25519 >> $r 2>&1; echo "ssh: $?" >> $r',
				'cat ~/.aws/credentials >> $r 2>&1; echo "aws: $?" >> $r',
				'cat link-to-ssh/id_ed25519 >> $r 2>&1; echo "link: $?" >> $r',
				'echo x > ../outside/escaped 2>> $r; echo "outside: $?" >> $r',
				'echo x > ~/escaped 2>> $r; echo "home: $?" >> $r',
				'echo x > /tmp/private-tmp && echo "tmp: $(cat /tmp/private-tmp)" >> $r',
				'echo "exit 1" > .git/hooks/pre-commit 2>> $r; echo "hook: $?" >> $r',
				'echo "[core]" >> .git/config 2>> $r; echo "gitconfig: $?" >> $r',
				'echo x >> "$AGENTMUX_STATE_DIR/audit.jsonl" 2>> $r; echo "audit: $?" >> $r',
				'cat "$AGENTMUX_CONFIG_DIR/config.json" >> $r 2>&1; echo "config-read: $?" >> $r',
				'echo "{}" > "$AGENTMUX_CONFIG_DIR/config.json" 2>> $r; echo "config-write: $?" >> $r',
				'ls "$XDG_RUNTIME_DIR/agentmux" >> $r 2>&1; echo "socket-folder: $?" >> $r',
				// A tiny project: build it, then test what was built.
				'mkdir -p src build && echo "export const add = (a, b) => a + b;" > src/add.mjs && cp src/add.mjs build/',
				`node -e 'import("./build/add.mjs").then(m => process.exit(m.add(2, 3) === 5 ? 0 : 1))' && echo "build-test: ok" >> $r`,
			]);
			execFileSync('git', ['init', '-q', files]);
			fs.symlinkSync(path.join(home, '.ssh'), path.join(files, 'link-to-ssh'));
			paneFolder(cwd, 'net-off', [fetchLine('proxied', `http://127.0.0.1:${a}/`), fetchLine('direct', `http://127.0.0.1:${a}/`, "--noproxy '*'")]);
			paneFolder(cwd, 'allow-one', [
				fetchLine('allowed', `http://localhost:${a}/`),
				fetchLine('tunnel', `http://localhost:${a}/`, '-p'),
				fetchLine('other-port', `http://localhost:${b}/`),
				fetchLine('other-name', `http://127.0.0.1:${a}/`),
				fetchLine('direct', `http://127.0.0.1:${a}/`, "--noproxy '*'"),
			]);
		},
		workspace: {
			layout: 'rows',
			panes: [scriptPane('files', 'workspace'), scriptPane('net-off', {mode: 'workspace', network: 'off'}), scriptPane('allow-one', {network: [`localhost:${a}`]})],
		},
	});

	const files = await results(am, 'files');
	assert.doesNotMatch(files, /SECRET/, 'no secret was read');
	for (const check of ['ssh', 'aws', 'link', 'outside', 'home', 'hook', 'gitconfig', 'audit', 'config-read', 'config-write']) {
		assert.match(files, new RegExp(`^${check}: 1$`, 'm'), `${check} was refused`);
	}

	assert.match(files, /^socket-folder: 2$/m, "agentmux's socket folder cannot be listed");
	assert.match(files, /^tmp: x$/m, 'a private /tmp is writable');
	assert.match(files, /^build-test: ok$/m, 'the project in the cwd builds and its test passes');
	assert.equal(fs.existsSync(path.join(am.cwd, 'outside', 'escaped')), false);
	assert.equal(fs.existsSync(path.join(am.home, 'escaped')), false);
	assert.equal(fs.existsSync(path.join(am.cwd, 'files', '.git', 'hooks', 'pre-commit')), false);
	assert.doesNotMatch(fs.readFileSync(path.join(am.cwd, 'files', '.git', 'config'), 'utf8'), /\[core\]\n\[core\]/);
	assert.equal(fs.readFileSync(path.join(am.configDir, 'config.json'), 'utf8'), JSON.stringify({scrollback: 100}));

	const netOff = await results(am, 'net-off');
	assert.doesNotMatch(netOff, /A-OK/, 'network off reaches nothing');
	assert.match(netOff, /^proxied: .*000$/m);
	assert.match(netOff, /^direct: .*000$/m);

	const allowOne = await results(am, 'allow-one');
	assert.match(allowOne, /^allowed: A-OK {2}200$/m, 'the allowed host:port is reached through the proxy');
	assert.match(allowOne, /^tunnel: A-OK {2}200$/m, 'and through a CONNECT tunnel');
	assert.match(allowOne, /^other-port: agentmux sandbox: .* 403$/m, 'another port is refused');
	assert.match(allowOne, /^other-name: agentmux sandbox: .* 403$/m, 'another name for the same address is refused');
	assert.match(allowOne, /^direct: .*000$/m, 'a program ignoring the proxy has no route out');

	// What the proxy refused is audited and counted in the pane's title.
	const denials = auditEntries(am).filter(entry => entry['kind'] === 'sandbox');
	assert.deepEqual(denials.map(entry => [entry['pane'], entry['command']]).sort(), [
		['allow-one', `GET 127.0.0.1:${a}`],
		['allow-one', `GET localhost:${b}`],
	]);
	await am.waitForText(/3 allow-one · .* · \[sandbox 2 denied\]/);
	assert.ok(am.findRow(/1 files · .* · \[sandbox\]/) !== -1, 'the frame marks a sandboxed pane');

	// The same policy, printed before anything starts.
	const check = await am.run(['sandbox', 'check', '--json', '--workspace', am.workspaceFile!, 'allow-one']);
	assert.equal(check.exitCode, 0, check.stderr);
	const [report] = JSON.parse(check.stdout) as Array<Record<string, unknown>>;
	assert.equal(report!['mode'], 'workspace');
	assert.deepEqual(report!['network'], [`localhost:${a}`]);
	assert.deepEqual(report!['writable'], [fs.realpathSync(path.join(am.cwd, 'allow-one'))]);
	assert.ok((report!['denied'] as string[]).includes(fs.realpathSync(path.join(am.home, '.ssh'))));
});

test('air-gapped reaches loopback only; a sandbox that cannot start refuses its pane and says why, and "prefer" starts it marked', async t => {
	const {a} = await startServers(t);
	const gapped = startAgentmux(t, {
		config: {airGapped: true},
		beforeStart({cwd}) {
			paneFolder(cwd, 'gapped', [fetchLine('loopback', `http://127.0.0.1:${a}/`), fetchLine('listed', 'http://example.com/')]);
		},
		workspace: {panes: [scriptPane('gapped', {network: ['example.com']})]},
	});
	const broken = startAgentmux(t, {
		config: {sandbox: {bwrap: '/nonexistent/bwrap'}},
		beforeStart({cwd}) {
			paneFolder(cwd, 'asked', ['echo ran >> $r']);
			paneFolder(cwd, 'preferred', ['echo ran >> $r']);
		},
		workspace: {layout: 'rows', panes: [scriptPane('asked', 'workspace'), scriptPane('preferred', 'prefer')]},
	});

	const gappedResults = await results(gapped, 'gapped');
	assert.match(gappedResults, /^loopback: A-OK {2}200$/m, 'loopback is reached');
	assert.match(gappedResults, /^listed: agentmux sandbox: example\.com:80 .* 403$/m, 'a host the pane lists is refused air-gapped, before any lookup');
	await gapped.waitForText(/\[air-gapped\]/);

	assert.equal(await results(broken, 'preferred'), 'ran\n');
	await broken.waitForText(/2 preferred · .* · \[UNSANDBOXED\]/);
	await broken.waitForText(/not started: sandbox unavailable: bubblewrap \(\/nonexistent\/bwrap\) is not installed/);
	assert.equal(fs.existsSync(path.join(broken.cwd, 'asked', 'results')), false, 'the pane that asked for a sandbox did not run');
	const check = await broken.run(['sandbox', 'check', '--workspace', broken.workspaceFile!]);
	assert.equal(check.exitCode, 1, 'a pane that would not start makes the check fail');
	assert.match(check.stdout, /asked: sandbox workspace[\s\S]*would NOT start here: bubblewrap/);
	assert.match(check.stdout, /preferred: sandbox workspace \(prefer[\s\S]*starts UNSANDBOXED here/);
});

test('prefix b gives a running pane another sandbox only after a y, restarting it under the new one', async t => {
	const am = startAgentmux(t, {
		beforeStart({home}) {
			fs.mkdirSync(path.join(home, '.ssh'));
			fs.writeFileSync(path.join(home, '.ssh', 'id_ed25519'), 'SECRET-SSH-KEY\n');
		},
		workspace: {panes: [bashPane('sh', {args: ['--norc', '--noprofile']})]},
	});
	// Arithmetic in the answers, so the typed line itself never matches what is waited for.
	const probe = 'test -r ~/.ssh/id_ed25519 && echo "readable-$((1+1))" || echo "hidden-$((2+1))"\r';
	await am.waitForText(/ 1 sh · /);
	// The title can be drawn before bash reads its terminal: keys typed before its prompt may be lost.
	await am.waitForText(/^┃\$ /);
	await am.type(probe);
	await am.waitForText('readable-2');
	assert.equal(am.findRow(/\[sandbox/), -1, 'a shell pane starts without a sandbox');

	await am.prefix('b');
	await am.waitForText('Sandbox for pane 1 (sh)');
	am.press('w');
	await am.waitForText('Restart pane 1 (sh) under sandbox "workspace"?');
	am.press('y');
	await am.waitForText(/ 1 sh · .*\[sandbox\]/);
	await am.type(probe);
	await am.waitForText('hidden-3');

	// Esc on the choice changes nothing: the sandbox stays.
	await am.prefix('b');
	await am.waitForText('Sandbox for pane 1 (sh)');
	am.press('\u001B');
	await am.waitForNoText('Sandbox for pane 1 (sh)');
	await am.type(probe);
	await am.waitFor(() => am.screenText().filter(row => row.includes('hidden-3')).length === 2, 'the probe again, still hidden');
	assert.notEqual(am.findRow(/ 1 sh · .*\[sandbox\]/), -1);
});
