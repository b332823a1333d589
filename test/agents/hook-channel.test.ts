import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {buildAgentLaunch, shellQuote, writeLaunchFiles} from '../../source/agents/agent-launch.js';
import {resolveProfile} from '../../source/agents/builtin-profiles.js';
import {HookServer, type HookStatus, type Judgement} from '../../source/agents/hook-channel.js';
import {runHookCommand} from '../../source/agents/hook-client.js';
import {socketPeer} from '../../source/agents/peer-credentials.js';
import {nodeForNobody, othersCanReach} from '../helpers/node-for-nobody.js';
import {startFake} from './pty-screen.js';

const hookEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hook-entry.js');

function judgeByCommand(command: string): Judgement {
	if (command.startsWith('rm ')) return {decision: 'deny', reason: 'rm is not allowed here'};
	if (command.startsWith('ls')) return {decision: 'allow'};
	return {decision: 'confirm', reason: 'unknown command'};
}

async function runHook(argv: string[], input: string, env: Record<string, string | undefined>): Promise<{code: number; stdout: string; stderr: string}> {
	const stdin = new PassThrough();
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => {
		out += chunk;
	});
	stderr.on('data', chunk => {
		err += chunk;
	});
	stdin.end(input);
	const code = await runHookCommand(argv, {stdin, stdout, stderr, env, timeoutMs: 5000});
	return {code, stdout: out, stderr: err};
}

async function rawExchange(socketPath: string, line: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.createConnection(socketPath, () => socket.write(line));
		let data = '';
		socket.setEncoding('utf8');
		socket.on('data', chunk => {
			data += chunk;
		});
		socket.on('close', () => resolve(data));
		socket.on('error', reject);
		setTimeout(() => socket.destroy(), 2000);
	});
}

test('HookServer: 0700 directory, 0600 socket, removed on close', async () => {
	const server = await HookServer.start({judge: async () => ({decision: 'allow'})});
	assert.equal(fs.statSync(server.directory).mode & 0o777, 0o700);
	const socketStat = fs.statSync(server.socketPath);
	assert.ok(socketStat.isSocket());
	assert.equal(socketStat.mode & 0o777, 0o600);
	assert.equal(socketStat.uid, process.getuid!());
	assert.match(server.token, /^[0-9a-f]{64}$/);
	await server.close();
	assert.equal(fs.existsSync(server.directory), false);
});

test('HookServer rejects a wrong token and garbage, and never calls the judge for them', async () => {
	let judged = 0;
	const rejects: string[] = [];
	const server = await HookServer.start({
		judge: async () => {
			judged++;
			return {decision: 'allow'};
		},
		onReject: reason => rejects.push(reason),
	});
	try {
		const wrong = await rawExchange(server.socketPath, `${JSON.stringify({token: 'x'.repeat(64), pane: '1', event: 'pre-tool-use', payload: {command: 'ls'}})}\n`);
		assert.deepEqual(JSON.parse(wrong), {ok: false, error: 'wrong token'});
		const garbage = await rawExchange(server.socketPath, 'hello\n');
		assert.deepEqual(JSON.parse(garbage), {ok: false, error: 'not JSON'});
		const badShape = await rawExchange(server.socketPath, `${JSON.stringify({token: server.token, pane: '1', event: 'pre-tool-use', payload: {}})}\n`);
		assert.equal(JSON.parse(badShape).ok, false);
		assert.equal(judged, 0);
		assert.deepEqual(rejects.slice(0, 2), ['wrong token', 'not JSON']);
		const viaClient = await runHook(['claude', 'PreToolUse'], JSON.stringify({hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {command: 'ls'}}), {
			AGENTMUX_HOOK_SOCKET: server.socketPath,
			AGENTMUX_HOOK_TOKEN: 'wrong',
			AGENTMUX_PANE: '1',
		});
		assert.equal(JSON.parse(viaClient.stdout).hookSpecificOutput.permissionDecision, 'ask', 'a refused check fails closed to ask');
	} finally {
		await server.close();
	}
});

