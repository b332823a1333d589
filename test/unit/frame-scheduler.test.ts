import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {setImmediate as nextTurn, setTimeout as sleep} from 'node:timers/promises';
import {FrameScheduler, type FrameTiming} from '../../source/app/frame-scheduler.js';

/** A scheduler whose frames are counted in `drawn`, disposed after the test. */
function framesDrawn(t: {after: (fn: () => void) => void}): {drawn: string[]; scheduler: FrameScheduler} {
	const drawn: string[] = [];
	const scheduler = new FrameScheduler(() => drawn.push('frame'));
	t.after(() => {
		scheduler.dispose();
	});
	return {drawn, scheduler};
}

/** A scheduler with the given timing that notes when each frame was drawn (performance.now()). */
function framesTimed(t: {after: (fn: () => void) => void}, timing: FrameTiming): {drawnAt: number[]; scheduler: FrameScheduler} {
	const drawnAt: number[] = [];
	const draw = () => drawnAt.push(performance.now());
	const scheduler = new FrameScheduler(draw, draw, timing);
	t.after(() => {
		scheduler.dispose();
	});
	return {drawnAt, scheduler};
}

/** Waits until `count` frames are drawn, at most `ms`. */
async function untilDrawn(drawnAt: number[], count: number, ms = 5000): Promise<void> {
	const deadline = performance.now() + ms;
	while (drawnAt.length < count && performance.now() < deadline) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(5);
	}
}

/** Waits for one frame slot and a little more. */
async function afterSlot(): Promise<void> {
	await sleep(60);
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

	it('draws output nobody types into at once when the slot is open, and at the latest after the output wait', async t => {
		const {drawnAt, scheduler} = framesTimed(t, {frameMs: 20, outputFrameMs: 150});
		scheduler.requestOutput();
		await nextTurn();
		assert.equal(drawnAt.length, 1, 'output after a quiet spell is drawn at the next turn');
		scheduler.requestOutput();
		await untilDrawn(drawnAt, 2);
		assert.equal(drawnAt.length, 2, 'output in a closed slot is still drawn');
		// Timers may fire up to a millisecond early against performance.now().
		assert.ok(drawnAt[1]! - drawnAt[0]! >= 148, `not at the slot's end (20 ms) but at the output wait (150 ms): ${drawnAt[1]! - drawnAt[0]!} ms`);
	});

	it('draws waiting output with the next output once the slot has opened, and only once', async t => {
		const {drawnAt, scheduler} = framesTimed(t, {frameMs: 20, outputFrameMs: 60_000});
		scheduler.requestOutput();
		await nextTurn();
		scheduler.requestOutput();
		await sleep(60);
		assert.equal(drawnAt.length, 1, 'output in a closed slot waits past the slot');
		scheduler.requestOutput();
		await nextTurn();
		assert.equal(drawnAt.length, 2, 'more output once the slot is open draws both at once');
		await sleep(60);
		assert.equal(drawnAt.length, 2, 'and the wait it replaced draws nothing more');
	});

	it('draws a change the user made at the slot, even while output waits longer', async t => {
		const {drawnAt, scheduler} = framesTimed(t, {frameMs: 20, outputFrameMs: 60_000});
		scheduler.request();
		await nextTurn();
		scheduler.requestOutput();
		scheduler.request();
		scheduler.requestOutput();
		await untilDrawn(drawnAt, 2);
		assert.equal(drawnAt.length, 2, "the user's change is drawn");
		assert.ok(drawnAt[1]! - drawnAt[0]! < 30_000, 'at its slot, not after the output wait');
	});
});
