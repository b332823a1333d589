import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {parseJsonc} from '../../source/mcp/jsonc.js';
import type {McpServer} from '../../source/mcp/mcp-server.js';
import {mcpConfigArguments} from '../../source/mcp/read-claude.js';
import {readAgentServers} from '../../source/mcp/read-servers.js';
import {fixtures, fixtureTree} from './mcp-fixtures.js';

/** name -> "source-file-basename transport" for compact comparisons. */
function summary(servers: McpServer[]): Record<string, string> {
	return Object.fromEntries(
		servers.map(server => [
			server.name,
			`${server.scope} ${path.basename(server.source)} ${server.transport.kind === 'stdio' ? [server.transport.command, ...server.transport.args].join(' ') : `${server.transport.type} ${server.transport.url}`}`,
		]),
	);
}

test('Claude Code: ~/.claude.json (user and this project), .mcp.json at the git root, unknown fields ignored', t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	const sub = path.join(tree.project, 'src');
	fs.mkdirSync(sub);
	fs.renameSync(path.join(tree.project, '.mcp.json'), path.join(tree.repo, '.mcp.json'));
	const {servers, errors} = readAgentServers('claude', {cwd: sub, home: tree.home, env: {}, args: []});
	assert.deepEqual(errors, []);
	assert.deepEqual(summary(servers), {
		github: 'user .claude.json http https://api.githubcopilot.com/mcp/',
		memory: 'user .claude.json npx -y @modelcontextprotocol/server-memory',
		'local-db': 'user .claude.json uvx mcp-server-sqlite --db-path test.db',
		'project-fs': 'project .mcp.json npx -y @modelcontextprotocol/server-filesystem .',
		'docs-site': 'project .mcp.json sse http://localhost:3001/sse',
	});
	const memory = servers.find(server => server.name === 'memory')!;
	assert.deepEqual(memory.transport.kind === 'stdio' && memory.transport.env, {MEMORY_FILE_PATH: '/tmp/memory.json'});
	assert.equal(servers.find(server => server.name === 'local-db')!.key, `projects.${tree.project}.mcpServers`);
});

test('Claude Code: --mcp-config files and inline JSON; --strict-mcp-config reads nothing else', t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	fs.writeFileSync(path.join(tree.project, 'extra.json'), JSON.stringify({mcpServers: {extra: {command: 'extra-server', args: ['--port', '0']}}}));
	const inline = JSON.stringify({mcpServers: {inline: {type: 'http', url: 'https://example.test/mcp'}}});
	assert.deepEqual(mcpConfigArguments(['--settings', '{}', '--mcp-config', 'extra.json', inline, '--verbose']), {values: ['extra.json', inline], strict: false});
	const args = ['--mcp-config=extra.json', '--mcp-config', inline, '--strict-mcp-config'];
	const {servers, errors} = readAgentServers('claude', {cwd: tree.project, home: tree.home, env: {}, args});
	assert.deepEqual(errors, []);
	assert.deepEqual(summary(servers), {extra: 'args extra.json extra-server --port 0', inline: 'args --mcp-config (inline JSON) http https://example.test/mcp'});
	const all = readAgentServers('claude', {cwd: tree.project, home: tree.home, env: {}, args: args.slice(0, 3)});
	assert.equal(all.servers.length, 7);
});

test('Claude Code: CLAUDE_CONFIG_DIR moves ~/.claude.json', t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	const moved = path.join(tree.root, 'claude-config');
	fs.mkdirSync(moved);
	fs.renameSync(path.join(tree.home, '.claude.json'), path.join(moved, '.claude.json'));
	const {servers} = readAgentServers('claude', {cwd: tree.root, home: tree.home, env: {CLAUDE_CONFIG_DIR: moved}, args: []});
	assert.deepEqual(
		servers.map(server => server.name),
		['github', 'memory'],
	);
});

test('Gemini CLI: user and project settings with comments and trailing commas, extensions', t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	const {servers, errors} = readAgentServers('gemini', {cwd: tree.project, home: tree.home, env: {GEMINI_CLI_SYSTEM_SETTINGS_PATH: path.join(tree.root, 'none.json')}, args: []});
	assert.deepEqual(errors, []);
	assert.deepEqual(summary(servers), {
		context7: 'user settings.json http https://mcp.context7.com/mcp',
		fetch: 'user settings.json uvx mcp-server-fetch',
		'project-tool': 'project settings.json python3 tools/server.py',
		weather: 'user gemini-extension.json node ${extensionPath}/server.js',
	});
	// The system defaults beside the system settings count too.
	fs.writeFileSync(path.join(tree.root, 'system-defaults.json'), JSON.stringify({mcpServers: {org: {command: 'org-server'}}}));
	const withSystem = readAgentServers('gemini', {cwd: tree.root, home: tree.root, env: {GEMINI_CLI_SYSTEM_SETTINGS_PATH: path.join(tree.root, 'none.json')}, args: []});
	assert.deepEqual(summary(withSystem.servers), {org: 'user system-defaults.json org-server'});
	fs.rmSync(path.join(tree.root, 'system-defaults.json'));
	// GEMINI_CLI_HOME moves the home Gemini reads.
	const moved = readAgentServers('gemini', {cwd: tree.root, home: tree.root, env: {GEMINI_CLI_HOME: tree.home, GEMINI_CLI_SYSTEM_SETTINGS_PATH: path.join(tree.root, 'none.json')}, args: []});
	assert.deepEqual(
		moved.servers.map(server => server.name),
		['context7', 'fetch', 'weather'],
	);
});