test("socketPeer reads the connecting process's pid and uid from the kernel", async t => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-peer-'));
	const socketPath = path.join(directory, 'peer.sock');
	let client: ReturnType<typeof spawn> | undefined;
	const server = net.createServer();
	t.after(() => {
		client?.kill('SIGKILL');
		server.close();
		fs.rmSync(directory, {recursive: true, force: true});
	});
	const seen = new Promise<ReturnType<typeof socketPeer>>((resolve, reject) => {
		server.on('connection', socket => {
			try {
				resolve(socketPeer(socket));
			} catch (error) {
				reject(error as Error);
			}

			socket.end();
		});
	});
	await new Promise<void>(resolve => {
		server.listen(socketPath, resolve);
	});
	client = spawn(process.execPath, ['-e', `require('node:net').connect(${JSON.stringify(socketPath)}).on('close', () => process.exit(0)).resume()`], {stdio: 'ignore'});
	const peer = await seen;
	assert.equal(peer.pid, client.pid, 'the pid is the client process, not ours');
	assert.equal(peer.uid, process.getuid!());
	assert.equal(peer.gid, process.getgid!());
});

test('HookServer refuses a peer of another uid even with the right token', async () => {
	let judged = 0;
	const rejects: string[] = [];
	const otherUid = process.getuid!() + 4242;
	const server = await HookServer.start({
		peerUid: otherUid,
		judge: async () => {
			judged++;
			return {decision: 'allow'};
		},
		onReject: reason => rejects.push(reason),
	});
	try {
		const answer = await rawExchange(server.socketPath, `${JSON.stringify({token: server.token, pane: '1', event: 'pre-tool-use', payload: {command: 'ls'}})}\n`);
		const parsed = JSON.parse(answer) as {ok: boolean; error: string};
		assert.equal(parsed.ok, false);
		assert.match(parsed.error, new RegExp(`^peer uid ${process.getuid!()} \\(pid \\d+\\) is not ${otherUid}$`));
		assert.equal(judged, 0);
		assert.equal(rejects.length, 1);
	} finally {
		await server.close();
	}
});

const nobody = 65_534;

/** Runs a node script as nobody, from / (a folder it can enter); resolves with what it printed, or the spawn error. */
async function runAsNobody(node: string, script: string): Promise<string> {
	return new Promise(resolve => {
		const client = spawn(node, ['-e', script], {uid: nobody, gid: nobody, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000});
		let output = '';
		client.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
		});
		client.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
		});
		client.once('error', error => {
			resolve(`spawn failed: ${error.message}`);
		});
		client.once('close', () => {
			resolve(output);
		});
	});
}

test('as root: a client running as nobody is refused even when the modes would let it in', {skip: process.getuid!() !== 0 && 'starting a process as another user needs root'}, async t => {
	const node = nodeForNobody(t);
	if (!node || !othersCanReach(os.tmpdir())) {
		t.skip(`the nobody user cannot reach ${os.tmpdir()}, where the socket and a node for it would live`);
		return;
	}

	let judged = 0;
	const server = await HookServer.start({
		parentDir: os.tmpdir(),
		judge: async () => {
			judged++;
			return {decision: 'allow'};
		},
	});
	t.after(async () => {
		await server.close();
	});
	// Open the two filesystem locks on purpose, to see the uid lock hold on its own.
	fs.chmodSync(server.directory, 0o711);
	fs.chmodSync(server.socketPath, 0o666);
	const line = JSON.stringify({token: server.token, pane: '1', event: 'pre-tool-use', payload: {command: 'ls'}});
	// Asynchronous on purpose: spawnSync would block the very event loop the server answers on.
	const output = await runAsNobody(
		node,
		`
		const socket = require('node:net').connect(${JSON.stringify(server.socketPath)}, () => socket.write(${JSON.stringify(`${line}\n`)}));
		socket.setEncoding('utf8');
		let data = '';
		socket.on('data', chunk => { data += chunk; });
		socket.on('close', () => { process.stdout.write(data); });
		socket.on('error', error => { process.stdout.write('error ' + error.code); });
	`,
	);
	assert.match(output, /"ok":false,"error":"peer uid 65534 \(pid \d+\) is not 0"/);
	assert.equal(judged, 0);
});

