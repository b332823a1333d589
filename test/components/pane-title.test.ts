import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {fitTitle, paneTitle, statusLabel} from '../../source/panes/pane-title.js';

describe('statusLabel', () => {
	it('names every status', () => {
		assert.equal(statusLabel({kind: 'running'}), 'running');
		assert.equal(statusLabel({kind: 'exited', code: 0, signal: 0}), 'exited 0');
		assert.equal(statusLabel({kind: 'exited', code: 1, signal: 9}), 'exited 1 (signal 9)');
		assert.equal(statusLabel({kind: 'restarting', code: 2, inMs: 500}), 'exited 2, restarting');
		assert.equal(statusLabel({kind: 'failed', message: 'nope'}), 'failed');
	});
});

describe('fitTitle', () => {
	it('keeps text that fits', () => {
		assert.equal(fitTitle('hello', 5), 'hello');
		assert.equal(fitTitle('hello', 10), 'hello');
	});

	it('cuts with an ellipsis to exactly the width', () => {
		assert.equal(fitTitle('hello world', 6), 'hello…');
		assert.equal([...fitTitle('hello world', 6)].length, 6);
		assert.equal(fitTitle('hello', 1), '…');
		assert.equal(fitTitle('hello', 0), '');
		assert.equal(fitTitle('hello', -3), '');
	});

	it('counts code points, not UTF-16 units', () => {
		assert.equal(fitTitle('😀😀😀', 3), '😀😀😀');
		assert.equal(fitTitle('😀😀😀😀', 3), '😀😀…');
	});
});

describe('paneTitle', () => {
	it('index, name, command and status', () => {
		assert.equal(paneTitle(1, 'tests', 'npm test', {kind: 'running'}, 80), ' 1 tests · npm test · running ');
	});

	it('leaves the command out when it equals the name', () => {
		assert.equal(paneTitle(2, 'bash', 'bash', {kind: 'exited', code: 0, signal: 0}, 80), ' 2 bash · exited 0 ');
	});

	it('fits the width', () => {
		const title = paneTitle(3, 'a-long-pane-name', 'some-command --with --flags', {kind: 'running'}, 20);
		assert.equal([...title].length, 20);
		assert.ok(title.endsWith('…'));
		assert.ok(title.startsWith(' 3 a-long'));
	});
});
