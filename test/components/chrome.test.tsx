import './helpers/force-color.js';
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {Box} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import type React from 'react';
import {hintsFor} from '../../source/app/actions.js';
import type {PaneInfo, ViewState} from '../../source/app/view-state.js';
import {resolveBindings, settingsSchema} from '../../source/config/settings-schema.js';
import {ConfirmDialog} from '../../source/panes/confirm-dialog.js';
import {HelpOverlay} from '../../source/panes/help-overlay.js';
import {PaneFrame} from '../../source/panes/pane-frame.js';
import {StatusBar} from '../../source/panes/status-bar.js';

const defaults = settingsSchema.parse({});

// eslint-disable-next-line no-control-regex
const ansi = /\u001B\[[0-9;]*m/g;
const plain = (text: string | undefined) => (text ?? '').replaceAll(ansi, '');
const lines = (text: string | undefined) => plain(text).split('\n');

afterEach(() => {
	cleanup();
});

function pane(overrides: Partial<PaneInfo> = {}): PaneInfo {
	return {
		id: 1,
		index: 1,
		name: 'shell',
		command: 'bash',
		status: {kind: 'running'},
		frame: {x: 0, y: 0, width: 40, height: 6},
		focused: false,
		visible: true,
		...overrides,
	};
}

export function viewState(overrides: Partial<ViewState> = {}): ViewState {
	return {
		cols: 80,
		rows: 12,
		panes: [],
		layout: 'tiled',
		zoomed: false,
		prefixActive: false,
		scroll: undefined,
		overlay: undefined,
		notice: undefined,
		prefixLabel: 'Ctrl-\\',
		helpLines: [
			['Alt-1..9', 'focus pane 1..9 (no prefix)'],
			['Ctrl-\\ n o', 'next pane'],
			['Ctrl-\\ p', 'previous pane'],
			['Ctrl-\\ q', 'quit agentmux (asks first)'],
		],
		hints: hintsFor(defaults.prefix, resolveBindings(defaults)),
		...overrides,
	};
}

function inArea(element: React.ReactElement, cols: number, rows: number) {
	return render(
		<Box width={cols} height={rows}>
			{element}
		</Box>,
	);
}

describe('PaneFrame', () => {
	it('draws a single border at the frame rect with the title in the top edge', () => {
		const {lastFrame} = inArea(<PaneFrame pane={pane({frame: {x: 2, y: 1, width: 30, height: 5}})} />, 40, 8);
		const rows = lines(lastFrame());
		assert.equal(rows[0]!.trim(), '');
		assert.equal(rows[1]!.slice(2, 3), '┌');
		assert.equal(rows[1]!.slice(31, 32), '┐');
		assert.ok(rows[1]!.slice(4).startsWith(' 1 shell · bash · running '), rows[1]);
		assert.equal(rows[2]!.slice(2, 3), '│');
		assert.equal(rows[2]!.slice(31, 32), '│');
		assert.equal(rows[5]!.slice(2, 32), `└${'─'.repeat(28)}┘`);
	});

	it('the focused pane has a bold border and a bold title', () => {
		const {lastFrame} = inArea(<PaneFrame pane={pane({focused: true})} />, 40, 6);
		const rows = lines(lastFrame());
		assert.equal(rows[0]![0], '┏');
		assert.equal(rows[0]![39], '┓');
		assert.equal(rows[5], `┗${'━'.repeat(38)}┛`);
		assert.match(lastFrame()!, /\u001B\[1m[^\n]*1 shell/);
	});

	it('an unfocused pane is not bold', () => {
		const {lastFrame} = inArea(<PaneFrame pane={pane()} />, 40, 6);
		assert.equal(lines(lastFrame())[0]![0], '┌');
		assert.doesNotMatch(lastFrame()!, /\u001B\[1m/);
	});

	it('a title too long for the frame is cut with an ellipsis inside the border', () => {
		const {lastFrame} = inArea(<PaneFrame pane={pane({name: 'a-very-long-pane-name-indeed', command: 'npm run something-long', frame: {x: 0, y: 0, width: 24, height: 4}})} />, 30, 5);
		const top = lines(lastFrame())[0]!;
		assert.equal(top[23], '┐', top);
		assert.ok(top.includes('…'), top);
	});

	it('a failed pane shows its status in red', () => {
		const {lastFrame} = inArea(<PaneFrame pane={pane({status: {kind: 'exited', code: 2, signal: 0}})} />, 40, 6);
		assert.match(lines(lastFrame())[0]!, /exited 2/);
		assert.match(lastFrame()!, /\u001B\[31m[^\n]*exited 2/);
	});
});

describe('StatusBar', () => {
	it('normal mode: agentmux, layout and hints with the prefix label, on the last row', () => {
		const {lastFrame} = inArea(<StatusBar state={viewState()} />, 80, 12);
		const rows = lines(lastFrame());
		assert.equal(rows.length, 12);
		const bar = rows[11]!;
		assert.ok(bar.startsWith(' agentmux '), bar);
		assert.ok(bar.includes('[tiled]'));
		assert.ok(bar.includes('Ctrl-\\ ? help'));
		assert.ok(!bar.includes('PREFIX'));
		assert.ok(bar.length <= 80);
	});

	it('prefix mode shows PREFIX and the prefix hints', () => {
		const {lastFrame} = inArea(<StatusBar state={viewState({prefixActive: true})} />, 80, 12);
		const bar = lines(lastFrame())[11]!;
		assert.ok(bar.startsWith(' PREFIX '), bar);
		assert.ok(bar.includes('1-9 pane'));
	});

	it('shows zoomed instead of the layout, and the notice', () => {
		const {lastFrame} = inArea(<StatusBar state={viewState({zoomed: true, notice: 'pane 2 exited'})} />, 100, 12);
		const bar = lines(lastFrame())[11]!;
		assert.ok(bar.includes('[zoomed]'), bar);
		assert.ok(bar.includes('pane 2 exited'), bar);
		assert.ok(bar.length <= 100);
	});
});

describe('StatusBar copy mode', () => {
	it('shows COPY and the position while scrolled back', () => {
		const {lastFrame} = inArea(<StatusBar state={viewState({scroll: {offset: 12, total: 300}})} />, 80, 12);
		const bar = lines(lastFrame())[11]!;
		assert.ok(bar.startsWith(' COPY '), bar);
		assert.ok(bar.includes('12/300'), bar);
	});

	it('shows the search being typed, then the match count', () => {
		const typing = inArea(<StatusBar state={viewState({scroll: {offset: 0, total: 300, prompt: '?needle'}})} />, 80, 12);
		assert.ok(lines(typing.lastFrame())[11]!.includes('search: ?needle'), typing.lastFrame());
		const found = inArea(<StatusBar state={viewState({scroll: {offset: 40, total: 300, matches: {current: 3, count: 17, query: 'needle'}}})} />, 80, 12);
		assert.ok(lines(found.lastFrame())[11]!.includes('match 3 of 17'), found.lastFrame());
		const none = inArea(<StatusBar state={viewState({scroll: {offset: 0, total: 300, matches: {current: 0, count: 0, query: 'nothing'}}})} />, 80, 12);
		assert.ok(lines(none.lastFrame())[11]!.includes('no match for "nothing"'), none.lastFrame());
	});
});

describe('HelpOverlay', () => {
	it('lists every binding with its keys aligned', () => {
		const {lastFrame} = inArea(<HelpOverlay state={viewState({overlay: {kind: 'help'}})} />, 80, 12);
		const text = plain(lastFrame());
		assert.ok(text.includes('agentmux keys (any key closes)'), text);
		const helpRows = lines(lastFrame()).filter(row => /next pane|previous pane|quit agentmux/.test(row));
		assert.equal(helpRows.length, 3, text);
		assert.ok(
			lines(lastFrame()).some(row => row.includes('Alt-1..9') && row.includes('focus pane 1..9 (no prefix)')),
			text,
		);
		assert.ok(
			helpRows.every(row => row.includes('Ctrl-\\ ')),
			text,
		);
		const columns = helpRows.map(row => row.search(/next pane|previous pane|quit agentmux/));
		assert.equal(new Set(columns).size, 1, `descriptions not aligned: ${columns.join(',')}`);
		assert.ok(text.includes('╭'), 'round border');
	});
});

describe('ConfirmDialog', () => {
	it('shows the title, detail and the y/N choice', () => {
		const {lastFrame} = inArea(<ConfirmDialog title="Run this command?" detail="rm -rf build" cols={80} rows={20} />, 80, 20);
		const text = plain(lastFrame());
		assert.ok(text.includes('Run this command?'), text);
		assert.ok(text.includes('rm -rf build'), text);
		assert.ok(text.includes('y yes   N no (Esc, Enter)'), text);
		assert.ok(text.includes('╔') && text.includes('╝'), 'double border');
	});

	it('is centred', () => {
		const {lastFrame} = inArea(<ConfirmDialog title="Q?" detail="d" cols={80} rows={20} />, 80, 20);
		const rows = lines(lastFrame());
		const top = rows.findIndex(row => row.includes('╔'));
		const left = rows[top]!.indexOf('╔');
		const right = rows[top]!.indexOf('╗');
		// Width 40: left edge at 20.
		assert.equal(left, 20);
		assert.equal(right, 59);
		assert.equal(top, Math.floor((20 - 1 - 6) / 2));
	});
});
