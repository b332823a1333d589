import {Writable} from 'node:stream';

/**
 * The stdout Ink writes to. It looks like a terminal (size, resize events) but hands every write
 * to the client's view, which keeps Ink's cursor bookkeeping valid and repaints the panes Ink drew
 * over. On the server it stands for a client's terminal at the other end of a socket.
 */
export class InkOutput extends Writable {
	readonly isTTY = true;

	constructor(
		private readonly size: () => {cols: number; rows: number},
		private readonly onWrite: (data: string) => void,
	) {
		super({decodeStrings: false});
	}

	/** Tells Ink the terminal changed size; called once the chrome's state has the new size. */
	resized(): void {
		this.emit('resize');
	}

	get columns(): number {
		return this.size().cols;
	}

	get rows(): number {
		return this.size().rows;
	}

	override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.onWrite(typeof chunk === 'string' ? chunk : String(chunk));
		callback();
	}
}
