import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, it, type TestContext} from 'node:test';
import {ClientView} from '../../source/app/client-view.js';
import {PaneSet} from '../../source/app/pane-set.js';
import {settingsSchema} from '../../source/config/settings-schema.js';

const prefix = '\u001C';

/** A session of `cat` panes (new panes are cat too) seen by one 160x45 client. */
function start(t: TestContext, count: number, layout: 'tiled' | 'main-vertical' | 'columns' = 'columns', bindings: Record<string, string[]> = {}) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-layout-'));
	const settings = settingsSchema.parse({shell: 'cat', bindings});
	const panes = new PaneSet({settings, layout});
	const view = new ClientView({panes, settings, cols: 160, rows: 45, write() {}});
	t.after(async () => {
		view.dispose();
		await panes.dispose();
		fs.rmSync(folder, {recursive: true, force: true});
	});
	panes.resize(160, 45);
	panes.start(Array.from({length: count}, (_, index) => ({name: `p${index + 1}`, command: 'cat', args: [], cwd: folder, env: {}, onExit: 'hold' as const})));
	const frames = () => view.getState().panes.map(pane => pane.frame);
	const names = () => view.getState().panes.map(pane => pane.name);
	const focused = () => view.getState().panes.find(pane => pane.focused)?.name;
	return {view, panes, frames, names, focused};
}

