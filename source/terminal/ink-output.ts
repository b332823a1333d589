import {Writable} from 'node:stream';

/**
 * The stdout Ink writes to. It looks like the user's terminal (size, resize
 * events) but hands every write to the multiplexer, which keeps Ink's cursor
 * bookkeeping valid and repaints the panes Ink drew over.
 */
export class InkOutput extends Writable {
	readonly isTTY = true;

	constructor(private readonly terminal: NodeJS.WriteStream, private readonly onWrite: (data: string) => void) {
		super({decodeStrings: false});
	}

	/** Tells Ink the terminal changed size; called once the chrome's state has the new size. */
	resized(): void {
		this.emit('resize');
	}

	get columns(): number {
		return this.terminal.columns;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.onWrite(typeof chunk === 'string' ? chunk : String(chunk));
		callback();
	}

}
