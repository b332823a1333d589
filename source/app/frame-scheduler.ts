/** At most this often: 60 frames a second. */
const frameIntervalMs = 16;

/**
 * Coalesces "something changed" into frames: the first change after a quiet
 * spell is drawn at once (a lone keystroke echo shows without delay), later
 * ones wait for the next frame slot.
 */
export class FrameScheduler {
	private scheduled = false;
	private lastFrameAt = 0;
	private timer: NodeJS.Timeout | undefined;
	private immediate: NodeJS.Immediate | undefined;

	constructor(private readonly draw: () => void) {}

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
			this.timer = setTimeout(this.run, wait);
		}
	}

	/** Draws at the next turn of the event loop, skipping the wait for the frame slot (a typed key's echo). */
	requestNow(): void {
		if (this.scheduled && this.immediate) {
			return;
		}

		clearTimeout(this.timer);
		this.scheduled = true;
		this.immediate = setImmediate(this.run);
	}

	dispose(): void {
		clearTimeout(this.timer);
		if (this.immediate) {
			clearImmediate(this.immediate);
		}

		this.scheduled = false;
	}

	private readonly run = (): void => {
		clearTimeout(this.timer);
		this.immediate = undefined;
		this.scheduled = false;
		this.lastFrameAt = performance.now();
		this.draw();
	};
}