test('Codex CLI: [mcp_servers.NAME] in $CODEX_HOME/config.toml, enabled = false kept as disabled', t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	const {servers, errors} = readAgentServers('codex', {cwd: tree.project, home: tree.home, env: {}, args: []});
	assert.deepEqual(errors, []);
	assert.deepEqual(summary(servers), {docs: 'user config.toml npx -y mcp-docs-server', figma: 'user config.toml http https://mcp.figma.com/mcp', old: 'user config.toml old-server'});
	assert.deepEqual(
		servers.map(server => server.disabled),
		[false, false, true],
	);
	const viaEnv = readAgentServers('codex', {cwd: tree.root, home: tree.root, env: {CODEX_HOME: path.join(tree.home, '.codex')}, args: []});
	assert.equal(viaEnv.servers.length, 3);
});

test('opencode: global config and the project file, local argv arrays and remote URLs', t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	const {servers, errors} = readAgentServers('opencode', {cwd: tree.project, home: tree.home, env: {}, args: []});
	assert.deepEqual(errors, []);
	assert.deepEqual(summary(servers), {
		sentry: 'user opencode.json http https://mcp.sentry.dev/mcp',
		everything: 'user opencode.json npx -y @modelcontextprotocol/server-everything',
		'project-local': 'project opencode.json bun run mcp.ts',
	});
});

test('broken files and entries are path: message lines, the rest is still read, nothing throws', t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	fs.copyFileSync(path.join(fixtures, 'broken/.mcp.json'), path.join(tree.project, '.mcp.json'));
	const claude = readAgentServers('claude', {cwd: tree.project, home: tree.home, env: {}, args: ['--mcp-config', '{not json']});
	assert.equal(claude.errors.length, 2, claude.errors.join('\n'));
	assert.match(claude.errors[0]!, /^--mcp-config \(inline JSON\): .*JSON/);
	assert.ok(claude.errors[1]!.startsWith(`${path.join(tree.project, '.mcp.json')}: `), claude.errors[1]);
	assert.ok(
		claude.servers.some(server => server.name === 'github'),
		'the user file is still read',
	);

	const codex = readAgentServers('codex', {cwd: tree.project, home: path.join(fixtures, 'broken/home'), env: {}, args: []});
	assert.equal(codex.servers.length, 0);
	assert.equal(codex.errors.length, 1);
	assert.ok(codex.errors[0]!.startsWith(`${path.join(fixtures, 'broken/home/.codex/config.toml')}: `), codex.errors[0]);

	const gemini = readAgentServers('gemini', {cwd: tree.root, home: tree.root, env: {GEMINI_CLI_SYSTEM_SETTINGS_PATH: path.join(fixtures, 'broken/.gemini-settings.json')}, args: []});
	assert.deepEqual(
		gemini.servers.map(server => server.name),
		['good'],
	);
	const settings = path.join(fixtures, 'broken/.gemini-settings.json');
	assert.deepEqual(gemini.errors, [`${settings}: mcpServers.bad: neither a command nor a url`, `${settings}: mcpServers.wrong: command: Invalid input: expected string, received number`]);

	// A file that is a folder, and a top level of the wrong type.
	fs.mkdirSync(path.join(tree.home, '.config/opencode/config.json'));
	fs.writeFileSync(path.join(tree.project, 'opencode.json'), '[1, 2]');
	const opencode = readAgentServers('opencode', {cwd: tree.project, home: tree.home, env: {}, args: []});
	assert.equal(opencode.servers.length, 2);
	assert.equal(opencode.errors.length, 2, opencode.errors.join('\n'));
	assert.match(opencode.errors[0]!, /config\.json: EISDIR/);
	assert.match(opencode.errors[1]!, /app\/opencode\.json: .*expected object/);
});

test('JSON with comments: comments and trailing commas go, strings keep // and /*', () => {
	assert.deepEqual(parseJsonc('{"a": "http://x/*y*/", // note\n "b": [1, 2,], /* c */ "c": {"d": 1,},}'), {a: 'http://x/*y*/', b: [1, 2], c: {d: 1}});
	assert.throws(() => parseJsonc('{"a": }'));
});

test("Codex CLI: -c mcp_servers overrides in the argv define or change servers, as the argv's", t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	const args = ['-c', 'notify=["x"]', '-c', 'mcp_servers.docs.command=evil-docs', '--config=mcp_servers.added={command = "added-server", args = ["-v"]}', '-c', 'mcp_servers=3'];
	const {servers, errors} = readAgentServers('codex', {cwd: tree.project, home: tree.home, env: {}, args});
	assert.deepEqual(errors, ['-c mcp_servers: not a setting of a server (mcp_servers.NAME.FIELD=VALUE)']);
	assert.deepEqual(summary(servers), {
		figma: 'user config.toml http https://mcp.figma.com/mcp',
		old: 'user config.toml old-server',
		docs: `args config.toml) evil-docs -y mcp-docs-server`,
		added: 'args config.toml) added-server -v',
	});
});

test('opencode: servers inline in OPENCODE_CONFIG_CONTENT', t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	const env = {OPENCODE_CONFIG_CONTENT: '{"mcp": {"inline": {"type": "local", "command": ["inline-server"]}}, // note\n}'};
	const {servers, errors} = readAgentServers('opencode', {cwd: tree.root, home: tree.root, env, args: []});
	assert.deepEqual(errors, []);
	assert.deepEqual(summary(servers), {inline: 'args OPENCODE_CONFIG_CONTENT inline-server'});
});
