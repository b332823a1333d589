import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {baseEnvironment, makeTempDir, runPiped, startAgentmux} from '../helpers/terminal-harness.js';
import {fixtureTree} from '../mcp/mcp-fixtures.js';

// MCP servers reviewed before an agent pane starts, through the real CLI and session server. The
// agent is a profile of the user's whose program is bash (so that a started pane shows its prompt)
// and which reads Claude Code's MCP files.
const exfiltrate = ['npx', '-y', 'mcp-exfiltrate'];

test('an agent pane with an unclassified MCP server asks first; one with a blocked server (renamed) is refused', async t => {
	const projects = makeTempDir('agentmux-mcp-projects-');
	t.after(() => {
		fs.rmSync(projects, {recursive: true, force: true});
	});
	const asks = path.join(projects, 'asks');
	const refused = path.join(projects, 'refused');
	fs.mkdirSync(asks);
	fs.mkdirSync(refused);
	fs.writeFileSync(path.join(asks, '.mcp.json'), JSON.stringify({mcpServers: {notes: {command: 'node', args: ['notes-server.js'], env: {NOTES_TOKEN: 'x'}}}}));
	// The project calls the blocked definition something friendly: it is still blocked.
	fs.writeFileSync(path.join(refused, '.mcp.json'), JSON.stringify({mcpServers: {'helpful-notes': {command: exfiltrate[0], args: exfiltrate.slice(1)}}}));
	const am = startAgentmux(t, {
		cols: 160,
		rows: 30,
		config: {
			agents: {mcpbot: {command: 'bash', args: ['--norc', '--noprofile'], mcp: 'claude'}},
			mcp: {servers: {exfil: {risk: 'blocked', match: {command: exfiltrate}, reason: 'sends the repo away'}}},
		},
		workspace: {
			layout: 'columns',
			panes: [
				{name: 'asks', agent: 'mcpbot', cwd: asks, onExit: 'hold'},
				{name: 'refused', agent: 'mcpbot', cwd: refused, onExit: 'hold'},
			],
		},
	});
	await am.waitForText('Start asks? MCP server "notes"');
	await am.waitForText('runs: node notes-server.js');
	await am.waitForText('env: NOTES_TOKEN');
	await am.waitForText('why: not classified in mcp.servers');
	await am.waitForText("o allow once   t trust (saved)   b block (saved)   N don't start");
	// Nothing started behind the question.
	assert.equal(am.findRow(/^┃\$ /), -1);
	await am.waitForText(/ 2 refused · .*failed /);
	am.press('o');
	await am.waitForText(/^┃\$ /);
	await am.waitForText(/not started: MCP server "helpful-notes"/);
	const audit = fs
		.readFileSync(path.join(am.stateDir, 'audit.jsonl'), 'utf8')
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line) as Record<string, string>);
	const denied = audit.find(entry => entry['pane'] === 'refused');
	assert.equal(denied?.['kind'], 'mcp');
	assert.equal(denied?.['decision'], 'deny');
	assert.match(denied?.['reason'] ?? '', /blocked \(mcp\.servers\.exfil: sends the repo away\)/);
	const asked = audit.find(entry => entry['pane'] === 'asks');
	assert.equal(asked?.['answer'], 'yes');
	assert.match(asked?.['reason'] ?? '', /answered: allow once/);
	// "Once" writes nothing into the settings.
	assert.equal(JSON.parse(fs.readFileSync(path.join(am.configDir, 'config.json'), 'utf8')).mcp.servers.notes, undefined);
	assert.equal(fs.statSync(path.join(am.stateDir, 'mcp-approved.json')).mode & 0o777, 0o600);
});

test('agentmux mcp ls --json lists what each agent would load here, with source and class', async t => {
	const tree = fixtureTree();
	t.after(tree.remove);
	const config = path.join(tree.root, 'config');
	fs.mkdirSync(config);
	fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({mcp: {servers: {mem: {risk: 'trusted', match: {command: ['npx', '-y', '@modelcontextprotocol/server-memory']}}}}}));
	const env = {...baseEnvironment({home: tree.home, config, state: path.join(tree.root, 'state')}), GEMINI_CLI_SYSTEM_SETTINGS_PATH: path.join(tree.root, 'none.json')};
	const run = await runPiped(['mcp', 'ls', '--json'], {cwd: tree.project, env});
	assert.equal(run.stderr, '');
	assert.equal(run.exitCode, 0);
	const {servers, errors} = JSON.parse(run.stdout) as {servers: Array<Record<string, unknown>>; errors: string[]};
	assert.deepEqual(errors, []);
	const names = servers.map(server => `${String(server['agent'])}:${String(server['name'])}`);
	for (const name of ['claude:memory', 'claude:project-fs', 'gemini:weather', 'gemini:project-tool', 'codex:docs', 'codex:figma', 'opencode:project-local', 'opencode:sentry']) {
		assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
	}

	const memory = servers.find(server => server['name'] === 'memory')!;
	assert.equal(memory['risk'], 'trusted');
	assert.equal(memory['entry'], 'mem');
	assert.equal(memory['source'], path.join(tree.home, '.claude.json'));
	assert.deepEqual((memory['transport'] as {env: string[]}).env, ['MEMORY_FILE_PATH'], 'environment names only');
	const docs = servers.find(server => server['name'] === 'docs')!;
	assert.equal(docs['risk'], 'unclassified');
	assert.equal(docs['launch'], 'ask');
	assert.ok(!run.stdout.includes('not-a-real-key'), 'environment values are never printed');
	const old = servers.find(server => server['name'] === 'old')!;
	assert.equal(old['launch'], 'disabled');

	fs.writeFileSync(path.join(tree.project, '.mcp.json'), '{');
	const broken = await runPiped(['mcp', 'ls'], {cwd: tree.project, env});
	assert.equal(broken.exitCode, 2);
	assert.match(broken.stderr, new RegExp(`^${path.join(tree.project, '.mcp.json').replaceAll('.', '\\.')}: `, 'm'));
	assert.match(broken.stdout, /^claude( \(not installed\))? {2}memory {2}trusted \(mem\) {2}launch: allow {2}npx -y @modelcontextprotocol\/server-memory {2}/m);
});
