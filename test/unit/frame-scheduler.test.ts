import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {FrameScheduler} from '../../source/app/frame-scheduler.js';

/** A scheduler whose frames are counted in `drawn`, disposed after the test. */
function framesDrawn(t: {after: (fn: () => void) => void}): {drawn: string[]; scheduler: FrameScheduler} {
	const drawn: string[] = [];
	const scheduler = new FrameScheduler(() => drawn.push('frame'));
	t.after(() => {
		scheduler.dispose();
	});
	return {drawn, scheduler};
}

/** Waits for one frame slot and a little more. */
async function afterSlot(): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, 60);
	});
}

describe('FrameScheduler', () => {
	it('draws the first change at once and coalesces the ones that follow into the next frame slot', async t => {
		const {drawn, scheduler} = framesDrawn(t);
		scheduler.request();
		await nextTurn();
		assert.deepEqual(drawn, ['frame'], 'a lone change is drawn at the next turn');
		scheduler.request();
		scheduler.request();
		await nextTurn();
		assert.deepEqual(drawn, ['frame'], 'later changes wait for the slot');
		await afterSlot();
		assert.deepEqual(drawn, ['frame', 'frame'], 'and are drawn once, together');
	});

	it('draws an echo alone and at once; the full frame due with it goes at the next slot', async t => {
		const drawn: string[] = [];
		const scheduler = new FrameScheduler(
			() => drawn.push('frame'),
			() => drawn.push('echo'),
		);
		t.after(() => {
			scheduler.dispose();
		});
		scheduler.requestEcho();
		scheduler.request();
		scheduler.requestEcho();
		await nextTurn();
		assert.deepEqual(drawn, ['echo'], 'the echo first, once, without the other panes');
		await afterSlot();
		assert.deepEqual(drawn, ['echo', 'frame'], 'what else changed is still drawn');
	});

	it('draws at once when asked to (the terminal can take drawing again), instead of waiting for the slot, and only once', async t => {
		const {drawn, scheduler} = framesDrawn(t);
		scheduler.request();
		await nextTurn();
		scheduler.request();
		await nextTurn();
		assert.deepEqual(drawn, ['frame'], 'a change waits for the slot');
		scheduler.requestNow();
		scheduler.requestNow();
		await nextTurn();
		assert.deepEqual(drawn, ['frame', 'frame'], 'asked now, it is drawn at the next turn');
		await afterSlot();
		assert.deepEqual(drawn, ['frame', 'frame'], 'and the slot it replaced draws nothing more');
	});
});
