import './helpers/force-color.js';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {afterEach, describe, it} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import type {PaneInfo, ViewState, ViewStore} from '../../source/app/view-state.js';
import {App} from '../../source/panes/app.js';
import {computeLayout} from '../../source/panes/layout.js';

// eslint-disable-next-line no-control-regex
const plain = (text: string | undefined) => (text ?? '').replaceAll(/\u001B\[[0-9;]*m/g, '');
const lines = (text: string | undefined) => plain(text).split('\n');

afterEach(() => {
	cleanup();
});

/** What App reads from the multiplexer: a store with subscribe and getState. */
class FakeMultiplexer extends EventEmitter {
	constructor(public state: ViewState) {
		super();
	}

	getState = (): ViewState => this.state;

	subscribe = (listener: () => void): (() => void) => {
		this.on('change', listener);
		return () => this.off('change', listener);
	};

	set(state: Partial<ViewState>): void {
		this.state = {...this.state, ...state};
		this.emit('change');
	}
}

function state(cols: number, rows: number, names: string[], focusedIndex = 0): ViewState {
	const frames = computeLayout('tiled', names.length, {x: 0, y: 0, width: cols, height: rows - 1});
	const panes: PaneInfo[] = names.map((name, index) => ({
		id: index + 1,
		index: index + 1,
		name,
		command: name === 'shell' ? 'bash' : name,
		status: {kind: 'running'},
		frame: frames[index]!,
		focused: index === focusedIndex,
		visible: true,
	}));
	return {
		cols,
		rows,
		panes,
		layout: 'tiled',
		zoomed: false,
		prefixActive: false,
		scroll: undefined,
		overlay: undefined,
		notice: undefined,
		prefixLabel: 'Ctrl-\\',
		helpLines: [
			['1-9', 'go to pane N'],
			['n o', 'next pane'],
			['q', 'quit'],
		],
		hints: {normal: 'Ctrl-\\ ? help', prefix: '1-9 pane', agents: 'Ctrl-\\ w next waiting'},
	};
}

const tick = async () => new Promise(resolve => setTimeout(resolve, 30));

function renderApp(initial: ViewState) {
	const multiplexer = new FakeMultiplexer(initial);
	const instance = render(<App multiplexer={multiplexer as unknown as ViewStore} />);
	return {multiplexer, ...instance};
}

describe('App', () => {
	it('draws every pane frame with its title at its rect, and the status bar', () => {
		const initial = state(80, 16, ['shell', 'claude', 'vim', 'htop']);
		const {lastFrame} = renderApp(initial);
		const rows = lines(lastFrame());
		assert.equal(rows.length, 16);
		for (const pane of initial.panes) {
			const top = rows[pane.frame.y]!;
			const title = top.slice(pane.frame.x + 2, pane.frame.x + pane.frame.width - 1);
			assert.ok(title.startsWith(` ${pane.index} ${pane.name}`), `pane ${pane.index} title row: ${JSON.stringify(top)}`);
			const corner = top[pane.frame.x];
			assert.equal(corner, pane.focused ? '┏' : '┌', `pane ${pane.index} corner`);
			const bottom = rows[pane.frame.y + pane.frame.height - 1]!;
			assert.equal(bottom[pane.frame.x + pane.frame.width - 1], pane.focused ? '┛' : '┘', `pane ${pane.index} bottom-right corner`);
		}

		assert.ok(rows[15]!.startsWith(' agentmux '), rows[15]);
	});

	it('only the focused pane has a bold border', () => {
		const {lastFrame} = renderApp(state(80, 16, ['a', 'b', 'c'], 1));
		const text = plain(lastFrame());
		const boldCorners = text.match(/┏/g) ?? [];
		assert.equal(boldCorners.length, 1);
		const rows = lines(lastFrame());
		assert.equal(rows[0]![40], '┏', rows[0]);
	});

	it('follows state changes: focus moves, PREFIX shows', async () => {
		const initial = state(80, 16, ['a', 'b']);
		const {lastFrame, multiplexer} = renderApp(initial);
		assert.equal(lines(lastFrame())[0]![0], '┏');
		multiplexer.set({panes: initial.panes.map(pane => ({...pane, focused: pane.index === 2})), prefixActive: true});
		await tick();
		const rows = lines(lastFrame());
		assert.equal(rows[0]![0], '┌', rows[0]);
		assert.equal(rows[0]![40], '┏', rows[0]);
		assert.ok(rows[15]!.startsWith(' PREFIX '), rows[15]);
	});

	it('hidden panes (another is zoomed) are not drawn', () => {
		const initial = state(80, 16, ['a', 'b']);
		const zoomed = {
			...initial,
			zoomed: true,
			panes: [
				{...initial.panes[0]!, frame: {x: 0, y: 0, width: 80, height: 15}},
				{...initial.panes[1]!, visible: false},
			],
		};
		const {lastFrame} = renderApp(zoomed);
		const text = plain(lastFrame());
		assert.ok(text.includes(' 1 a '));
		assert.ok(!text.includes(' 2 b '), text);
		assert.ok(text.includes('[zoomed]'));
	});

	it('shows the help overlay', async () => {
		const {lastFrame, multiplexer} = renderApp(state(80, 16, ['a', 'b']));
		assert.ok(!plain(lastFrame()).includes('go to pane N'));
		multiplexer.set({overlay: {kind: 'help'}});
		await tick();
		const text = plain(lastFrame());
		assert.ok(text.includes('agentmux keys'), text);
		assert.ok(text.includes('go to pane N') && text.includes('next pane') && text.includes('quit'), text);
	});

	it('shows the confirm dialog text', async () => {
		const {lastFrame, multiplexer} = renderApp(state(80, 16, ['a']));
		multiplexer.set({overlay: {kind: 'confirm', title: 'Run in pane 1?', detail: 'git push --force'}});
		await tick();
		const text = plain(lastFrame());
		assert.ok(text.includes('Run in pane 1?'), text);
		assert.ok(text.includes('git push --force'), text);
		assert.ok(text.includes('y yes'), text);
		multiplexer.set({overlay: undefined});
		await tick();
		assert.ok(!plain(lastFrame()).includes('git push --force'));
	});
});
