import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {standInSuffix} from '../../source/credentials/stand-in.js';
import {agentPath, auditEntries, claudeConfigJson, type FakeApi, startFakeApi, waitForState, withContext} from '../helpers/real-agent.js';
import {bashPane, makeTempDir, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

// The real Claude Code (a devDependency) behind agentmux's credential proxy: the user's key is in
// agentmux's environment, the pane gets a stand-in and the proxy's base URL, and the proxy's
// upstream is a fake Messages API on 127.0.0.1 (test/fixtures/agents/fake-anthropic-api.mjs).
const realKey = 'sk-ant-api03-agentmux-REAL-key-only-the-server-holds-0000';

/** Every process under the server (the panes' programs and what they started), by pid. */
function paneProcesses(serverPid: number): number[] {
	const parents = new Map<number, number>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
		} catch {
			// Gone meanwhile.
		}
	}

	const under = (pid: number): boolean => {
		for (let parent = parents.get(pid); parent !== undefined && parent > 1; parent = parents.get(parent)) {
			if (parent === serverPid) return true;
		}

		return false;
	};

	return [...parents.keys()].filter(pid => under(pid));
}

/** Files under `dir` (recursively) whose text contains `needle`. */
function filesContaining(dir: string, needle: string): string[] {
	const found: string[] = [];
	for (const entry of fs.readdirSync(dir, {withFileTypes: true, recursive: true})) {
		if (!entry.isFile()) continue;
		const file = path.join(entry.parentPath, entry.name);
		try {
			if (fs.readFileSync(file, 'latin1').includes(needle)) found.push(file);
		} catch {
			// Unreadable or gone: not written by a pane with the key in it.
		}
	}

	return found;
}

