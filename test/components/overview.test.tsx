import './helpers/force-color.js';
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {Box} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {OverviewDialog} from '../../source/app/overview/overview-dialog.js';
import {type OverviewRow, orderRows, type PaneDetails} from '../../source/app/overview/overview-rows.js';
import type {PaneSet} from '../../source/app/pane-set.js';
import {key as makeKey} from '../../source/keys/key-event.js';
import {Overview} from '../../source/panes/overview.js';
import type {Session} from '../../source/sessions/session.js';

// eslint-disable-next-line no-control-regex
const plain = (text: string | undefined) => (text ?? '').replaceAll(/\u001B\[[0-9;]*m/g, '');

afterEach(() => {
	cleanup();
});

const now = Date.parse('2026-11-30T12:00:00Z');

function row(overrides: Partial<OverviewRow>): OverviewRow {
	return {id: 1, index: 1, name: 'shell', state: 'running', since: now - 5000, lastLine: '', canAnswer: false, focused: false, ...overrides};
}

function draw(rows: OverviewRow[], selected = 0, cols = 120, height = 20): string[] {
	const {lastFrame} = render(
		<Box width={cols} height={height}>
			<Overview rows={rows} selected={selected} now={now} cols={cols} height={height} />
		</Box>,
	);
	return plain(lastFrame()).split('\n');
}

describe('overview: ordering', () => {
	it('puts waiting panes first, the rest in index order', () => {
		const ordered = orderRows([
			row({id: 1, index: 1, name: 'a', state: 'idle'}),
			row({id: 2, index: 2, name: 'b', state: 'waiting'}),
			row({id: 3, index: 3, name: 'c', state: 'busy'}),
			row({id: 4, index: 4, name: 'd', state: 'waiting'}),
		]);
		assert.deepEqual(
			ordered.map(entry => entry.name),
			['b', 'd', 'a', 'c'],
		);
	});
});

describe('overview: rendering', () => {
	it('shows index, name, agent, state, age, worktree with its counts and the last line; the selected row is marked', () => {
		const rows = orderRows([
			row({id: 1, index: 1, name: 'sh', since: now - 3 * 60_000, lastLine: '$ make test', focused: true}),
			row({
				id: 2,
				index: 2,
				name: 'claude',
				agent: 'claude',
				state: 'waiting',
				since: now - 12_000,
				worktree: {branch: 'feature-x', path: '/r.worktrees/feature-x', dirty: 3, ahead: 2},
				lastLine: 'asks to run: rm -rf build',
				canAnswer: true,
			}),
			row({id: 3, index: 3, name: 'codex', agent: 'codex', state: 'exited', since: now - 2 * 3_600_000, lastLine: 'bye'}),
		]);
		const lines = draw(rows, 0);
		assert.match(lines.find(line => line.includes('Panes:')) ?? '', /Panes: 3, 1 waiting/);
		assert.match(lines.find(line => line.includes('last line')) ?? '', /# +name +agent +state +for +worktree +last line/);
		const drawn = lines.filter(line => /[›\s][*\s][123] {2}/.test(line));
		assert.equal(drawn.length, 3, lines.join('\n'));
		assert.match(drawn[0]!, /› 2 +claude +claude +waiting +12s +feature-x \+2 ~3 +asks to run: rm -rf build/);
		assert.match(drawn[1]!, / {2}\*1 +sh +- +running +3m +\$ make test/);
		assert.match(drawn[2]!, / {3}3 +codex +codex +exited +2h +bye/);
	});

	it('leaves the worktree column out when no pane has one, and cuts long last lines inside the box', () => {
		const lines = draw([row({lastLine: 'x'.repeat(300)})], 0, 80);
		assert.doesNotMatch(lines.join('\n'), /worktree/);
		const drawn = lines.find(line => line.includes('xxx')) ?? '';
		assert.ok(drawn.includes('…'), drawn);
		assert.ok(drawn.length <= 80, drawn);
	});

	it('keeps the selected row in view when there are more panes than rows', () => {
		const many = Array.from({length: 30}, (_, index) => row({id: index + 1, index: index + 1, name: `p${index + 1}`}));
		const lines = draw(many, 25, 100, 16);
		assert.ok(
			lines.some(line => /› 26 +p26/.test(line)),
			lines.join('\n'),
		);
		assert.ok(!lines.some(line => /\bp1 /.test(line)));
	});
});

/** A pane set with just what the overview reads, over sessions that only have an id, a name and an agent. */
function fakePanes(states: Array<{name: string; agent?: string; state: string}>) {
	const sessions = states.map((entry, index) => ({id: index + 1, spec: {name: entry.name, agent: entry.agent}}) as unknown as Session);
	const typed: Array<[number, string]> = [];
	const notices: string[] = [];
	let focusedId = 1;
	const panes = {
		sessions,
		get focused() {
			return sessions.find(session => session.id === focusedId);
		},
		paneState: (session: Session) => states[session.id - 1]!.state,
		stateSince: () => now,
		setFocus(id: number) {
			focusedId = id;
		},
		input: (id: number) => ({
			key(data: string) {
				typed.push([id, data]);
			},
		}),
		showNotice(message: string) {
			notices.push(message);
		},
	};
	return {panes: panes as unknown as PaneSet, typed, notices, focused: () => focusedId};
}

function keyEvent(name: string) {
	return {type: 'key' as const, key: makeKey(name), raw: name};
}

describe('overview dialog: keys', () => {
	const details = (approvals: Record<string, PaneDetails['approval']>) => ({
		paneDetails: (session: Session): PaneDetails => ({lastLine: '', approval: approvals[session.spec.name]}),
	});

	it('selects the first waiting pane; y and n type its approve and decline keys into the pane, through its input', () => {
		const fake = fakePanes([
			{name: 'sh', state: 'running'},
			{name: 'claude', agent: 'claude', state: 'waiting'},
		]);
		let closed = false;
		const dialog = new OverviewDialog({
			panes: fake.panes,
			details: details({claude: {approve: '1', decline: '\u001B'}}),
			onChange() {},
			onClose() {
				closed = true;
			},
		});
		const rows = dialog.rows();
		assert.equal(rows[dialog.selectedIndex(rows)]!.name, 'claude');
		dialog.handle(keyEvent('y'));
		dialog.handle(keyEvent('n'));
		assert.deepEqual(fake.typed, [
			[2, '1'],
			[2, '\u001B'],
		]);
		assert.equal(closed, false, 'the overview stays open after an answer');
		dialog.close();
	});

	it('y on a pane with no prompt says so and types nothing', () => {
		const fake = fakePanes([
			{name: 'sh', state: 'running'},
			{name: 'claude', agent: 'claude', state: 'idle'},
		]);
		const dialog = new OverviewDialog({panes: fake.panes, details: details({}), onChange() {}, onClose() {}});
		dialog.handle(keyEvent('y'));
		assert.deepEqual(fake.typed, []);
		assert.deepEqual(fake.notices, ['sh: no approval prompt to answer']);
		dialog.close();
	});

	it('Down then Enter jumps to that pane and closes; Esc and q close without moving', () => {
		const fake = fakePanes([
			{name: 'a', state: 'running'},
			{name: 'b', state: 'running'},
		]);
		let closes = 0;
		const open = () =>
			new OverviewDialog({
				panes: fake.panes,
				onChange() {},
				onClose() {
					closes++;
				},
			});
		const dialog = open();
		dialog.handle(keyEvent('down'));
		dialog.handle(keyEvent('enter'));
		assert.equal(fake.focused(), 2);
		assert.equal(closes, 1);
		open().handle(keyEvent('escape'));
		open().handle(keyEvent('q'));
		assert.equal(closes, 3);
		assert.equal(fake.focused(), 2);
	});
});
