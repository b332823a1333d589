import {inputQueueLimit} from './pane-writer.js';

/**
 * What was typed into a pane whose program has not started yet: its launch is still being
 * approved or its sandbox made, while the pane is already on screen. A user (or a script) who
 * types at once must not lose those keys, so they wait here, up to the writer's own limit, and
 * go to the program as soon as it starts. A launch that is refused discards them.
 */
export class InputBeforeStart {
	/** Bytes past the limit that were dropped (reported once, by the caller). */
	droppedBytes = 0;
	private readonly held: Array<string | Buffer> = [];
	private heldBytes = 0;

	/** Keeps `data` for the program; false when it was dropped (over the limit). */
	hold(data: string | Buffer): boolean {
		if (this.heldBytes + data.length > inputQueueLimit) {
			this.droppedBytes += data.length;
			return false;
		}

		this.held.push(data);
		this.heldBytes += data.length;
		return true;
	}

	/** Hands everything held, in order, to `send`, and forgets it. */
	release(send: (data: string | Buffer) => void): void {
		const held = this.held.splice(0);
		this.heldBytes = 0;
		for (const data of held) send(data);
	}

	/** Forgets everything held (the program will not start). */
	discard(): void {
		this.held.length = 0;
		this.heldBytes = 0;
	}
}
