import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, it} from 'node:test';
import {formatIssues} from '../../source/config/format-issues.js';
import {formatKeySpec, keySpecSchema, parseKeySpec} from '../../source/config/key-spec.js';
import {loadSettings} from '../../source/config/load-settings.js';
import {resolveBindings, settingsSchema} from '../../source/config/settings-schema.js';
import {defaultShellPane, loadWorkspace} from '../../source/config/workspace.js';

describe('parseKeySpec / formatKeySpec', () => {
	it('parses modifiers and names', () => {
		assert.deepEqual(parseKeySpec('ctrl+\\'), {name: '\\', ctrl: true, alt: false, shift: false});
		assert.deepEqual(parseKeySpec('alt+1'), {name: '1', ctrl: false, alt: true, shift: false});
		assert.deepEqual(parseKeySpec('Ctrl+Shift+Left'), {name: 'left', ctrl: true, alt: false, shift: true});
		assert.deepEqual(parseKeySpec('meta+x'), {name: 'x', ctrl: false, alt: true, shift: false});
		assert.deepEqual(parseKeySpec('control+option+f5'), {name: 'f5', ctrl: true, alt: true, shift: false});
		assert.deepEqual(parseKeySpec('space'), {name: 'space', ctrl: false, alt: false, shift: false});
		assert.deepEqual(parseKeySpec('?'), {name: '?', ctrl: false, alt: false, shift: false});
	});

	it('"ctrl++" names the plus key', () => {
		assert.deepEqual(parseKeySpec('ctrl++'), {name: '+', ctrl: true, alt: false, shift: false});
	});

	it('rejects unknown modifiers and keys with a message', () => {
		assert.equal(typeof parseKeySpec('hyper+x'), 'string');
		assert.match(parseKeySpec('hyper+x') as string, /unknown modifier "hyper"/);
		assert.match(parseKeySpec('ctrl+banana') as string, /unknown key "banana"/);
		assert.equal(typeof parseKeySpec(''), 'string');
		assert.equal(typeof parseKeySpec('ctrl+'), 'string');
	});

	it('formats for the status bar', () => {
		assert.equal(formatKeySpec(parseKeySpec('ctrl+\\') as never), 'Ctrl-\\');
		assert.equal(formatKeySpec(parseKeySpec('alt+shift+left') as never), 'Alt-Shift-Left');
		assert.equal(formatKeySpec(parseKeySpec('f12') as never), 'F12');
	});

	it('keySpecSchema turns a bad key into a zod issue', () => {
		const result = keySpecSchema.safeParse('ctrl+nope');
		assert.equal(result.success, false);
		assert.match(result.error!.issues[0]!.message, /unknown key "nope"/);
	});
});

describe('settingsSchema', () => {
	it('defaults: prefix Ctrl-\\, scrollback 10000, tiled, quick switch on', () => {
		const settings = settingsSchema.parse({});
		assert.deepEqual(settings.prefix, {name: '\\', ctrl: true, alt: false, shift: false});
		assert.equal(settings.scrollback, 10_000);
		assert.equal(settings.defaultLayout, 'tiled');
		assert.equal(settings.quickSwitch, true);
		assert.equal(settings.shell, undefined);
	});

	it('default bindings resolve; user bindings replace only their action', () => {
		const bindings = resolveBindings(settingsSchema.parse({bindings: {zoom: ['f']}}));
		assert.deepEqual(
			bindings.zoom.map(spec => spec.name),
			['f'],
		);
		assert.deepEqual(
			bindings['next-pane'].map(spec => spec.name),
			['n', 'o'],
		);
		assert.deepEqual(
			bindings.help.map(spec => spec.name),
			['?'],
		);
		assert.deepEqual(
			bindings['next-layout'].map(spec => spec.name),
			['space'],
		);
	});

	it('rejects bad values with their paths', () => {
		const cases: Array<[unknown, string]> = [
			[{scrollback: -1}, 'scrollback'],
			[{scrollback: 1.5}, 'scrollback'],
			[{scrollback: 'lots'}, 'scrollback'],
			[{defaultLayout: 'spiral'}, 'defaultLayout'],
			[{prefix: 'ctrl+nope'}, 'prefix'],
			[{bindings: {zoom: []}}, 'bindings.zoom'],
			[{bindings: {zoom: ['ctrl+nope']}}, 'bindings.zoom.0'],
			[{bindings: {fly: ['f']}}, 'bindings'],
			[{unknownSetting: true}, '(root)'],
			[{quickSwitch: 'yes'}, 'quickSwitch'],
		];
		for (const [input, expectedPath] of cases) {
			const result = settingsSchema.safeParse(input);
			assert.equal(result.success, false, `accepted ${JSON.stringify(input)}`);
			const lines = formatIssues('config.json', result.error!);
			assert.ok(
				lines.some(line => line.startsWith(`config.json: ${expectedPath}: `)),
				`${JSON.stringify(input)} gave ${JSON.stringify(lines)}`,
			);
		}
	});
});