test('pre-tool-use round trip through runHookCommand: deny, ask, allow (Claude Code and Gemini CLI shapes)', async () => {
	const seen: Array<[string, string]> = [];
	const server = await HookServer.start({
		judge: async (pane, command) => {
			seen.push([pane, command]);
			return judgeByCommand(command);
		},
	});
	const env = {AGENTMUX_HOOK_SOCKET: server.socketPath, AGENTMUX_HOOK_TOKEN: server.token, AGENTMUX_PANE: '3'};
	const claudeInput = (command: string) => JSON.stringify({session_id: 's', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {command, description: 'd'}});
	try {
		const deny = await runHook(['claude', 'PreToolUse'], claudeInput('rm -rf /'), env);
		assert.equal(deny.code, 0);
		assert.deepEqual(JSON.parse(deny.stdout), {hookSpecificOutput: {hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'rm is not allowed here'}});
		const ask = await runHook(['claude', 'PreToolUse'], claudeInput('make'), env);
		assert.equal(JSON.parse(ask.stdout).hookSpecificOutput.permissionDecision, 'ask');
		const allow = await runHook(['claude', 'PreToolUse'], claudeInput('ls -la'), env);
		assert.deepEqual([allow.code, allow.stdout], [0, ''], "allow leaves Claude Code's own rules in charge");
		const geminiDeny = await runHook(['gemini', 'BeforeTool'], JSON.stringify({hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: {command: 'rm -r x'}}), env);
		assert.deepEqual(JSON.parse(geminiDeny.stdout), {decision: 'deny', reason: 'rm is not allowed here'});
		const geminiAsk = await runHook(['gemini', 'BeforeTool'], JSON.stringify({tool_name: 'run_shell_command', tool_input: {command: 'make'}}), env);
		assert.equal(JSON.parse(geminiAsk.stdout).decision, 'ask');
		const notShell = await runHook(['claude', 'PreToolUse'], JSON.stringify({tool_name: 'Read', tool_input: {file_path: '/x'}}), env);
		assert.deepEqual([notShell.code, notShell.stdout], [0, '']);
		assert.deepEqual(seen, [
			['3', 'rm -rf /'],
			['3', 'make'],
			['3', 'ls -la'],
			['3', 'rm -r x'],
			['3', 'make'],
		]);
	} finally {
		await server.close();
	}
});

test('hook client fails closed to ask for pre-tool-use and stays silent for status when agentmux is unreachable', async () => {
	const env = {AGENTMUX_HOOK_SOCKET: path.join(os.tmpdir(), 'agentmux-nonexistent', 'hook.sock'), AGENTMUX_HOOK_TOKEN: 't', AGENTMUX_PANE: '1'};
	const pre = await runHook(['claude', 'PreToolUse'], JSON.stringify({tool_name: 'Bash', tool_input: {command: 'ls'}}), env);
	assert.equal(pre.code, 0);
	assert.equal(JSON.parse(pre.stdout).hookSpecificOutput.permissionDecision, 'ask');
	assert.match(JSON.parse(pre.stdout).hookSpecificOutput.permissionDecisionReason, /unreachable/);
	const noEnv = await runHook(['gemini', 'BeforeTool'], JSON.stringify({tool_name: 'run_shell_command', tool_input: {command: 'ls'}}), {});
	assert.equal(JSON.parse(noEnv.stdout).decision, 'ask');
	const garbled = await runHook(['claude', 'PreToolUse'], '{not json', env);
	assert.equal(JSON.parse(garbled.stdout).hookSpecificOutput.permissionDecision, 'ask');
	const status = await runHook(['claude', 'Stop'], '{}', env);
	assert.deepEqual([status.code, status.stdout, status.stderr], [0, '', '']);
});

test('status events reach onStatus', async () => {
	const statuses: Array<[string, HookStatus]> = [];
	const server = await HookServer.start({judge: async () => ({decision: 'allow'}), onStatus: (pane, status) => statuses.push([pane, status])});
	const env = {AGENTMUX_HOOK_SOCKET: server.socketPath, AGENTMUX_HOOK_TOKEN: server.token, AGENTMUX_PANE: '2'};
	try {
		await runHook(['claude', 'UserPromptSubmit'], JSON.stringify({prompt: 'hi'}), env);
		await runHook(['claude', 'Notification'], JSON.stringify({notification_type: 'permission_prompt', message: 'm'}), env);
		await runHook(['claude', 'Stop'], '{}', env);
		await runHook(['gemini', 'AfterAgent'], '{}', env);
		// Seen live from Codex 0.169: the notify of its hidden title turn is not the user's turn ending.
		await runHook(
			[
				'codex',
				'notify',
				JSON.stringify({type: 'agent-turn-complete', 'input-messages': ['Generate a concise, single-line task title for this conversation.'], 'last-assistant-message': 'Delete build directory'}),
			],
			'',
			env,
		);
		await runHook(['codex', 'notify', JSON.stringify({type: 'agent-turn-complete'})], '', env);
		assert.deepEqual(statuses, [
			['2', 'busy'],
			['2', 'waiting'],
			['2', 'idle'],
			['2', 'idle'],
			['2', 'idle'],
		]);
	} finally {
		await server.close();
	}
});

