/**
 * At most this often for output nobody is typing into: 30 frames a second. A
 * spinner or a log in a pane the user only watches looks the same at 30 as at
 * 60, and four of them cost half the frames (and the client half the writes).
 */
const frameIntervalMs = 33;

/**
 * Coalesces "something changed" into frames: the first change after a quiet
 * spell is drawn at once, later ones wait for the next frame slot. A typed
 * key's echo has its own path (`requestEcho`): drawn at the next turn of the
 * event loop, alone, so it never waits behind other panes' output.
 */
export class FrameScheduler {
	private scheduled = false;
	private lastFrameAt = Number.NEGATIVE_INFINITY;
	private timer: NodeJS.Timeout | undefined;
	private immediate: NodeJS.Immediate | undefined;
	private echoImmediate: NodeJS.Immediate | undefined;

	/**
	 * `draw` paints every pane that changed; `drawEcho` only the pane being typed into
	 * (the rest wait for the next frame slot).
	 */
	constructor(
		private readonly draw: () => void,
		private readonly drawEcho: () => void = draw,
	) {}

	request(): void {
		if (this.scheduled) {
			return;
		}

		this.scheduled = true;
		const wait = this.lastFrameAt + frameIntervalMs - performance.now();
		// setImmediate still lets output already queued in this turn land in the same frame.
		if (wait <= 0) {
			this.immediate = setImmediate(this.run);
		} else {
			this.timer = setTimeout(this.runOnTimer, wait);
		}
	}

	/**
	 * Draws at the next turn of the event loop, whatever the frame slot: used when the terminal
	 * can take drawing again after it could not, so what waited for it is shown at once.
	 */
	requestNow(): void {
		if (this.immediate) {
			return;
		}

		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}

		this.scheduled = true;
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
		clearTimeout(this.timer);
		if (this.immediate) {
			clearImmediate(this.immediate);
		}

		if (this.echoImmediate) {
			clearImmediate(this.echoImmediate);
		}

		this.scheduled = false;
	}

	private readonly runEcho = (): void => {
		this.echoImmediate = undefined;
		this.drawEcho();
		if (this.immediate) {
			// A full frame was due at once: it goes at the next slot, after the echo has gone out.
			clearImmediate(this.immediate);
			this.immediate = undefined;
			this.lastFrameAt = performance.now();
			this.timer = setTimeout(this.runOnTimer, frameIntervalMs);
		}
	};

	/** A timer that has fired needs no clearing, which would still cost as much as setting one (profiled). */
	private readonly runOnTimer = (): void => {
		this.timer = undefined;
		this.run();
	};

	private readonly run = (): void => {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}

		this.immediate = undefined;
		this.scheduled = false;
		this.lastFrameAt = performance.now();
		this.draw();
	};
}