describe('loadWorkspace', () => {
	let directory: string;
	beforeEach(() => {
		directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-workspace-'));
	});
	afterEach(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});

	function file(name: string, content: unknown): string {
		const target = path.join(directory, name);
		fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
		return target;
	}

	it('reads a valid file and resolves defaults', () => {
		const target = file('ws.json', {layout: 'columns', panes: [{name: 'tests', command: 'npm', args: ['test'], env: {CI: '1'}, onExit: 'hold'}, {command: '/bin/bash'}]});
		const result = loadWorkspace(target);
		assert.ok(result.ok, JSON.stringify(result));
		assert.equal(result.workspace.layout, 'columns');
		assert.deepEqual(result.panes[0], {name: 'tests', command: 'npm', args: ['test'], cwd: directory, env: {CI: '1'}, onExit: 'hold'});
		assert.deepEqual(result.panes[1], {name: 'bash', command: '/bin/bash', args: [], cwd: directory, env: {}, onExit: 'close'});
	});

	it("resolves a relative cwd against the file's folder, not the process cwd", () => {
		fs.mkdirSync(path.join(directory, 'sub'));
		const target = file('ws.json', {
			panes: [
				{command: 'ls', cwd: 'sub'},
				{command: 'ls', cwd: '../elsewhere'},
				{command: 'ls', cwd: '/tmp'},
			],
		});
		const result = loadWorkspace(path.relative(process.cwd(), target));
		assert.ok(result.ok, JSON.stringify(result));
		assert.equal(result.panes[0]!.cwd, path.join(directory, 'sub'));
		assert.equal(result.panes[1]!.cwd, path.join(path.dirname(directory), 'elsewhere'));
		assert.equal(result.panes[2]!.cwd, '/tmp');
	});

	it('bad JSON is an error naming the file', () => {
		const target = file('bad.json', '{"panes": [');
		const result = loadWorkspace(target);
		assert.equal(result.ok, false);
		assert.ok(!result.ok && result.errors.length === 1);
		assert.match(!result.ok ? result.errors[0]! : '', new RegExp(`^${target.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: \\(root\\): not valid JSON`));
	});

	it('a missing file is an error, not a throw', () => {
		const result = loadWorkspace(path.join(directory, 'absent.json'));
		assert.equal(result.ok, false);
		assert.match(!result.ok ? result.errors[0]! : '', /cannot read: ENOENT/);
	});

	it('a pane without command is rejected with its path', () => {
		const target = file('ws.json', {panes: [{command: 'ls'}, {name: 'x'}]});
		const result = loadWorkspace(target);
		assert.equal(result.ok, false);
		assert.ok(!result.ok && result.errors.some(line => line.startsWith(`${target}: panes.1.command: `)), JSON.stringify(result));
	});

	it('a bad onExit is rejected with its path', () => {
		const target = file('ws.json', {panes: [{command: 'ls', onExit: 'explode'}]});
		const result = loadWorkspace(target);
		assert.equal(result.ok, false);
		assert.ok(!result.ok && result.errors.some(line => line.startsWith(`${target}: panes.0.onExit: `)), JSON.stringify(result));
	});

	it('a command with spaces (a shell string) is rejected', () => {
		const target = file('ws.json', {panes: [{command: 'npm run test'}]});
		const result = loadWorkspace(target);
		assert.equal(result.ok, false);
		assert.ok(!result.ok && result.errors.some(line => line.includes('panes.0.command') && line.includes('args')), JSON.stringify(result));
	});

	it('no panes, unknown keys and bad layouts are rejected', () => {
		for (const [content, where] of [
			[{panes: []}, 'panes'],
			[{panes: [{command: 'ls', colour: 'red'}]}, 'panes.0'],
			[{layout: 'spiral', panes: [{command: 'ls'}]}, 'layout'],
			[[], '(root)'],
		] as const) {
			const result = loadWorkspace(file('ws.json', content));
			assert.equal(result.ok, false, JSON.stringify(content));
			assert.ok(!result.ok && result.errors.some(line => line.includes(`: ${where}: `)), JSON.stringify(result));
		}
	});

	it('defaultShellPane uses the given shell, then $SHELL', () => {
		assert.equal(defaultShellPane('/bin/zsh').name, 'zsh');
		assert.equal(defaultShellPane('/bin/zsh').cwd, process.cwd());
		assert.equal(defaultShellPane('/bin/zsh').onExit, 'close');
	});
});

describe('loadSettings', () => {
	let directory: string;
	beforeEach(() => {
		directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-config-'));
	});
	afterEach(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});

	it('no file: defaults, and no file is created', () => {
		const result = loadSettings(directory);
		assert.ok(result.ok, JSON.stringify(result));
		assert.equal(result.settings.scrollback, 10_000);
		assert.equal(result.settings.prefix.name, '\\');
		assert.equal(result.path, path.join(directory, 'config.json'));
		assert.deepEqual(fs.readdirSync(directory), []);
	});

	it('reads valid settings', () => {
		fs.writeFileSync(path.join(directory, 'config.json'), JSON.stringify({scrollback: 500, prefix: 'ctrl+a', defaultLayout: 'rows'}));
		const result = loadSettings(directory);
		assert.ok(result.ok, JSON.stringify(result));
		assert.equal(result.settings.scrollback, 500);
		assert.deepEqual(result.settings.prefix, {name: 'a', ctrl: true, alt: false, shift: false});
		assert.equal(result.settings.defaultLayout, 'rows');
	});

	it('a bad value is "path: message" and the file is left as written', () => {
		const target = path.join(directory, 'config.json');
		const text = '{\n  "scrollback": -5,\n  "prefix": "ctrl+a"\n}\n';
		fs.writeFileSync(target, text);
		const result = loadSettings(directory);
		assert.equal(result.ok, false);
		assert.ok(!result.ok && result.errors.some(line => line.startsWith(`${target}: scrollback: `)), JSON.stringify(result));
		assert.equal(fs.readFileSync(target, 'utf8'), text);
		assert.deepEqual(fs.readdirSync(directory), ['config.json']);
	});

	it('invalid JSON is an error and the file is left as written', () => {
		const target = path.join(directory, 'config.json');
		const text = '{"scrollback": ';
		fs.writeFileSync(target, text);
		const result = loadSettings(directory);
		assert.equal(result.ok, false);
		assert.ok(!result.ok && result.errors[0]!.includes('config.json'), JSON.stringify(result));
		assert.equal(fs.readFileSync(target, 'utf8'), text);
	});
});