test('real Claude Code through the credential proxy: the pane holds a stand-in, the API sees the real key, the audit has the calls and not the key, a wrong stand-in is refused', {
	timeout: 90_000,
}, async t => {
	const api: FakeApi = await startFakeApi('fake-anthropic-api.mjs', 'startFakeAnthropicApi', {});
	const project = makeTempDir('agentmux-proxy-project-');
	const configDir = makeTempDir('agentmux-proxy-claude-');
	// Claude Code asks about a key it has not seen and remembers the answer by the key's last 20
	// characters: every stand-in ends in the same 20, so one "yes" covers them all (here, given in advance).
	fs.writeFileSync(path.join(configDir, '.claude.json'), claudeConfigJson(project, standInSuffix));
	let am: TerminalHarness;
	try {
		am = startAgentmux(t, {
			cols: 200,
			rows: 40,
			// `gemini-only`: a profile in proxy mode for a provider agentmux has no key for.
			config: {credentialProxy: {anthropic: {upstream: api.url}}, agents: {'gemini-only': {command: 'bash', args: ['--norc', '--noprofile'], env: ['GEMINI_API_KEY'], credentials: 'proxy'}}},
			workspace: {layout: 'rows', panes: [{agent: 'claude', cwd: project, credentials: 'proxy'}, bashPane('sh', {credentials: 'proxy'}), {agent: 'gemini-only'}]},
			env: {PATH: agentPath(), CLAUDE_CONFIG_DIR: configDir, ANTHROPIC_API_KEY: realKey, DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1'},
		});
	} catch (error) {
		await api.close();
		throw error;
	}

	t.after(async () => {
		await api.close();
		fs.rmSync(project, {recursive: true, force: true});
		fs.rmSync(configDir, {recursive: true, force: true});
	});
	const context = async <T>(wait: () => Promise<T>): Promise<T> => withContext(am, api, wait);

	// No key for its provider: the pane says so, and keeps whatever login it has.
	await am.waitForText(/agentmux: credentials: proxy, but no API key for Google Gemini/);

	// A prompt answered by the fake API, streamed back through the proxy, on Claude's screen.
	await context(async () => waitForState(am, 'claude', 'idle', 40_000));
	await am.type('say hello through the proxy');
	await am.waitForText(/say hello through the proxy/);
	am.press('\r');
	await context(async () => am.waitFor(() => api.requests.some(request => request.kind === 'side'), 'the prompt to reach the fake API', {timeoutMs: 20_000}));
	await context(async () => am.waitForText(/[⏺●] OK\s/, {timeoutMs: 20_000}));
	assert.ok(api.keys!.length > 0);
	assert.deepEqual([...new Set(api.keys)], [realKey], 'the API saw the real key on every call, never the stand-in');

	// The shell pane, also in proxy mode, shows only stand-ins.
	await am.prefix('2');
	await am.type('env | grep -E "^(ANTHROPIC|OPENAI|GEMINI|GOOGLE)" | sort');
	am.press('\r');
	const base = await am.waitForText(/ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/anthropic/);
	await am.waitForText(/ANTHROPIC_API_KEY=agentmux-proxy-/);
	const port = /127\.0\.0\.1:(\d+)/.exec(am.screenText()[base]!)![1]!;
	assert.ok(!am.screenText().join('\n').includes(realKey.slice(-12)));

	// Nothing under the server holds the key: not in any pane program's environment or argv.
	const serverPid = am.serverPid()!;
	const processes = paneProcesses(serverPid);
	assert.ok(processes.length >= 2, 'the panes run under the server');
	let standIns = 0;
	for (const pid of processes) {
		for (const what of ['environ', 'cmdline']) {
			let text = '';
			try {
				text = fs.readFileSync(`/proc/${pid}/${what}`, 'latin1');
			} catch {
				continue;
			}

			assert.ok(!text.includes(realKey), `/proc/${pid}/${what} holds the real key`);
			if (what === 'environ' && text.includes('\0ANTHROPIC_API_KEY=agentmux-proxy-')) standIns++;
		}
	}

	assert.ok(standIns >= 2, 'Claude Code and the shell hold stand-ins');
	assert.ok(fs.readFileSync(`/proc/${serverPid}/environ`, 'latin1').includes(realKey), 'the server itself holds the key (a check that the check can fail)');

	// A wrong stand-in, from outside any pane, is refused and never reaches the API.
	const calls = api.keys!.length;
	const refused = await fetch(`http://127.0.0.1:${port}/anthropic/v1/messages`, {method: 'POST', headers: {'x-api-key': `agentmux-proxy-${'x'.repeat(32)}-${standInSuffix}`}, body: '{}'});
	assert.equal(refused.status, 401);
	assert.equal(api.keys!.length, calls);

	// ls --json counts each proxied pane's calls.
	const listed = JSON.parse((await am.run(['ls', '--json'])).stdout) as Array<{credentials?: Array<{pane: string; requests: number}>}>;
	const counts = Object.fromEntries((listed[0]!.credentials ?? []).map(entry => [entry.pane, entry.requests]));
	assert.ok(counts['claude']! >= 1 && counts['sh'] === 0 && !('gemini-only' in counts), JSON.stringify(listed));

	// The audit log: the calls, with pane, provider, host, method, path and status; the refusal; never the key.
	await context(async () => am.waitFor(() => auditEntries(am).some(entry => entry['kind'] === 'credential' && entry['status'] === 401), 'the refusal to be audited', {timeoutMs: 5000}));
	const credential = auditEntries(am).filter(entry => entry['kind'] === 'credential');
	const forwarded = credential.filter(entry => entry['decision'] === 'allow' && entry['path'] === '/v1/messages');
	assert.ok(forwarded.length >= 1, JSON.stringify(credential));
	assert.deepEqual(
		{pane: forwarded[0]!['pane'], provider: forwarded[0]!['provider'], host: forwarded[0]!['host'], method: forwarded[0]!['method'], status: forwarded[0]!['status']},
		{pane: 'claude', provider: 'anthropic', host: new URL(api.url).host, method: 'POST', status: 200},
	);
	assert.equal(credential.filter(entry => entry['decision'] === 'deny').length, 1);
	assert.equal(credential.length, credential.filter(entry => entry['decision'] === 'deny').length + api.keys!.length, 'every call audited');
	for (const dir of [am.stateDir, am.runtimeDir, am.home, am.cwd, configDir, project]) {
		assert.deepEqual(filesContaining(dir, realKey), [], `the key written under ${dir}`);
	}
});
