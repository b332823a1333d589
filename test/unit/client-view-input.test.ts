import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, it, type TestContext} from 'node:test';
import {ClientView} from '../../source/app/client-view.js';
import {FaultBudget} from '../../source/app/fault-budget.js';
import type {PaneInput} from '../../source/app/pane-input.js';
import {PaneSet} from '../../source/app/pane-set.js';
import {settingsSchema} from '../../source/config/settings-schema.js';
import {setDiagnosticLogPath} from '../../source/diagnostics/diagnostic-log.js';

type Recorded = {batches: string[][]; pastes: string[]};

/** A session with one `cat` pane and one client's view of it; the pane's input records what reaches it; `failOn` makes it throw. */
function start(t: TestContext, failOn?: RegExp, failingWrite?: () => boolean) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-mux-'));
	const log = path.join(folder, 'agentmux.log');
	setDiagnosticLogPath(log);
	const recorded: Recorded = {batches: [], pastes: []};
	const quits: number[] = [];
	const written: string[] = [];
	const settings = settingsSchema.parse({});
	const panes = new PaneSet({
		settings,
		layout: 'tiled',
		createInput(): PaneInput {
			return {
				key(data) {
					this.keys([data]);
				},
				keys(keys) {
					if (failOn?.test(keys.join(''))) throw new Error(`pane input failed on ${keys.join('')}`);
					recorded.batches.push(keys);
				},
				paste(text) {
					recorded.pastes.push(text);
				},
			};
		},
	});
	panes.on('quit', code => {
		quits.push(code);
	});
	const view = new ClientView({
		panes,
		settings,
		cols: 80,
		rows: 24,
		write(data) {
			if (failingWrite?.()) throw new Error('the terminal write failed');
			written.push(data);
		},
	});
	t.after(async () => {
		view.dispose();
		await panes.dispose();
		setDiagnosticLogPath(undefined);
		fs.rmSync(folder, {recursive: true, force: true});
	});
	panes.resize(80, 24);
	panes.start([{name: 'cat', command: 'cat', args: [], cwd: folder, env: {}, onExit: 'hold'}]);
	const logText = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '');
	return {multiplexer: view, panes, recorded, quits, written, logText};
}

const turn = async () => new Promise(resolve => setImmediate(resolve));

describe('Client view input', {timeout: 60_000}, () => {
	it('the keys of one read reach the pane in one batch, split where the prefix acts', async t => {
		const {multiplexer, recorded} = start(t);
		multiplexer.input('hello');
		assert.deepEqual(recorded.batches, [['h', 'e', 'l', 'l', 'o']]);
		// Prefix ? opens help; the next key closes it; the key after goes to the pane.
		multiplexer.input('ab\u001C?cd\u001B[A');
		assert.deepEqual(recorded.batches.slice(1), [
			['a', 'b'],
			['d', '\u001B[A'],
		]);
		assert.equal(multiplexer.getState().overlay, undefined);
	});

	it('keys parsed from the ESC timer reach the pane too', async t => {
		const {multiplexer, recorded} = start(t);
		multiplexer.input('\u001B');
		await new Promise(resolve => setTimeout(resolve, 100));
		assert.deepEqual(recorded.batches, [['\u001B']]);
	});

	it('a pane input that throws is logged and shown, and the multiplexer goes on', async t => {
		const {multiplexer, panes, recorded, quits, logText} = start(t, /boom/);
		assert.doesNotThrow(() => {
			multiplexer.input('boom');
		});
		multiplexer.input('ok');
		assert.deepEqual(recorded.batches, [['o', 'k']]);
		assert.deepEqual(quits, []);
		assert.match(logText(), /input: Error: pane input failed on boom/);
		assert.match(multiplexer.getState().notice ?? '', /internal error in input/);
		assert.equal(panes.sessions.length, 1);
	});

	it('a paint whose write throws is logged, and later frames and keys still work', async t => {
		let failing = false;
		const {multiplexer, recorded, quits, written, logText} = start(t, undefined, () => failing);
		failing = true;
		multiplexer.resize(100, 30);
		await new Promise(resolve => setTimeout(resolve, 100));
		assert.match(logText(), /paint: Error: the terminal write failed/);
		failing = false;
		const before = written.length;
		multiplexer.resize(90, 28);
		await new Promise(resolve => setTimeout(resolve, 100));
		assert.ok(written.length > before, 'painting goes on');
		multiplexer.input('x');
		assert.deepEqual(recorded.batches, [['x']]);
		assert.deepEqual(quits, []);
	});

	it('the crashing sequences from the keyboard are bytes for the pane, not the end', async t => {
		const {multiplexer, recorded, quits} = start(t);
		for (const sequence of ['\u001B[u', '\u001B[?1u', '\u001B[99999999u', '\u001B[-1u', '\u001B[27;5;99999999~', '\u001B[27;5;~']) {
			multiplexer.input(`${sequence}z`);
		}

		await turn();
		assert.deepEqual(quits, []);
		const sent = recorded.batches.flat();
		assert.equal(sent.filter(data => data === 'z').length, 6);
	});

	it('after an unterminated paste, the prefix pressed alone reaches agentmux: prefix q y quits', async t => {
		const {multiplexer, recorded, quits} = start(t);
		multiplexer.input('\u001B[200~half a paste');
		multiplexer.input('\u001C');
		assert.deepEqual(recorded.pastes, ['half a paste'], 'what was collected is delivered as a paste');
		multiplexer.input('q');
		assert.equal(multiplexer.getState().overlay?.kind, 'confirm');
		multiplexer.input('y');
		await turn();
		assert.deepEqual(quits, [0]);
	});
});

describe('FaultBudget', () => {
	it('allows `limit` errors within the window, then says it is spent; old errors age out', () => {
		const budget = new FaultBudget(3, 1000);
		assert.equal(budget.spend(0), false);
		assert.equal(budget.spend(100), false);
		assert.equal(budget.spend(200), false);
		assert.equal(budget.spend(300), true, 'the fourth within a second');
		assert.equal(budget.spend(1250), false, 'the first three have aged out');
	});
});
