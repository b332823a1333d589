import type net from 'node:net';
import {encodeFrame, frameKinds} from '../ipc/frames.js';
import {drawWindowBytes} from '../ipc/protocol.js';
import type {Drawing} from './drawing.js';

/** Above this many bytes queued for a client, frames wait: a slow or stopped client never grows the server's memory. */
export const congestedBytes = 1024 * 1024;

/**
 * Drawing relayed by the client: data frames on its socket, which the client writes to its
 * terminal, saying every so often how much it has written (see drawnAckBytes).
 */
export class SocketDrawing implements Drawing {
	/** Drawing sent to the client, and how much of it the client said it has written to its terminal. */
	private sentBytes = 0;
	private drawnBytes = 0;

	constructor(
		private readonly socket: net.Socket,
		private readonly onDrain: () => void,
	) {
		socket.on('drain', onDrain);
	}

	write(data: string): void {
		if (this.socket.destroyed || !this.socket.writable) {
			return;
		}

		const frame = encodeFrame(frameKinds.data, data);
		this.sentBytes += frame.length - 5;
		this.socket.write(frame);
	}

	congested(all: boolean): boolean {
		return this.socket.writableLength > congestedBytes || (all && this.sentBytes - this.drawnBytes > drawWindowBytes);
	}

	ready(): void {
		// The socket keeps the order: drawing sent before the client entered full screen reaches the terminal after it.
	}

	drawn(bytes: number): void {
		if (bytes <= this.drawnBytes || bytes > this.sentBytes) {
			return;
		}

		const wasBehind = this.sentBytes - this.drawnBytes > drawWindowBytes;
		this.drawnBytes = bytes;
		if (wasBehind && this.sentBytes - this.drawnBytes <= drawWindowBytes) {
			this.onDrain();
		}
	}

	close(then: () => void): void {
		this.socket.off('drain', this.onDrain);
		then();
	}
}