test('shellQuote survives quotes, spaces and dollars', () => {
	assert.equal(shellQuote('a b'), "'a b'");
	assert.equal(shellQuote("it's $HOME"), "'it'\\''s $HOME'");
});

test('buildAgentLaunch wires Claude --settings, Codex notify, a Gemini hooks extension in a mirrored home, and keeps the keys', async () => {
	const server = await HookServer.start({judge: async () => ({decision: 'allow'})});
	try {
		const hook = {...server.address, directory: server.directory};
		const common = {pane: '4', hook, cliPath: '/opt/agent mux/cli.js', execPath: '/usr/bin/node'};
		const claude = buildAgentLaunch({...common, profile: resolveProfile('claude'), resume: true});
		assert.equal(claude.file, 'claude');
		assert.equal(claude.args[0], '--settings');
		assert.equal(claude.args.at(-1), '--continue');
		const settings = JSON.parse(claude.args[1]!);
		assert.equal(settings.hooks.PreToolUse[0].matcher, 'Bash');
		assert.equal(settings.hooks.PreToolUse[0].hooks[0].command, "'/usr/bin/node' '/opt/agent mux/cli.js' 'hook' 'claude' 'PreToolUse'");
		assert.ok(settings.hooks.Stop && settings.hooks.Notification && settings.hooks.UserPromptSubmit);
		assert.equal(claude.env['AGENTMUX_HOOK_TOKEN'], server.token);
		assert.ok(claude.keepEnv.includes('ANTHROPIC_API_KEY') && claude.keepEnv.includes('AGENTMUX_HOOK_TOKEN'));
		const codex = buildAgentLaunch({...common, profile: resolveProfile('codex'), resume: true});
		assert.deepEqual(codex.args, ['-c', 'notify=["/usr/bin/node","/opt/agent mux/cli.js","hook","codex","notify"]', 'resume', '--last']);
		// Gemini: a mirrored home whose entries link to the user's, plus agentmux's hooks extension.
		const realHome = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-gemini-real-'));
		try {
			fs.mkdirSync(path.join(realHome, '.gemini', 'extensions', 'theirs'), {recursive: true});
			fs.writeFileSync(path.join(realHome, '.gemini', 'settings.json'), '{"general": {"vimMode": true}}\n');
			fs.writeFileSync(path.join(realHome, 'notes.md'), 'mine\n');
			const gemini = buildAgentLaunch({...common, profile: resolveProfile('gemini'), realHome});
			const mirror = gemini.env['GEMINI_CLI_HOME']!;
			assert.equal(path.dirname(mirror), server.directory);
			await writeLaunchFiles(gemini);
			const hooksFile = path.join(mirror, '.gemini', 'extensions', 'agentmux-hooks', 'hooks', 'hooks.json');
			assert.equal(fs.statSync(hooksFile).mode & 0o777, 0o600);
			const written = JSON.parse(fs.readFileSync(hooksFile, 'utf8'));
			assert.equal(written.hooks.BeforeTool[0].matcher, 'run_shell_command');
			assert.equal(written.hooks.BeforeTool[0].hooks[0].env.AGENTMUX_HOOK_TOKEN, server.token);
			assert.equal(JSON.parse(fs.readFileSync(path.join(mirror, '.gemini', 'extensions', 'agentmux-hooks', 'gemini-extension.json'), 'utf8')).name, 'agentmux-hooks');
			// The user's files are links, so what Gemini reads and writes is the real thing.
			assert.equal(fs.readlinkSync(path.join(mirror, '.gemini', 'settings.json')), path.join(realHome, '.gemini', 'settings.json'));
			assert.equal(fs.readlinkSync(path.join(mirror, '.gemini', 'extensions', 'theirs')), path.join(realHome, '.gemini', 'extensions', 'theirs'));
			assert.equal(fs.readFileSync(path.join(mirror, 'notes.md'), 'utf8'), 'mine\n');
			fs.writeFileSync(path.join(mirror, '.gemini', 'oauth_creds.json'), '{}');
			assert.ok(fs.existsSync(path.join(realHome, '.gemini', 'oauth_creds.json')), 'a login made in the pane lands in the real .gemini');
			assert.deepEqual(fs.readdirSync(path.join(realHome, '.gemini')).sort(), ['extensions', 'history', 'oauth_creds.json', 'settings.json', 'tmp']);
			assert.equal(fs.readFileSync(path.join(realHome, '.gemini', 'settings.json'), 'utf8'), '{"general": {"vimMode": true}}\n', "the user's settings are untouched");
			// Closing removes the mirror's links, never what they point at.
			await server.close();
			assert.equal(fs.existsSync(mirror), false);
			assert.equal(fs.readFileSync(path.join(realHome, 'notes.md'), 'utf8'), 'mine\n');
			assert.ok(fs.existsSync(path.join(realHome, '.gemini', 'extensions', 'theirs')));
			assert.equal(fs.readFileSync(path.join(realHome, '.gemini', 'settings.json'), 'utf8'), '{"general": {"vimMode": true}}\n');
		} finally {
			fs.rmSync(realHome, {recursive: true, force: true});
		}

		const shell = buildAgentLaunch({...common, profile: resolveProfile('shell')});
		assert.deepEqual(shell.args, []);
	} finally {
		await server.close();
	}
});

