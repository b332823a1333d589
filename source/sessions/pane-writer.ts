import {writeSync} from 'node:fs';

/** What is being written: what the user typed or pasted, or the terminal's answer to the program's query. */
export type WriteKind = 'input' | 'reply';

/**
 * Past this much input waiting, the writer says it is backlogged, so whoever reads the keyboard
 * stops reading until the program catches up (below a quarter of it). Input is never dropped:
 * what the user typed or pasted is theirs.
 */
export const inputQueueLimit = 1024 * 1024;
const inputResumeLevel = inputQueueLimit / 4;
/** Answers to queries are dropped once this much is waiting, as a real terminal drops them. */
export const replyQueueLimit = 16 * 1024;
/** Small waiting writes are joined into one system call up to this size. */
const joinLimit = 64 * 1024;
/** How long to wait before trying again when the program is not reading, at first and at most. */
const firstRetryMs = 1;
const longestRetryMs = 100;

export type PaneWriterOptions = {
	/** The pty master, opened non-blocking (node-pty does). */
	fd: number;
	/** False once the pty is closing: its descriptor may be closed and reused. */
	isOpen: () => boolean;
	/** Told once per stall that query answers were dropped. */
	onDrop?: (kind: WriteKind, bytes: number) => void;
	/** Told when waiting input passes the limit (true) and when it has drained enough (false). */
	onBacklog?: (backlogged: boolean) => void;
	/** Told when writing failed for good (the program is gone). */
	onError?: (error: Error) => void;
};

/**
 * The bytes on their way to one pane's program, with a cap. node-pty queues without a limit and
 * retries EAGAIN in a setImmediate loop, so a program that asks and never reads grew agentmux by
 * gigabytes at full CPU. Here what the kernel does not take waits in a bounded queue, and is tried
 * again on a timer that backs off while nothing is taken, or at once when the program shows signs
 * of life (`kick`, on its output).
 */
export class PaneWriter {
	/** Bytes waiting to be written. */
	queuedBytes = 0;
	/** Bytes dropped because the queue was full, since the start. */
	droppedBytes = 0;
	private readonly queue: Buffer[] = [];
	private offset = 0;
	private timer: NodeJS.Timeout | undefined;
	private flushQueued = false;
	private retryMs = firstRetryMs;
	private dropReported = false;
	private closed = false;
	/** More input is waiting than the limit: the keyboard's reader has been told to hold off. */
	private backlogged = false;

	constructor(private readonly options: PaneWriterOptions) {}

	/** Queues `data` for the program; false when it was dropped (queue full, or the pane closed). */
	write(data: string | Buffer, kind: WriteKind): boolean {
		if (this.closed) {
			return false;
		}

		const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
		if (buffer.length === 0) {
			return true;
		}

		if (kind === 'reply' && this.queuedBytes + buffer.length > replyQueueLimit) {
			this.droppedBytes += buffer.length;
			if (!this.dropReported) {
				this.dropReported = true;
				this.options.onDrop?.(kind, buffer.length);
			}

			return false;
		}

		this.queue.push(buffer);
		this.queuedBytes += buffer.length;
		if (kind === 'input' && !this.backlogged && this.queuedBytes > inputQueueLimit) {
			this.backlogged = true;
			this.options.onBacklog?.(true);
		}

		// Answers produced while one batch of output is parsed go out in one write.
		if (!this.flushQueued && !this.timer) {
			this.flushQueued = true;
			queueMicrotask(() => {
				this.flushQueued = false;
				this.flush();
			});
		}

		return true;
	}

	/** Tries to write now: the program wrote output, so it may be reading again. */
	kick(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
			this.retryMs = firstRetryMs;
			this.flush();
		}
	}

	/** Drops what is waiting and stops; nothing is written after this. */
	dispose(): void {
		this.closed = true;
		clearTimeout(this.timer);
		this.timer = undefined;
		this.queue.length = 0;
		this.queuedBytes = 0;
		this.offset = 0;
		this.releaseBacklog();
	}

	private releaseBacklog(): void {
		if (this.backlogged && this.queuedBytes <= inputResumeLevel) {
			this.backlogged = false;
			this.options.onBacklog?.(false);
		}
	}

	private flush(): void {
		if (this.closed) {
			return;
		}

		if (!this.options.isOpen()) {
			this.dispose();
			return;
		}

		let progressed = false;
		while (this.queue.length > 0) {
			if (this.queue.length > 1 && this.queue[0]!.length - this.offset < joinLimit) {
				// One system call for the small writes waiting (answers, keys), not one each; never
				// copying more than joinLimit, so a large paste in the queue is not copied again and again.
				const parts = [this.queue.shift()!.subarray(this.offset)];
				let size = parts[0]!.length;
				while (this.queue.length > 0 && size + this.queue[0]!.length <= joinLimit) {
					const next = this.queue.shift()!;
					parts.push(next);
					size += next.length;
				}

				this.queue.unshift(Buffer.concat(parts, size));
				this.offset = 0;
			}

			const head = this.queue[0]!;
			let written: number;
			try {
				written = writeSync(this.options.fd, head, this.offset, head.length - this.offset);
			} catch (error) {
				const {code} = error as NodeJS.ErrnoException;
				if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
					this.retryLater(progressed);
					return;
				}

				// EIO and the like: the program is gone, and its exit event follows.
				this.options.onError?.(error as Error);
				this.dispose();
				return;
			}

			if (written > 0) {
				progressed = true;
			}

			this.offset += written;
			this.queuedBytes -= written;
			if (this.offset >= head.length) {
				this.queue.shift();
				this.offset = 0;
			}

			this.releaseBacklog();
		}

		this.retryMs = firstRetryMs;
		this.dropReported = false;
	}

	private retryLater(progressed: boolean): void {
		// A program that is reading gets its bytes promptly; one that is not is asked less and less
		// often, so a stalled pane costs a timer, never a busy loop.
		this.retryMs = progressed ? firstRetryMs : Math.min(longestRetryMs, this.retryMs * 2);
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.flush();
		}, this.retryMs);
		this.timer.unref();
	}
}
