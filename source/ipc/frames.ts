/*
 * The session socket's framing: a 4-byte big-endian length, one kind byte, then the payload.
 * Control messages are JSON (validated with zod by the reader); data frames carry terminal bytes
 * as they are, so a flood of pane output costs no JSON escaping.
 */

export const frameKinds = {control: 1, data: 2} as const;
export type FrameKind = (typeof frameKinds)[keyof typeof frameKinds];

const headerBytes = 5;

/** One frame, ready to write. */
export function encodeFrame(kind: FrameKind, payload: Buffer | string): Buffer {
	const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
	const frame = Buffer.allocUnsafe(headerBytes + body.length);
	frame.writeUInt32BE(body.length + 1, 0);
	frame.writeUInt8(kind, 4);
	body.copy(frame, headerBytes);
	return frame;
}

/** A control message as a frame. */
export function encodeControl(message: unknown): Buffer {
	return encodeFrame(frameKinds.control, JSON.stringify(message));
}

export type Frame = {kind: FrameKind; payload: Buffer};

/** Thrown for a stream that is not a sequence of frames: the connection is dropped. */
export class FrameError extends Error {}

/**
 * Cuts a byte stream into frames. A frame longer than `maxBytes`, or of an unknown kind, is an
 * error as soon as its header arrives: nothing more of it is buffered.
 */
export class FrameReader {
	private chunks: Buffer[] = [];
	private buffered = 0;

	constructor(private readonly maxBytes: number) {}

	/** Bytes held of a frame not yet complete (a peer that leaves mid-message). */
	get pending(): number {
		return this.buffered;
	}

	/** Adds received bytes; returns the frames they complete. Throws FrameError on a bad stream. */
	push(chunk: Buffer): Frame[] {
		this.chunks.push(chunk);
		this.buffered += chunk.length;
		const frames: Frame[] = [];
		for (;;) {
			if (this.buffered < headerBytes) break;
			const head = this.chunks.length === 1 ? this.chunks[0]! : this.flatten();
			const length = head.readUInt32BE(0);
			const kind = head.readUInt8(4);
			if (length < 1 || length - 1 > this.maxBytes) {
				throw new FrameError(`message of ${length - 1} bytes is over the limit of ${this.maxBytes}`);
			}

			if (kind !== frameKinds.control && kind !== frameKinds.data) {
				throw new FrameError(`unknown message kind ${kind}`);
			}

			if (this.buffered < 4 + length) break;
			const all = this.flatten();
			frames.push({kind: kind as FrameKind, payload: all.subarray(headerBytes, 4 + length)});
			const rest = all.subarray(4 + length);
			this.chunks = rest.length > 0 ? [rest] : [];
			this.buffered = rest.length;
		}

		return frames;
	}

	private flatten(): Buffer {
		if (this.chunks.length !== 1) {
			this.chunks = [Buffer.concat(this.chunks)];
		}

		return this.chunks[0]!;
	}
}