describe('Layout through the keys', {timeout: 60_000}, () => {
	it('prefix % and " split the focused pane; the new pane is focused, beside or below it', t => {
		const {view, frames, names, focused, panes} = start(t, 2);
		view.input(`${prefix}%`);
		assert.equal(panes.layout, 'custom');
		assert.deepEqual(names(), ['p1', 'cat', 'p2']);
		assert.equal(focused(), 'cat');
		assert.deepEqual(
			frames().map(frame => [frame.x, frame.width]),
			[
				[0, 40],
				[40, 40],
				[80, 80],
			],
		);
		view.input(`${prefix}-`);
		assert.deepEqual(names(), ['p1', 'cat', 'cat-2', 'p2']);
		assert.deepEqual(frames()[1], {x: 40, y: 0, width: 40, height: 22});
		assert.deepEqual(frames()[2], {x: 40, y: 22, width: 40, height: 22});
	});

	it('prefix arrows and Alt-Shift-arrows resize; h j k l focus', t => {
		const {view, frames, focused} = start(t, 2);
		view.input(`${prefix}\u001B[C`);
		assert.deepEqual(
			frames().map(frame => frame.width),
			[82, 78],
		);
		view.input('\u001B[1;4C\u001B[1;4C');
		assert.deepEqual(
			frames().map(frame => frame.width),
			[86, 74],
		);
		view.input(`${prefix}l`);
		assert.equal(focused(), 'p2');
		view.input(`${prefix}h`);
		assert.equal(focused(), 'p1');
		// ; is still the last pane.
		view.input(`${prefix};`);
		assert.equal(focused(), 'p2');
	});

	it('prefix { and } swap the focused pane with its neighbour; focus moves with it', t => {
		const {view, names, focused, frames} = start(t, 3);
		const before = frames();
		view.input(`${prefix}}`);
		assert.deepEqual(names(), ['p2', 'p1', 'p3']);
		assert.equal(focused(), 'p1');
		assert.deepEqual(frames(), before);
		view.input(`${prefix}{${prefix}{`);
		// From the first place, the previous one is the last (it wraps).
		assert.deepEqual(names(), ['p3', 'p2', 'p1']);
	});

	it('zoom shows the focused pane alone and gives back the custom layout as it was', t => {
		const {view, frames, panes} = start(t, 2);
		view.input(`${prefix}\u001B[D${prefix}\u001B[D`);
		const custom = frames();
		assert.deepEqual(
			custom.map(frame => frame.width),
			[76, 84],
		);
		view.input(`${prefix}z`);
		assert.equal(panes.zoomed, true);
		assert.deepEqual(
			view
				.getState()
				.panes.filter(pane => pane.visible)
				.map(pane => pane.frame),
			[{x: 0, y: 0, width: 160, height: 44}],
		);
		// Resizing a zoomed pane does nothing.
		view.input(`${prefix}\u001B[D`);
		view.input(`${prefix}z`);
		assert.deepEqual(frames(), custom);
	});

	it('prefix , renames the pane in place: Enter sets, Esc cancels, empty goes back', async t => {
		const {view, names} = start(t, 1);
		view.input(`${prefix},`);
		assert.equal(view.getState().rename?.text, 'p1');
		view.input('\u007F\u007Fbuild x');
		assert.equal(names()[0], 'build x▏');
		view.input('\r');
		assert.deepEqual(names(), ['build x']);
		view.input(`${prefix},zz\u001B`);
		// A lone Esc is read after a short wait for more bytes.
		await new Promise(resolve => {
			setTimeout(resolve, 150);
		});
		assert.equal(view.getState().rename, undefined);
		assert.deepEqual(names(), ['build x']);
		view.input(`${prefix},\u0015\r`);
		assert.deepEqual(names(), ['p1']);
	});

	it('a border dragged with the mouse (SGR press, motion, release) moves', t => {
		const {view, frames, focused} = start(t, 2);
		// The border between the two columns is at cells 79 and 80 (0-based); SGR is 1-based.
		view.input('\u001B[<0;81;10M\u001B[<32;71;10M\u001B[<32;61;10M\u001B[<0;61;10m');
		assert.deepEqual(
			frames().map(frame => frame.width),
			[60, 100],
		);
		assert.equal(focused(), 'p1');
		// Dragged past the neighbour's minimum, it stops there.
		view.input('\u001B[<0;61;10M\u001B[<32;200;10M\u001B[<0;200;10m');
		assert.deepEqual(
			frames().map(frame => frame.width),
			[156, 4],
		);
	});

	it('a rebound key shows in the status-bar hints', t => {
		const {view} = start(t, 1, 'columns', {'split-right': ['s'], help: ['h']});
		assert.match(view.getState().hints.normal, /Ctrl-\\ s split/);
		assert.doesNotMatch(view.getState().hints.normal, /% split/);
		// A key the user bound wins over another action's default (h is focus-left's).
		view.input(`${prefix}h`);
		assert.equal(view.getState().overlay?.kind, 'help');
	});

	it('works the frames out again after every change to the layout, the panes, the zoom or the size, and only then', t => {
		const {view, panes} = start(t, 3);
		const ids = () => [...panes.frames(160, 45).keys()];
		const widths = () => [...panes.frames(160, 45).values()].map(frame => frame.width);
		const first = panes.frames(160, 45);
		assert.equal(panes.frames(160, 45), first, 'nothing changed: the same frames');
		assert.deepEqual(widths(), [54, 53, 53]);
		const [one, two, three] = first.keys();
		view.input(`${prefix}}`);
		assert.deepEqual(ids(), [two, one, three], 'swapped panes swap places');
		view.input(`${prefix}\u001B[C`);
		assert.notDeepEqual(widths(), [54, 53, 53], 'a resized border moves');
		view.input(`${prefix}z`);
		assert.equal(panes.frames(160, 45).size, 1, 'zoomed: one frame');
		assert.deepEqual(panes.frames(160, 45).values().next().value, {x: 0, y: 0, width: 160, height: 44});
		view.input(`${prefix}z`);
		assert.equal(panes.frames(160, 45).size, 3, 'back from the zoom');
		assert.deepEqual(panes.frames(100, 31).values().next().value?.height, 30, 'another size');
		view.input(`${prefix} `);
		assert.equal(panes.layout, 'columns');
		assert.deepEqual(widths(), [54, 53, 53], 'the named layout again, without the resize');
		view.input(`${prefix} `);
		assert.equal(panes.layout, 'rows');
		assert.deepEqual(
			[...panes.frames(160, 45).values()].map(frame => frame.width),
			[160, 160, 160],
			'another layout',
		);
	});
});