test('fake Claude Code runs the PreToolUse hook agentmux wired: deny blocks, allow leaves its own prompt, confirm asks', async () => {
	const statuses: HookStatus[] = [];
	const server = await HookServer.start({judge: async (_pane, command) => judgeByCommand(command), onStatus: (_pane, status) => statuses.push(status)});
	const log = path.join(server.directory, 'agent.log');
	const launch = buildAgentLaunch({profile: resolveProfile('claude'), pane: '7', hook: {...server.address, directory: server.directory}, cliPath: hookEntry, execPath: process.execPath});
	const agent = startFake('claude', launch.args, {...launch.env, FAKE_AGENT_LOG: log, FAKE_AGENT_BUSY_MS: '200'});
	try {
		await agent.waitFor(/\? for shortcuts/);
		agent.write('run rm -rf build\r');
		await agent.waitFor(/DENIED BY HOOK: rm is not allowed here/);
		// allow prints no decision: the agent's own rules apply, and with no allow rule it asks.
		agent.write('run ls -la\r');
		await agent.waitFor(/Do you want to proceed\?/);
		agent.write('1');
		await agent.waitFor(/APPROVED: ls -la/);
		agent.write('run make install\r');
		const screen = await agent.waitFor(/Do you want to proceed\?/);
		const prompt = findApprovalPromptFor(screen);
		assert.equal(prompt, 'make install');
		agent.write('3');
		await agent.waitFor(/DECLINED: make install/);
		const entries = fs
			.readFileSync(log, 'utf8')
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as {type: string; event?: string; stdout?: string; command?: string; approved?: boolean; key?: string});
		const approvals = entries.filter(entry => entry.type === 'approval').map(entry => [entry.command, entry.approved, entry.key]);
		assert.deepEqual(approvals, [
			['rm -rf build', false, 'hook'],
			['ls -la', true, '1'],
			['make install', false, '3'],
		]);
		const decisions = entries.filter(entry => entry.event === 'PreToolUse').map(entry => (entry.stdout ? JSON.parse(entry.stdout).hookSpecificOutput.permissionDecision : 'none'));
		assert.deepEqual(decisions, ['deny', 'none', 'ask']);
		assert.ok(statuses.includes('busy') && statuses.includes('waiting') && statuses.includes('idle'), `statuses: ${statuses.join(',')}`);
	} finally {
		await agent.close();
		await server.close();
	}
});

function findApprovalPromptFor(screen: string[]): string | undefined {
	const row = screen.findIndex(line => line.includes('Bash command'));
	return row < 0 ? undefined : screen[row + 2]!.trim();
}
