/** Writes output with backpressure and knows when the reader has gone away. */
export interface LineWriter {
	/** Writes text; resolves when the stream can take more (at once unless its buffer is full). */
	write(text: string): Promise<void>;
	/** Resolves once everything written so far has been handed to the operating system. */
	flush(): Promise<void>;
	/** The reader closed the stream (EPIPE) or it failed: later writes are dropped. */
	readonly closed: boolean;
}

/**
 * Wraps a stream such as stdout. A fast producer piped into a slow reader
 * would otherwise queue its output in memory, and `process.exit()` drops
 * whatever is still queued.
 */
export function createLineWriter(stream: NodeJS.WritableStream): LineWriter {
	let closed = false;
	// A reader that goes away (`| head -1`) is a normal end, not a crash.
	stream.on('error', () => {
		closed = true;
	});
	return {
		get closed() {
			return closed;
		},
		async write(text) {
			if (closed) return;
			if (stream.write(text)) return;
			await whenWritable(stream, () => closed);
		},
		async flush() {
			if (!closed) await flushStream(stream);
		},
	};
}

async function whenWritable(stream: NodeJS.WritableStream, isClosed: () => boolean): Promise<void> {
	if (isClosed()) return;
	await new Promise<void>(resolve => {
		const done = () => {
			stream.off('drain', done);
			stream.off('error', done);
			stream.off('close', done);
			resolve();
		};

		stream.on('drain', done);
		stream.on('error', done);
		stream.on('close', done);
	});
}

/** Resolves once what was written to the stream so far has left its buffer, or the stream failed. */
export async function flushStream(stream: NodeJS.WritableStream): Promise<void> {
	const writable = stream as NodeJS.WritableStream & {destroyed?: boolean};
	if (writable.destroyed) return;
	await new Promise<void>(resolve => {
		const done = () => {
			stream.off('error', done);
			stream.off('close', done);
			resolve();
		};

		// Writes complete in order: the callback of an empty write runs after every earlier one.
		stream.on('error', done);
		stream.on('close', done);
		stream.write('', done);
	});
}
