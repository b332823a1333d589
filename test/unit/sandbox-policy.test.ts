import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {settingsSchema} from '../../source/config/settings-schema.js';
import {bwrapArguments} from '../../source/sandbox/bwrap-args.js';
import {hostAllowed, parseAuthority} from '../../source/sandbox/host-allow.js';
import {type Denial, NetworkProxy} from '../../source/sandbox/network-proxy.js';
import {normaliseUserPath} from '../../source/sandbox/sandbox-paths.js';
import {type PolicyInput, resolveSandboxPolicy, type SandboxPolicy} from '../../source/sandbox/sandbox-policy.js';
import {sandboxSpecSchema} from '../../source/sandbox/sandbox-schema.js';

const sandboxSettings = settingsSchema.parse({}).sandbox;
let root: string;
let home: string;
let cwd: string;

before(() => {
	root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-sandbox-unit-')));
	home = path.join(root, 'home');
	cwd = path.join(root, 'project');
	for (const folder of [
		path.join(home, '.ssh'),
		path.join(home, '.aws'),
		path.join(home, '.claude'),
		path.join(cwd, 'sub'),
		path.join(cwd, '.git', 'hooks'),
		path.join(root, 'config'),
		path.join(root, 'shared'),
	]) {
		fs.mkdirSync(folder, {recursive: true});
	}

	fs.writeFileSync(path.join(home, '.ssh', 'id_ed25519'), 'key');
	fs.writeFileSync(path.join(cwd, '.git', 'config'), '[core]\n');
	fs.symlinkSync(path.join(home, '.ssh'), path.join(cwd, 'keys'));
	fs.symlinkSync(home, path.join(root, 'home-link'));
});

