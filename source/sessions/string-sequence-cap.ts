/** OSC, DCS, SOS, PM and APC payloads longer than this are dropped whole. */
export const stringSequenceLimit = 1024 * 1024;

const enum State {
	Ground,
	Escape,
	/** Inside a string sequence, counting its payload. */
	String,
	/** Past the limit: the sequence was cancelled, the rest of it is dropped. */
	Discard,
}

const ESC = 0x1B;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1A;
const ST = 0x9C;

/**
 * Caps the payload of string sequences in a pane's output before xterm.js parses it. xterm.js
 * gathers up to 10 MB of an OSC or DCS payload per handler, and an 11 MB OSC grew agentmux by
 * hundreds of MB; no handler can stop the gathering. Past the limit this sends CAN, which makes
 * xterm.js abandon the sequence (a real terminal drops it too), and drops the rest of it up to its
 * terminator. The states follow xterm.js's parser: ESC and the C1 controls end a string anywhere,
 * BEL ends an OSC, and the state is kept across chunks.
 */
export class StringSequenceCap {
	/** How many sequences were cut, since the start. */
	dropped = 0;
	private state = State.Ground;
	/** True when the current string is an OSC: BEL ends it. */
	private osc = false;
	private length = 0;

	constructor(private readonly limit = stringSequenceLimit) {}

	/** The chunk with the excess of over-long string sequences removed; the same string when nothing is. */
	filter(data: string): string {
		let kept = '';
		// Start of the part of `data` not yet copied to `kept`.
		let runStart = 0;
		let changed = false;
		const cut = (from: number, to: number, insert = ''): void => {
			kept += data.slice(runStart, from) + insert;
			runStart = to;
			changed = true;
		};

		for (let index = 0; index < data.length; index++) {
			const code = data.charCodeAt(index);
			switch (this.state) {
				case State.Ground: {
					this.fromGround(code);
					break;
				}

				case State.Escape: {
					this.fromEscape(code);
					break;
				}

				case State.String: {
					if (this.ends(code)) {
						this.state = State.Ground;
						this.fromGround(code);
						break;
					}

					this.length++;
					if (this.length > this.limit) {
						this.dropped++;
						this.state = State.Discard;
						cut(index, index + 1, '\u0018');
					}

					break;
				}

				case State.Discard: {
					// Skip to the terminator in one step: the payload can be megabytes.
					let end = index;
					while (end < data.length && !this.ends(data.charCodeAt(end))) {
						end++;
					}

					if (end === data.length) {
						cut(index, end);
						index = end;
						break;
					}

					const terminator = data.charCodeAt(end);
					this.state = State.Ground;
					if (terminator === BEL || terminator === CAN || terminator === SUB || terminator === ST) {
						// Its terminator: the sequence is already cancelled, and a BEL would ring.
						cut(index, end + 1);
						index = end;
					} else {
						if (end > index) {
							cut(index, end);
						}

						index = end;
						this.fromGround(terminator);
					}

					break;
				}
			}
		}

		if (!changed) {
			return data;
		}

		return kept + data.slice(runStart);
	}

	private fromGround(code: number): void {
		if (code === ESC) {
			this.state = State.Escape;
		} else if (code === 0x9D) {
			this.enterString(true);
		} else if (code === 0x90 || code === 0x98 || code === 0x9E || code === 0x9F) {
			this.enterString(false);
		}
	}

	private fromEscape(code: number): void {
		if (code === 0x5D) {
			this.enterString(true);
		} else if (code === 0x50 || code === 0x58 || code === 0x5E || code === 0x5F) {
			// DCS, SOS, PM, APC
			this.enterString(false);
		} else if (code === ESC || (code < 0x20 && code !== CAN && code !== SUB) || code === 0x7F) {
			// xterm.js runs C0 controls inside an escape sequence and stays in it.
		} else {
			this.state = State.Ground;
			this.fromGround(code);
		}
	}

	private enterString(osc: boolean): void {
		this.state = State.String;
		this.osc = osc;
		this.length = 0;
	}

	/** True for the characters that end a string sequence in xterm.js. */
	private ends(code: number): boolean {
		return code === ESC || code === CAN || code === SUB || (code >= 0x80 && code <= 0x9F) || (this.osc && code === BEL);
	}
}
