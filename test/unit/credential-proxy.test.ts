import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {after, test} from 'node:test';
import {resolveProfile} from '../../source/agents/builtin-profiles.js';
import type {PaneSpec} from '../../source/config/workspace.js';
import {CredentialService} from '../../source/credentials/credential-service.js';
import {credentialProxySettingsSchema, upstreamProblem} from '../../source/credentials/credential-settings.js';
import {KeySource} from '../../source/credentials/key-source.js';
import {applyCredentialProxy} from '../../source/credentials/proxy-panes.js';
import {standInKey, tokenOf} from '../../source/credentials/stand-in.js';
import {formatAuditEntry} from '../../source/security/audit-command.js';
import type {AuditEntry} from '../../source/security/audit-log.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-credproxy-'));
process.env['AGENTMUX_STATE_DIR'] = root;
after(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

const realKey = 'sk-ant-api03-REAL-key-held-by-agentmux-0123456789abcdef';
const geminiKey = 'AIzaREAL-gemini-key-held-by-agentmux-0123';

type Seen = {method: string; url: string; headers: http.IncomingHttpHeaders; body: string};

/** A provider on loopback that records what reached it; `/stream` sends one event, then waits for `release`. */
async function fakeUpstream(): Promise<{url: string; seen: Seen[]; release: () => void; close: () => Promise<void>}> {
	const seen: Seen[] = [];
	let release = () => {};
	const server = http.createServer(async (request, response) => {
		let body = '';
		for await (const chunk of request) body += chunk;
		seen.push({method: request.method!, url: request.url!, headers: request.headers, body});
		if (request.url?.includes('/stream')) {
			response.writeHead(200, {'content-type': 'text/event-stream'});
			response.write('event: first\ndata: {"n":1}\n\n');
			release = () => {
				response.end('event: last\ndata: {"n":2}\n\n');
			};
			return;
		}

		response.writeHead(201, {'content-type': 'application/json', 'x-upstream': 'yes'});
		response.end(JSON.stringify({ok: true, echo: body}));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		release: () => release(),
		close: async () =>
			new Promise<void>(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

async function setUp(env: NodeJS.ProcessEnv = {ANTHROPIC_API_KEY: realKey, GEMINI_API_KEY: geminiKey}) {
	const upstream = await fakeUpstream();
	const auditPath = path.join(root, `audit-${Math.random().toString(36).slice(2)}.jsonl`);
	const settings = credentialProxySettingsSchema.parse({anthropic: {upstream: upstream.url}, openai: {upstream: upstream.url}, gemini: {upstream: `${upstream.url}/google`}});
	const service = new CredentialService(settings, env, auditPath);
	const proxy = await service.start();
	const audit = async () => {
		await service.close().catch(() => undefined);
		return fs.existsSync(auditPath) ? fs.readFileSync(auditPath, 'utf8') : '';
	};

	return {upstream, service, proxy, auditPath, audit};
}

test('a stand-in is swapped for the real key; the answer comes back unchanged; the audit has the call and not the key', async () => {
	const {upstream, proxy, audit} = await setUp();
	try {
		const {env} = proxy.grant({session: 's', pane: 'claude', cwd: '/w'}, ['anthropic']);
		assert.match(env['ANTHROPIC_BASE_URL']!, /^http:\/\/127\.0\.0\.1:\d+\/anthropic$/);
		const response = await fetch(`${env['ANTHROPIC_BASE_URL']}/v1/messages?beta=true`, {
			method: 'POST',
			headers: {'x-api-key': env['ANTHROPIC_API_KEY']!, 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1'},
			body: '{"q":1}',
		});
		assert.equal(response.status, 201);
		assert.equal(response.headers.get('x-upstream'), 'yes');
		assert.deepEqual(await response.json(), {ok: true, echo: '{"q":1}'});
		const [seen] = upstream.seen;
		assert.equal(seen!.url, '/v1/messages?beta=true');
		assert.equal(seen!.headers['x-api-key'], realKey);
		assert.equal(seen!.headers['x-forwarded-for'], undefined);
		assert.ok(!JSON.stringify(seen!.headers).includes('agentmux-proxy-'), 'no stand-in goes upstream');
		assert.deepEqual(proxy.counts('s'), [{pane: 'claude', providers: ['anthropic'], requests: 1, errors: 0}]);
		const log = await audit();
		assert.ok(!log.includes(realKey) && !log.includes(env['ANTHROPIC_API_KEY']!), log);
		const entry = JSON.parse(log.trim().split('\n').at(-1)!) as Record<string, unknown>;
		assert.equal(entry['kind'], 'credential');
		assert.equal(entry['pane'], 'claude');
		assert.equal(entry['provider'], 'anthropic');
		assert.equal(entry['method'], 'POST');
		assert.equal(entry['path'], '/v1/messages');
		assert.equal(entry['status'], 201);
		assert.equal(entry['decision'], 'allow');
		// As `agentmux audit` prints it.
		assert.match(formatAuditEntry(entry as AuditEntry), /claude {2}credential allow {3}credential-proxy {2}POST 127\.0\.0\.1:\d+\/v1\/messages -> 201$/);
	} finally {
		await upstream.close();
	}
});

test('wrong, missing, revoked and foreign stand-ins are refused and audited; nothing reaches the provider', async () => {
	const {upstream, proxy, audit} = await setUp();
	try {
		const {env, token} = proxy.grant({session: 's', pane: 'bash', cwd: '/w'}, ['anthropic']);
		const base = env['ANTHROPIC_BASE_URL']!;
		const post = async (headers: Record<string, string>, url = `${base}/v1/messages`) => (await fetch(url, {method: 'POST', headers, body: '{}'})).status;
		assert.equal(await post({'x-api-key': standInKey('A'.repeat(32))}), 401, 'a well-formed stand-in nobody was given');
		assert.equal(await post({'x-api-key': realKey}), 401, 'not a stand-in');
		assert.equal(await post({}), 401, 'no key');
		assert.equal(await post({'x-goog-api-key': env['ANTHROPIC_API_KEY']!}, `${base.replace('/anthropic', '/gemini')}/v1beta/models/x:generateContent`), 403, 'a pane without a Gemini stand-in');
		assert.equal(await post({'x-api-key': env['ANTHROPIC_API_KEY']!}, base.replace('/anthropic', '/elsewhere')), 404);
		const wrongHost = await new Promise<number>(resolve => {
			const url = new URL(`${base}/v1/messages`);
			http.get({host: url.hostname, port: url.port, path: url.pathname, headers: {host: 'evil.example:80', 'x-api-key': env['ANTHROPIC_API_KEY']!}}, response => {
				response.resume();
				resolve(response.statusCode!);
			});
		});
		assert.equal(wrongHost, 403, 'a Host other than the proxy (DNS rebinding)');
		const head = await fetch(`${base}/`, {method: 'HEAD'});
		assert.equal(head.status, 200, "Claude Code's keyless connection check is answered by the proxy, not forwarded or audited");
		proxy.revoke(token);
		assert.equal(await post({'x-api-key': env['ANTHROPIC_API_KEY']!}), 401, 'revoked with its pane');
		assert.equal(upstream.seen.length, 0);
		const entries = (await audit())
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as Record<string, unknown>);
		assert.equal(entries.length, 7);
		assert.ok(entries.every(entry => entry['kind'] === 'credential' && entry['decision'] === 'deny'));
		assert.deepEqual(
			entries.map(entry => entry['status']),
			[401, 401, 401, 403, 404, 403, 401],
		);
		assert.ok(!JSON.stringify(entries).includes(realKey));
	} finally {
		await upstream.close();
	}
});

test('a streamed answer is passed on as it comes: the first event arrives before the provider has finished', async () => {
	const {upstream, proxy} = await setUp();
	try {
		const {env} = proxy.grant({session: 's', pane: 'p', cwd: '/w'}, ['anthropic']);
		const response = await fetch(`${env['ANTHROPIC_BASE_URL']}/v1/stream`, {method: 'POST', headers: {'x-api-key': env['ANTHROPIC_API_KEY']!}, body: '{}'});
		assert.equal(response.headers.get('content-type'), 'text/event-stream');
		const reader = response.body!.getReader();
		const first = await Promise.race([reader.read(), new Promise<'timeout'>(resolve => setTimeout(() => resolve('timeout'), 3000))]);
		assert.notEqual(first, 'timeout', 'the first event was held back');
		assert.equal(new TextDecoder().decode((first as {value: Uint8Array}).value), 'event: first\ndata: {"n":1}\n\n');
		upstream.release();
		let rest = '';
		for (;;) {
			const next = await reader.read();
			if (next.done) break;
			rest += new TextDecoder().decode(next.value);
		}

		assert.equal(rest, 'event: last\ndata: {"n":2}\n\n');
	} finally {
		await upstream.close();
	}
});

test('Gemini: the key in x-goog-api-key or in ?key= is swapped; an upstream with a path keeps it', async () => {
	const {upstream, proxy} = await setUp();
	try {
		const {env} = proxy.grant({session: 's', pane: 'gemini', cwd: '/w'}, ['gemini']);
		const base = env['GOOGLE_GEMINI_BASE_URL']!;
		assert.equal((await fetch(`${base}/v1beta/models/m:generateContent`, {method: 'POST', headers: {'x-goog-api-key': env['GEMINI_API_KEY']!}, body: '{}'})).status, 201);
		assert.equal((await fetch(`${base}/v1beta/models?key=${encodeURIComponent(env['GEMINI_API_KEY']!)}&pageSize=2`)).status, 201);
		assert.equal(upstream.seen[0]!.url, '/google/v1beta/models/m:generateContent');
		assert.equal(upstream.seen[0]!.headers['x-goog-api-key'], geminiKey);
		const query = new URL(upstream.seen[1]!.url, 'http://x').searchParams;
		assert.equal(query.get('key'), geminiKey);
		assert.equal(query.get('pageSize'), '2');
	} finally {
		await upstream.close();
	}
});

test('upstreams: https anywhere, plain http only on loopback', () => {
	assert.equal(upstreamProblem('https://api.anthropic.com'), undefined);
	assert.equal(upstreamProblem('http://127.0.0.1:9999'), undefined);
	assert.equal(upstreamProblem('http://[::1]:9999/x'), undefined);
	assert.match(upstreamProblem('http://api.anthropic.com')!, /loopback/);
	assert.match(upstreamProblem('http://127.0.0.1.evil.example')!, /loopback/);
	assert.match(upstreamProblem('https://user:pw@gw.example')!, /user/);
	assert.match(upstreamProblem('ftp://x')!, /https/);
	const parsed = credentialProxySettingsSchema.safeParse({openai: {upstream: 'http://10.0.0.2'}});
	assert.ok(!parsed.success);
	assert.deepEqual(parsed.error.issues[0]!.path, ['openai', 'upstream']);
	assert.ok(!credentialProxySettingsSchema.safeParse({anthropic: {keyFile: '/k', keyCommand: ['pass']}}).success);
	assert.ok(!credentialProxySettingsSchema.safeParse({anthropic: {keyCommand: 'pass show x'}}).success, 'a key command is an argv');
});

test('keys: from a private key file only, from a key command run as an argv, failures say why without the output', async () => {
	const file = path.join(root, 'anthropic.key');
	fs.writeFileSync(file, `${realKey}\nsecond line\n`, {mode: 0o644});
	const source = (settings: unknown) => new KeySource(credentialProxySettingsSchema.parse(settings), {});
	await assert.rejects(source({anthropic: {keyFile: file}}).key('anthropic'), /readable by others/);
	fs.chmodSync(file, 0o600);
	assert.equal(await source({anthropic: {keyFile: file}}).key('anthropic'), realKey);
	const link = path.join(root, 'link.key');
	fs.symlinkSync(file, link);
	await assert.rejects(source({anthropic: {keyFile: link}}).key('anthropic'), /cannot open/);
	// The argument holds a space and a $: nothing would survive a shell unchanged.
	const printed = await source({openai: {keyCommand: ['printf', '%s\n', 'sk-openai $HOME key']}}).key('openai');
	assert.equal(printed, 'sk-openai $HOME key');
	const failing = source({openai: {keyCommand: [process.execPath, '-e', 'console.log("sk-leaked-0001"); process.exit(3)']}});
	await assert.rejects(failing.key('openai'), (error: Error) => /exited with code 3/.test(error.message) && !error.message.includes('sk-leaked'));
	const env = new KeySource(credentialProxySettingsSchema.parse({}), {ANTHROPIC_API_KEY: realKey, GOOGLE_API_KEY: geminiKey});
	assert.ok(env.available('anthropic') && env.available('gemini') && !env.available('openai'));
	await assert.rejects(env.key('openai'), /OPENAI_API_KEY was not set/);
});

test('panes in proxy mode get stand-ins and the base URL, never the real key; with no key, Claude Code keeps its login and is told', async () => {
	const spec = (name: string, extra: Partial<PaneSpec>): PaneSpec => ({name, command: 'x', args: [], cwd: '/w', env: {}, onExit: 'hold', ...extra});
	const claude = resolveProfile('claude');
	const {service, upstream} = await setUp({ANTHROPIC_API_KEY: realKey});
	try {
		const result = await applyCredentialProxy(
			's',
			[
				spec('claude', {agent: 'claude', credentials: 'proxy', env: {ANTHROPIC_API_KEY: realKey, CLAUDE_CODE_OAUTH_TOKEN: 'oauth', KEEP: '1'}}),
				spec('plain', {env: {ANTHROPIC_API_KEY: realKey}}),
				spec('bash', {credentials: 'proxy'}),
			],
			new Map([['claude', claude]]),
			service,
		);
		const [proxied, plain, bash] = result.panes;
		assert.equal(tokenOf(proxied!.env['ANTHROPIC_API_KEY']) === undefined, false);
		assert.equal(proxied!.env['CLAUDE_CODE_OAUTH_TOKEN'], undefined);
		assert.equal(proxied!.env['KEEP'], '1');
		assert.equal(proxied!.env['OPENAI_API_KEY'], undefined, 'Claude Code uses Anthropic only');
		assert.ok(!JSON.stringify(proxied).includes(realKey));
		assert.equal(plain!.env['ANTHROPIC_API_KEY'], realKey, 'a pane not in proxy mode is left as it was');
		assert.match(bash!.env['ANTHROPIC_BASE_URL']!, /\/anthropic$/);
		assert.equal(bash!.env['GEMINI_API_KEY'], undefined, 'no stand-in for a provider agentmux has no key for');
		assert.notEqual(bash!.env['ANTHROPIC_API_KEY'], proxied!.env['ANTHROPIC_API_KEY'], 'a token per pane');
		assert.equal(result.tokens.size, 2);

		const subscription = new CredentialService(credentialProxySettingsSchema.parse({}), {}, path.join(root, 'unused.jsonl'));
		const alone = await applyCredentialProxy('s', [spec('claude', {agent: 'claude', credentials: 'proxy', env: {CLAUDE_CODE_OAUTH_TOKEN: 'oauth'}})], new Map([['claude', claude]]), subscription);
		assert.deepEqual(alone.panes[0]!.env, {CLAUDE_CODE_OAUTH_TOKEN: 'oauth'});
		assert.match(alone.notices.get('claude')!, /Claude Code keeps its own login/);
		assert.equal(subscription.address(), undefined, 'the proxy starts only for a pane that uses it');
	} finally {
		await service.close();
		await upstream.close();
	}
});