after(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

function input(layers: PolicyInput['layers'], extra: Partial<PolicyInput> = {}): PolicyInput {
	return {
		cwd,
		home,
		env: {AGENTMUX_CONFIG_DIR: path.join(root, 'config'), AGENTMUX_STATE_DIR: path.join(root, 'state'), XDG_RUNTIME_DIR: path.join(root, 'run')},
		layers,
		settings: sandboxSettings,
		airGapped: false,
		...extra,
	};
}

function policy(layers: PolicyInput['layers'], extra: Partial<PolicyInput> = {}): SandboxPolicy {
	const result = resolveSandboxPolicy(input(layers, extra));
	assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
	return result.policy;
}

function errors(layers: PolicyInput['layers']): string {
	const result = resolveSandboxPolicy(input(layers));
	assert.equal(result.ok, false, 'refused');
	return result.ok ? '' : result.errors.join('\n');
}

describe('user paths', () => {
	it('a symbolic link cannot reopen a denied folder, to read or to write', () => {
		assert.match(errors([{mode: 'workspace', read: ['keys']}]), /sandbox\.read: .*\.ssh would re-open .*\.ssh, which stays denied/);
		assert.match(errors([{mode: 'workspace', write: [path.join(root, 'home-link', '.ssh')]}]), /sandbox\.write: .* would re-open .*\.ssh/);
		assert.match(errors([{mode: 'workspace', read: ['keys/id_ed25519']}]), /would re-open/);
	});

	it('".." cannot lead out of the pane folder, nor reopen a denied one', () => {
		assert.match(errors([{mode: 'workspace', write: ['sub/../../shared']}]), /"\.\." leads out of the pane's folder/);
		assert.match(errors([{mode: 'workspace', read: ['~/.claude/../.ssh']}]), /would re-open .*\.ssh/);
		assert.match(errors([{mode: 'workspace', read: ['~/.ssh/../.aws']}]), /would re-open .*\.aws/);
	});

	it('a path that does not exist is refused with its name', () => {
		assert.match(errors([{mode: 'workspace', write: ['~/missing']}]), /sandbox\.write: "~\/missing": .*missing does not exist/);
	});

	it("agentmux's own folders cannot be reopened", () => {
		assert.match(errors([{mode: 'workspace', write: [path.join(root, 'config')]}]), /would re-open .*config/);
	});

	it('normalises ~, relative paths and links to real paths', () => {
		assert.deepEqual(normaliseUserPath('~/.claude', {cwd, home}), {ok: true, path: path.join(home, '.claude')});
		assert.deepEqual(normaliseUserPath('sub/../sub', {cwd, home}), {ok: true, path: path.join(cwd, 'sub')});
		assert.deepEqual(normaliseUserPath(path.join(root, 'home-link', '.claude'), {cwd, home}), {ok: true, path: path.join(home, '.claude')});
		assert.equal(normaliseUserPath('~other/x', {cwd, home}).ok, false);
	});

	it('a pane folder inside a hidden one is refused', () => {
		const result = resolveSandboxPolicy({...input(['workspace']), cwd: path.join(home, '.ssh')});
		assert.equal(result.ok, false);
		assert.match(result.ok ? '' : result.errors[0]!, /lies in .*\.ssh, which a sandbox hides/);
	});
});

describe('modes and defaults', () => {
	it('workspace: cwd and the agent folders writable; secrets and agentmux folders hidden; hooks and git config read-only', () => {
		const resolved = policy(['workspace', {network: ['api.anthropic.com']}], {agent: 'claude'});
		assert.equal(resolved.mode, 'workspace');
		assert.deepEqual(resolved.writable, [cwd, path.join(home, '.claude')]);
		assert.ok(resolved.denied.includes(path.join(home, '.ssh')));
		assert.ok(resolved.denied.includes(path.join(home, '.aws')));
		assert.ok(resolved.denied.includes(path.join(root, 'config')));
		assert.deepEqual(resolved.protected.sort(), [path.join(cwd, '.git', 'config'), path.join(cwd, '.git', 'hooks')]);
		assert.deepEqual(resolved.network, ['api.anthropic.com']);
	});

	it('strict: only the cwd writable and no network', () => {
		const resolved = policy(['strict', {network: ['api.anthropic.com']}], {agent: 'claude'});
		assert.deepEqual(resolved.writable, [cwd]);
		assert.equal(resolved.network, 'off');
	});

	it('the last layer with a mode wins; a pane object without one means a sandbox; prefer is workspace with a fallback', () => {
		assert.equal(policy(['off']).mode, 'off');
		assert.equal(policy(['off', undefined, {network: ['x.example']}]).mode, 'workspace');
		assert.equal(policy(['workspace', undefined, 'off']).mode, 'off');
		const preferred = policy(['off', undefined, 'prefer']);
		assert.equal(preferred.mode, 'workspace');
		assert.equal(preferred.fallback, true);
	});

	it('air-gapped: loopback only, whatever the pane lists, and no pane left without a sandbox', () => {
		const gapped = policy(['off', undefined, {network: ['example.com']}], {airGapped: true});
		assert.deepEqual(gapped.network, ['localhost', '127.0.0.1', '[::1]']);
		assert.equal(policy(['off'], {airGapped: true}).mode, 'workspace');
		assert.equal(policy([{mode: 'workspace', network: 'off'}], {airGapped: true}).network, 'off');
	});

	it('other work trees are hidden unless they hold the pane or lie in it', () => {
		const resolved = policy(['workspace'], {otherWorkTrees: [path.join(root, 'shared'), root, path.join(cwd, 'sub')]});
		assert.ok(resolved.denied.includes(path.join(root, 'shared')));
		assert.ok(!resolved.denied.includes(root));
		assert.ok(!resolved.denied.includes(path.join(cwd, 'sub')));
	});

	it('the schema refuses unknown modes and bad hosts with a message', () => {
		assert.equal(sandboxSpecSchema.safeParse('loose').success, false);
		const bad = sandboxSpecSchema.safeParse({network: ['http://x']});
		assert.equal(bad.success, false);
		assert.equal(sandboxSpecSchema.safeParse({mode: 'strict', network: ['*.example.com', 'localhost:8080', '[::1]:443']}).success, true);
	});
});

describe('bubblewrap argv', () => {
	it('hides what is denied after binding what is writable, keeps protected paths read-only last, and passes the argv through untouched', () => {
		const resolved = policy(['workspace'], {agent: 'claude'});
		const args = bwrapArguments({policy: resolved, stubs: {directory: '/stub/d', file: '/stub/f'}, socat: '/usr/bin/socat'}, '/bin/echo', ['$(id)', "it's"]);
		const index = (flag: string, target: string) => args.findIndex((word, at) => word === flag && args[at + 2] === target);
		assert.ok(args.includes('--unshare-net') && args.includes('--cap-drop'));
		assert.ok(index('--bind', cwd) < index('--ro-bind', path.join(cwd, '.git', 'hooks')));
		assert.ok(index('--ro-bind', path.join(home, '.ssh')) > index('--bind', cwd));
		assert.equal(args[index('--ro-bind', path.join(home, '.ssh')) + 1], '/stub/d');
		assert.deepEqual(args.slice(-3), ['/bin/echo', '$(id)', "it's"]);
		assert.ok(!args.includes('/bin/sh'), 'no network list: no bridge');
	});

	it('with a network list the proxy socket is bound in and the constant bridge script takes the argv as "$@"', () => {
		const resolved = policy([{mode: 'workspace', network: ['example.com']}]);
		const args = bwrapArguments({policy: resolved, stubs: {directory: '/stub/d', file: '/stub/f'}, proxySocket: '/run/p.sock', socat: '/usr/bin/socat'}, '/bin/echo', ['a b']);
		const dash = args.indexOf('--');
		assert.deepEqual(args.slice(dash + 1, dash + 3), ['/bin/sh', '-c']);
		assert.doesNotMatch(args[dash + 3]!, /echo|a b/, 'the program is not part of the script');
		assert.deepEqual(args.slice(dash + 4), ['/usr/bin/socat', '/bin/echo', 'a b']);
		assert.ok(args.join('\n').includes('--bind\n/run/p.sock\n/tmp/.agentmux/proxy.sock'));
	});
	it('a program installed under the private /tmp stays visible, read-only, and denied folders inside it stay hidden', () => {
		const resolved = policy(['workspace']);
		const script = path.join(root, 'project', 'sub', 'cli.js');
		fs.writeFileSync(script, '');
		const args = bwrapArguments({policy: resolved, stubs: {directory: '/stub/d', file: '/stub/f'}, socat: '/usr/bin/socat'}, '/bin/echo', [script]);
		const at = (flag: string, target: string) => args.findIndex((word, index) => word === flag && args[index + 1] === target && args[index + 2] === target);
		assert.ok(root.startsWith(`${os.tmpdir()}${path.sep}`), 'the fixture lives in /tmp');
		assert.ok(at('--ro-bind', root) !== -1, `the checkout holding the script is revealed: ${args.join(' ')}`);
		assert.ok(at('--ro-bind', root) < args.indexOf(path.join(home, '.ssh')), 'and is bound before what is denied');
		const plain = bwrapArguments({policy: resolved, stubs: {directory: '/stub/d', file: '/stub/f'}, socat: '/usr/bin/socat'}, '/bin/echo', ['hello']);
		assert.ok(!plain.some((word, index) => word === '--ro-bind' && plain[index + 1] === root), 'nothing extra for a program outside /tmp');
	});
});

describe('behind the credential proxy', () => {
	it('a pane reaches no provider host directly, whatever its profile lists, and keeps its other hosts', () => {
		const resolved = policy([{mode: 'workspace', network: ['api.anthropic.com', 'api.anthropic.com:443', 'example.com']}], {withoutHosts: ['api.anthropic.com'], extraHosts: ['127.0.0.1:4000']});
		assert.deepEqual(resolved.network, ['example.com', '127.0.0.1:4000']);
	});
});

describe('host allow-list', () => {
	it('matches names, ports and subdomains exactly', () => {
		const list = ['api.example.com', 'localhost:8080', '*.cdn.example.com', '[::1]:443'];
		assert.equal(hostAllowed({host: 'api.example.com', port: 443}, list), true);
		assert.equal(hostAllowed({host: 'API.example.com.', port: 80}, list), true);
		assert.equal(hostAllowed({host: 'evil-api.example.com', port: 443}, list), false);
		assert.equal(hostAllowed({host: 'localhost', port: 8080}, list), true);
		assert.equal(hostAllowed({host: 'localhost', port: 8081}, list), false);
		assert.equal(hostAllowed({host: '127.0.0.1', port: 8080}, list), false);
		assert.equal(hostAllowed({host: 'a.cdn.example.com', port: 443}, list), true);
		assert.equal(hostAllowed({host: 'cdn.example.com', port: 443}, list), false);
		assert.equal(hostAllowed({host: '[::1]', port: 443}, list), true);
		assert.deepEqual(parseAuthority('[::1]:443'), {host: '[::1]', port: 443});
		assert.equal(parseAuthority('example.com'), undefined);
		assert.equal(parseAuthority('a:99999'), undefined);
	});
});

describe('network proxy', () => {
	it('tunnels to a listed host, refuses another and reports it, on its Unix socket', async () => {
		const upstream = http.createServer((_request, response) => response.end('up'));
		await new Promise<void>(resolve => {
			upstream.listen(0, '127.0.0.1', resolve);
		});
		const port = (upstream.address() as net.AddressInfo).port;
		const denials: Denial[] = [];
		const socketPath = path.join(root, 'proxy.sock');
		const proxy = await NetworkProxy.start({socketPath, allowList: [`localhost:${port}`], onDenied: denial => denials.push(denial)});
		try {
			assert.equal(fs.statSync(socketPath).mode & 0o777, 0o600);
			const ask = async (line: string) =>
				new Promise<string>((resolve, reject) => {
					const socket = net.connect(socketPath, () => socket.write(line));
					let text = '';
					socket.on('data', chunk => {
						text += chunk.toString();
						if (text.includes('\r\n\r\n')) socket.destroy();
					});
					socket.on('close', () => resolve(text));
					socket.on('error', reject);
				});
			assert.match(await ask(`CONNECT localhost:${port} HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`), /^HTTP\/1\.1 200/);
			assert.match(await ask(`CONNECT 127.0.0.1:${port} HTTP/1.1\r\n\r\n`), /^HTTP\/1\.1 403/);
			assert.match(await ask(`GET http://localhost:${port}/x HTTP/1.1\r\nHost: localhost\r\n\r\n`), /^HTTP\/1\.1 200/);
			assert.deepEqual(denials, [{target: {host: '127.0.0.1', port}, method: 'CONNECT'}]);
		} finally {
			await proxy.close();
			upstream.closeAllConnections();
			upstream.close();
		}
	});
});

describe('a linked git worktree', () => {
	it('may commit into the main repository .git, whose hooks and config stay read-only', () => {
		const repository = path.join(root, 'repository');
		const tree = path.join(root, 'repository.worktrees', 'feature');
		const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {cwd: repository, stdio: 'ignore'});
		fs.mkdirSync(repository);
		git('init', '-q');
		git('commit', '-q', '--allow-empty', '-m', 'start');
		git('worktree', 'add', '-q', '-b', 'feature', tree);
		const result = policy(['workspace'], {cwd: path.join(tree)});
		const common = path.join(repository, '.git');
		assert.ok(result.writable.includes(common), `writable: ${result.writable.join(', ')}`);
		assert.ok(result.protected.includes(path.join(common, 'hooks')) && result.protected.includes(path.join(common, 'config')), `protected: ${result.protected.join(', ')}`);
		// A plain repository's .git lies in its own cwd: nothing outside is opened.
		assert.ok(!policy(['workspace'], {cwd: repository}).writable.some(entry => entry.startsWith(path.join(root, 'repository.worktrees'))));
	});
});
