import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {baseEnvironment, makeTempDir, runPiped, startAgentmux} from '../helpers/terminal-harness.js';

/** A folder with work, home, config and state subfolders, removed after the test. */
function sandbox(t: {after: (fn: () => void) => void}) {
	const root = makeTempDir();
	t.after(() => {
		fs.rmSync(root, {recursive: true, force: true});
	});
	const dirs = {work: path.join(root, 'work'), home: path.join(root, 'home'), config: path.join(root, 'config'), state: path.join(root, 'state')};
	for (const dir of Object.values(dirs)) {
		fs.mkdirSync(dir);
	}

	return {...dirs, env: baseEnvironment(dirs)};
}

// A pane that would leave a mark if it were ever started.
const marker = {name: 'marker', command: 'touch', args: ['pane-was-started']};

const badWorkspaces: Array<{what: string; content: string; expected: RegExp[]}> = [
	{what: 'bad JSON', content: '{"panes": [', expected: [/^\S*workspace\.json: \(root\): not valid JSON: /]},
	{what: 'a pane without command', content: JSON.stringify({panes: [marker, {name: 'nothing'}]}), expected: [/^\S*workspace\.json: panes\.1\.command: .+/]},
	{what: 'onExit "later"', content: JSON.stringify({panes: [marker, {command: 'bash', onExit: 'later'}]}), expected: [/^\S*workspace\.json: panes\.1\.onExit: .+/]},
	{
		what: 'several mistakes',
		content: JSON.stringify({layout: 'spiral', panes: [{command: ''}, marker, {command: 'bash', extra: 1}]}),
		expected: [/: layout: /, /: panes\.0\.command: /, /: panes\.2: .*extra/],
	},
	{what: 'no panes', content: JSON.stringify({panes: []}), expected: [/: panes: /]},
	{
		what: 'a split tree whose sizes do not match its panes',
		content: JSON.stringify({split: 'vertical', sizes: [60], panes: [marker, {split: 'horizontal', sizes: [1, 2, 3], panes: [{command: 'bash'}, {command: 'bash'}]}]}),
		expected: [/: sizes: one size per entry of "panes": 2 panes, 1 sizes$/, /: panes\.1\.sizes: one size per entry of "panes": 2 panes, 3 sizes$/],
	},
];

for (const {what, content, expected} of badWorkspaces) {
	test(`a workspace with ${what} is reported as path: message, exits 2 and starts nothing`, async t => {
		const box = sandbox(t);
		const file = path.join(box.work, 'workspace.json');
		fs.writeFileSync(file, content);
		const result = await runPiped(['--workspace', file], {cwd: box.work, env: box.env});
		assert.equal(result.exitCode, 2, `exit code; stderr: ${result.stderr}`);
		assert.equal(result.stdout, '', 'nothing on stdout');
		const lines = result.stderr.trimEnd().split('\n');
		for (const pattern of expected) {
			assert.ok(
				lines.some(line => pattern.test(line)),
				`stderr has a line matching ${String(pattern)}:\n${result.stderr}`,
			);
		}

		for (const line of lines) {
			assert.ok(line.startsWith(`${file}: `), `every line names the file: ${line}`);
		}

		assert.equal(fs.existsSync(path.join(box.work, 'pane-was-started')), false, 'no pane was started');
		assert.equal(fs.readFileSync(file, 'utf8'), content, 'the workspace file is untouched');
	});
}

test('a bad workspace in a real terminal never enters full screen', async t => {
	const am = startAgentmux(t, {workspace: {panes: [marker, {command: 'bash', onExit: 'later'}]}});
	const result = await am.waitForExit();
	assert.equal(result.exitCode, 2);
	assert.ok(!am.rawOutput.includes('\u001B[?1049h'), 'the alternate screen was never entered');
	assert.ok(!am.rawOutput.includes('\u001B[?2004h'), 'bracketed paste was never turned on');
	await am.waitForText(/workspace\.json: panes\.1\.onExit: /);
	assert.equal(fs.existsSync(path.join(am.cwd, 'pane-was-started')), false);
	assert.equal(am.modes.buffer, 'normal');
	// The server the client started while it loaded (see startServerEarly) ends with it: no session
	// was made, so nothing would ever use it. Without that it would wait out its 10 s idle time.
	await am.waitFor(() => am.serverProcesses().length === 0, 'the server started for this client to end', {timeoutMs: 5000});
});

const badConfigs: Array<{what: string; content: string; expected: RegExp}> = [
	{what: 'scrollback -5', content: '{\n  "scrollback": -5\n}\n', expected: /config\.json: scrollback: /},
	{what: 'an unknown layout', content: '{"defaultLayout": "spiral"}', expected: /config\.json: defaultLayout: /},
	{what: 'an unknown key', content: '{"prefix": "ctrl+\\\\", "colour": "blue"}', expected: /config\.json: .*colour/},
	{what: 'a bad key spec', content: '{"bindings": {"zoom": ["hyper+z"]}}', expected: /config\.json: bindings\.zoom\.0: .*hyper/},
	{what: 'bad JSON', content: '{"scrollback": ', expected: /config\.json: /},
];

for (const {what, content, expected} of badConfigs) {
	test(`a config.json with ${what} exits 2 and is left exactly as written`, async t => {
		const box = sandbox(t);
		const file = path.join(box.config, 'config.json');
		fs.writeFileSync(file, content);
		const before = fs.statSync(file);
		const result = await runPiped([], {cwd: box.work, env: box.env});
		assert.equal(result.exitCode, 2, `exit code; stderr: ${result.stderr}`);
		assert.match(result.stderr, expected);
		for (const line of result.stderr.trimEnd().split('\n')) {
			assert.match(line, /config\.json: \S.*: ./, `path: message line: ${line}`);
		}

		assert.equal(fs.readFileSync(file, 'utf8'), content, 'config.json unchanged');
		assert.equal(fs.statSync(file).mtimeMs, before.mtimeMs, 'config.json not rewritten');
		assert.deepEqual(fs.readdirSync(box.config), ['config.json'], 'nothing else written next to it');
	});
}

test('--layout with an unknown name exits 2', async t => {
	const box = sandbox(t);
	const result = await runPiped(['--layout', 'spiral'], {cwd: box.work, env: box.env});
	assert.equal(result.exitCode, 2);
	assert.match(result.stderr, /^--layout: .+/);
});

test('a missing workspace file exits 2 and says so', async t => {
	const box = sandbox(t);
	const file = path.join(box.work, 'nope.json');
	const result = await runPiped(['--workspace', file], {cwd: box.work, env: box.env});
	assert.equal(result.exitCode, 2);
	assert.match(result.stderr, new RegExp(`^${file.replaceAll('.', '\\.')}: \\(root\\): cannot read: ENOENT`));
});
