import type {Terminal} from '@xterm/headless';

export type MouseEncoding = 'x10' | 'utf8' | 'sgr' | 'urxvt';

/**
 * The terminal modes a pane's program asked for that @xterm/headless does not
 * report through its public API, tracked by watching the program's output.
 * xterm.js still handles every sequence it knows: these hooks return false
 * for those so its own handler runs too.
 */
export class PaneModes {
	cursorHidden = false;
	mouseEncoding: MouseEncoding = 'x10';
	/** Kitty keyboard protocol flags; only "disambiguate" (1) is supported, so only it is kept. */
	kittyFlags = 0;
	modifyOtherKeys = 0;
	/** The cursor shape the program set with DECSCUSR (CSI n SP q): 0 is the terminal's default, 1-6 block, underline, bar (blinking, steady). */
	cursorShape = 0;
	/** When the program last began a synchronized-output frame (DEC mode 2026). */
	syncStartedAt = 0;

	private readonly kittyStack: number[] = [];
	private readonly alternateKittyStack: number[] = [];

	constructor(
		private readonly terminal: Terminal,
		private readonly reply: (data: string) => void,
	) {
		const parser = terminal.parser;
		parser.registerCsiHandler({prefix: '?', final: 'h'}, params => this.setPrivateModes(params, true));
		parser.registerCsiHandler({prefix: '?', final: 'l'}, params => this.setPrivateModes(params, false));
		parser.registerCsiHandler({prefix: '>', final: 'u'}, params => this.pushKitty(first(params)));
		parser.registerCsiHandler({prefix: '<', final: 'u'}, params => this.popKitty(Math.max(1, first(params))));
		parser.registerCsiHandler({prefix: '=', final: 'u'}, params => this.setKitty(first(params), first(params.slice(1)) || 1));
		parser.registerCsiHandler({prefix: '?', final: 'u'}, () => {
			this.reply(`\u001B[?${this.kittyFlags}u`);
			return true;
		});
		parser.registerCsiHandler({prefix: '>', final: 'm'}, params => {
			if (first(params) === 4) {
				this.modifyOtherKeys = first(params.slice(1));
			}

			return true;
		});
		parser.registerCsiHandler({intermediates: ' ', final: 'q'}, params => {
			const shape = first(params);
			// Passed on to the user's terminal when this pane has focus; nothing else is, and 0-6 is all there is.
			this.cursorShape = shape >= 0 && shape <= 6 ? shape : 0;
			return false;
		});
		// RIS (ESC c) resets everything the program set.
		parser.registerEscHandler({final: 'c'}, () => {
			this.reset();
			return false;
		});
	}

	/** True when the pane is inside a synchronized-output frame that has not timed out. */
	isSynchronizing(now: number, timeoutMs: number): boolean {
		return this.terminal.modes.synchronizedOutputMode && now - this.syncStartedAt < timeoutMs;
	}

	reset(): void {
		this.cursorHidden = false;
		this.cursorShape = 0;
		this.mouseEncoding = 'x10';
		this.kittyFlags = 0;
		this.modifyOtherKeys = 0;
		this.kittyStack.length = 0;
		this.alternateKittyStack.length = 0;
	}

	private setPrivateModes(params: ReadonlyArray<number | number[]>, on: boolean): boolean {
		for (const parameter of params) {
			switch (parameter) {
				case 25: {
					this.cursorHidden = !on;
					break;
				}

				case 1005: {
					this.mouseEncoding = on ? 'utf8' : 'x10';
					break;
				}

				case 1006: {
					this.mouseEncoding = on ? 'sgr' : 'x10';
					break;
				}

				case 1015: {
					this.mouseEncoding = on ? 'urxvt' : 'x10';
					break;
				}

				case 2026: {
					if (on && !this.terminal.modes.synchronizedOutputMode) {
						this.syncStartedAt = Date.now();
					}

					break;
				}

				default: {
					break;
				}
			}
		}

		return false;
	}

	private get stack(): number[] {
		// The kitty spec keeps one stack per screen buffer.
		return this.terminal.buffer.active.type === 'alternate' ? this.alternateKittyStack : this.kittyStack;
	}

	private pushKitty(flags: number): boolean {
		const stack = this.stack;
		stack.push(this.kittyFlags);
		if (stack.length > 64) {
			stack.shift();
		}

		this.kittyFlags = flags & 1;
		return true;
	}

	private popKitty(count: number): boolean {
		const stack = this.stack;
		// Popping past the bottom leaves 0: the count is clamped to the depth, not looped (CSI < 2147483647 u).
		const popped = stack.splice(Math.max(0, stack.length - count));
		this.kittyFlags = count > popped.length ? 0 : (popped[0] ?? 0);
		return true;
	}

	private setKitty(flags: number, mode: number): boolean {
		const supported = flags & 1;
		if (mode === 1) {
			this.kittyFlags = supported;
		} else if (mode === 2) {
			this.kittyFlags |= supported;
		} else if (mode === 3) {
			this.kittyFlags &= ~supported;
		}

		return true;
	}
}

function first(params: ReadonlyArray<number | number[]>): number {
	const value = params[0];
	if (Array.isArray(value)) {
		return value[0] ?? 0;
	}

	return value ?? 0;
}
