import assert from 'node:assert/strict';
import {test} from 'node:test';
import {mouseTarget} from '../../source/app/mouse-target.js';

test('a click maps to a pane content cell, a title, a border side or nothing', () => {
	const frames = new Map([
		[1, {x: 0, y: 0, width: 60, height: 39}],
		[2, {x: 60, y: 0, width: 60, height: 39}],
	]);
	const titles = (id: number) => (id === 1 ? 10 : 0);
	assert.deepEqual(mouseTarget(frames, 65, 4, titles), {kind: 'content', sessionId: 2, x: 4, y: 3});
	assert.deepEqual(mouseTarget(frames, 2, 0, titles), {kind: 'title', sessionId: 1});
	assert.deepEqual(mouseTarget(frames, 11, 0, titles), {kind: 'title', sessionId: 1});
	assert.deepEqual(mouseTarget(frames, 12, 0, titles), {kind: 'border', sessionId: 1, side: 'top'});
	assert.deepEqual(mouseTarget(frames, 59, 10, titles), {kind: 'border', sessionId: 1, side: 'right'});
	assert.deepEqual(mouseTarget(frames, 60, 10, titles), {kind: 'border', sessionId: 2, side: 'left'});
	assert.deepEqual(mouseTarget(frames, 70, 38, titles), {kind: 'border', sessionId: 2, side: 'bottom'});
	assert.deepEqual(mouseTarget(frames, 70, 39, titles), {kind: 'none'});
});
