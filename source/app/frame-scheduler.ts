/**
 * At most this often: 30 frames a second. A spinner or a log in a pane the
 * user only watches looks the same at 30 as at 60, and four of them cost half
 * the frames (and the terminal half the writes).
 */
const defaultFrameMs = 33;

/**
 * Output nobody is typing into waits at most this long after the last frame:
 * at least 10 frames a second. Until then it is drawn when more output comes
 * in after the slot has opened, in the same wake-up as that read, instead of
 * on a timer of its own. Four spinners then cost about 45 wake-ups a second
 * instead of 60, and 20 frames instead of 30 (idle median 3.8% -> 3.4% of a
 * core, eight interleaved runs each).
 */
const defaultOutputFrameMs = 100;

export type FrameTiming = {
	/** The frame slot: frames at most this often. */
	frameMs: number;
	/** Output nobody is typing into is drawn at most this long after the last frame. */
	outputFrameMs: number;
};

/**
 * Coalesces "something changed" into frames: the first change after a quiet
 * spell is drawn at once, later ones wait for the next frame slot. A typed
 * key's echo has its own path (`requestEcho`): drawn at the next turn of the
 * event loop, alone, so it never waits behind other panes' output.
 */
export class FrameScheduler {
	private lastFrameAt = Number.NEGATIVE_INFINITY;
	private timer: NodeJS.Timeout | undefined;
	/** When `timer` fires (performance.now() time). */
	private timerDueAt = 0;
	private immediate: NodeJS.Immediate | undefined;
	private echoImmediate: NodeJS.Immediate | undefined;

	/**
	 * `draw` paints every pane that changed; `drawEcho` only the pane being typed into
	 * (the rest wait for the next frame slot). `timing` is for tests.
	 */
	constructor(
		private readonly draw: () => void,
		private readonly drawEcho: () => void = draw,
		private readonly timing: FrameTiming = {frameMs: defaultFrameMs, outputFrameMs: defaultOutputFrameMs},
	) {}

	/** Something the user did changed the screen: drawn at the next frame slot. */
	request(): void {
		this.schedule(this.lastFrameAt + this.timing.frameMs);
	}

	/**
	 * A pane printed, and nobody is typing into it: drawn now if the slot is open, else with
	 * the next output once it is, and at the latest `outputFrameMs` after the last frame.
	 */
	requestOutput(): void {
		this.schedule(this.lastFrameAt + this.timing.outputFrameMs);
	}

	/**
	 * Draws at the next turn of the event loop, whatever the frame slot: used when the terminal
	 * can take drawing again after it could not, so what waited for it is shown at once.
	 */
	requestNow(): void {
		if (this.immediate) {
			return;
		}

		this.clearTimer();
		this.immediate = setImmediate(this.run);
	}

	/**
	 * Draws the echo of a typed key at the next turn of the event loop, skipping the wait for
	 * the frame slot. What else changed is drawn at the next slot, not with the echo: a frame
	 * full of other panes' output would hold the echo back in the client's terminal.
	 */
	requestEcho(): void {
		this.echoImmediate ??= setImmediate(this.runEcho);
	}

	dispose(): void {
		this.clearTimer();
		if (this.immediate) {
			clearImmediate(this.immediate);
			this.immediate = undefined;
		}

		if (this.echoImmediate) {
			clearImmediate(this.echoImmediate);
			this.echoImmediate = undefined;
		}
	}

	/** A frame by `latest` (performance.now() time), or at the next turn when the slot is open. */
	private schedule(latest: number): void {
		if (this.immediate) {
			return;
		}

		const now = performance.now();
		if (now >= this.lastFrameAt + this.timing.frameMs) {
			// setImmediate still lets output already queued in this turn land in the same frame.
			this.clearTimer();
			this.immediate = setImmediate(this.run);
			return;
		}

		if (this.timer && this.timerDueAt <= latest) {
			return;
		}

		this.setTimer(latest, now);
	}

	private setTimer(dueAt: number, now: number): void {
		this.clearTimer();
		this.timerDueAt = dueAt;
		this.timer = setTimeout(this.runOnTimer, Math.max(0, dueAt - now));
	}

	private clearTimer(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
	}

	private readonly runEcho = (): void => {
		this.echoImmediate = undefined;
		this.drawEcho();
		if (this.immediate) {
			// A full frame was due at once: it goes at the next slot, after the echo has gone out.
			clearImmediate(this.immediate);
			this.immediate = undefined;
			this.lastFrameAt = performance.now();
			this.setTimer(this.lastFrameAt + this.timing.frameMs, this.lastFrameAt);
		}
	};

	/** A timer that has fired needs no clearing, which would still cost as much as setting one (profiled). */
	private readonly runOnTimer = (): void => {
		this.timer = undefined;
		this.run();
	};

	private readonly run = (): void => {
		this.clearTimer();
		this.immediate = undefined;
		this.lastFrameAt = performance.now();
		this.draw();
	};
}
