/** OSC, DCS, SOS, PM and APC payloads longer than this are dropped whole. */
export const stringSequenceLimit = 1024 * 1024;

enum State {
	Ground,
	Escape,
	/** Inside a string sequence, counting its payload. */
	String,
	/** Past the limit: the sequence was cancelled, the rest of it is dropped. */
	Discard,
}

const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
const ST = 0x9c;

const c1Control = /[\u0080-\u009F]/;
/** What can start a string sequence from the ground state: ESC, and the 8-bit DCS, SOS, OSC, PM and APC. */
const groundStarts = /[\u001B\u0090\u0098\u009D-\u009F]/g;
/** What ends a string in xterm.js: ESC, CAN, SUB and every C1 control; BEL too for an OSC. */
const stringEnds = /[\u001B\u0018\u001A\u0080-\u009F]/g;
const oscEnds = /[\u0007\u001B\u0018\u001A\u0080-\u009F]/g;

/** An ESC (perhaps followed by C0 controls xterm.js runs in passing) then ], P, X, ^ or _, or an 8-bit introducer. */
const mayStartString = /\u001B[\u0000-\u0017\u0019\u001B-\u001F\u007F]*[\]PX^_]|[\u0090\u0098\u009D-\u009F]/;

/** True when `data` ends inside an escape sequence whose kind the next chunk decides. */
function endsInEscape(data: string): boolean {
	const last = data.lastIndexOf('\u001B');
	if (last < 0) {
		return false;
	}

	const next = data.charCodeAt(last + 1);
	return last + 1 === data.length || next < 0x20 || next === 0x7f;
}

/** The index of the first match of `pattern` (global) in `data` from `from`, or -1. */
function search(pattern: RegExp, data: string, from: number): number {
	pattern.lastIndex = from;
	return pattern.exec(data)?.index ?? -1;
}

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
		if (this.state === State.Ground && !mayStartString.test(data) && !endsInEscape(data)) {
			return data;
		}

		let kept = '';
		// Start of the part of `data` not yet copied to `kept`.
		let runStart = 0;
		let changed = false;
		const cut = (from: number, to: number, insert = ''): void => {
			kept += data.slice(runStart, from) + insert;
			runStart = to;
			changed = true;
		};

		// Almost all output has no C1 control: then only ESC can start a string, and indexOf finds it fastest.
		const hasC1 = c1Control.test(data);
		let index = 0;
		while (index < data.length) {
			switch (this.state) {
				case State.Ground: {
					index = hasC1 ? search(groundStarts, data, index) : data.indexOf('\u001B', index);
					if (index < 0) {
						index = data.length;
						break;
					}

					// CSI, the commonest sequence, cannot hold a string: skip the escape state.
					if (data.charCodeAt(index) === ESC && data.charCodeAt(index + 1) === 0x5b) {
						index += 2;
						break;
					}

					this.fromGround(data.charCodeAt(index));
					index++;
					break;
				}

				case State.Escape: {
					this.fromEscape(data.charCodeAt(index));
					index++;
					break;
				}

				case State.String: {
					let end = search(this.osc ? oscEnds : stringEnds, data, index);
					if (end < 0) {
						end = data.length;
					}

					if (this.length + (end - index) > this.limit) {
						// Keep the payload up to the limit, then cancel the sequence.
						const over = index + (this.limit - this.length);
						this.dropped++;
						this.state = State.Discard;
						cut(over, over, '\u0018');
						index = over;
						break;
					}

					this.length += end - index;
					index = end;
					if (end < data.length) {
						this.state = State.Ground;
						this.fromGround(data.charCodeAt(end));
						index++;
					}

					break;
				}

				case State.Discard: {
					// Skip to the terminator in one step: the payload can be megabytes.
					const end = search(this.osc ? oscEnds : stringEnds, data, index);
					if (end < 0) {
						cut(index, data.length);
						index = data.length;
						break;
					}

					const terminator = data.charCodeAt(end);
					this.state = State.Ground;
					if (terminator === BEL || terminator === CAN || terminator === SUB || terminator === ST) {
						// Its terminator: the sequence is already cancelled, and a BEL would ring.
						cut(index, end + 1);
					} else {
						cut(index, end);
						this.fromGround(terminator);
					}

					index = end + 1;
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
		} else if (code === 0x9d) {
			this.enterString(true);
		} else if (code === 0x90 || code === 0x98 || code === 0x9e || code === 0x9f) {
			this.enterString(false);
		}
	}

	private fromEscape(code: number): void {
		if (code === 0x5d) {
			this.enterString(true);
		} else if (code === 0x50 || code === 0x58 || code === 0x5e || code === 0x5f) {
			// DCS, SOS, PM, APC
			this.enterString(false);
		} else if (code === ESC || (code < 0x20 && code !== CAN && code !== SUB) || code === 0x7f) {
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
}
