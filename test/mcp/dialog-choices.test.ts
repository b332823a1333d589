import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {ClientView} from '../../source/app/client-view.js';
import {PaneSet} from '../../source/app/pane-set.js';
import {settingsSchema} from '../../source/config/settings-schema.js';

const choices = [
	{key: 'o', label: 'allow once'},
	{key: 't', label: 'trust (saved)'},
	{key: 'n', label: "don't start"},
];

test('a question with choices: its keys answer (either case), anything else, Esc and Enter give the last; y/N is unchanged', async t => {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-choices-'));
	const settings = settingsSchema.parse({});
	const panes = new PaneSet({settings, layout: 'tiled'});
	const view = new ClientView({panes, settings, cols: 100, rows: 24, write() {}});
	t.after(async () => {
		view.dispose();
		await panes.dispose();
		fs.rmSync(folder, {recursive: true, force: true});
	});
	panes.resize(100, 24);
	panes.start([{name: 'cat', command: 'cat', args: [], cwd: folder, env: {}, onExit: 'hold'}]);

	const first = panes.choose('Start claude? MCP server "x"', 'detail', choices, 'mcp-unclassified');
	const overlay = view.getState().overlay;
	assert.equal(overlay?.kind, 'confirm');
	assert.deepEqual(overlay?.kind === 'confirm' ? overlay.choices : undefined, choices);
	view.input('T');
	assert.equal(await first, 't');
	assert.equal(view.getState().overlay, undefined);

	for (const key of ['x', '\r', '\u001B\u001B']) {
		const answer = panes.choose('again', 'detail', choices);
		view.input(key);
		// A lone Esc is told from a sequence by a short timer.
		if (key.startsWith('\u001B')) await new Promise(resolve => setTimeout(resolve, 100));
		assert.equal(await answer, 'n', JSON.stringify(key));
	}

	const yes = panes.confirm('y/N', 'detail');
	view.input('o');
	assert.equal(await yes, false, 'a choice key is no answer to y/N');
	const confirmed = panes.confirm('y/N', 'detail');
	view.input('y');
	assert.equal(await confirmed, true);
});
