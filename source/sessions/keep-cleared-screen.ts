import type {Terminal} from '@xterm/headless';

type Internals = {_core?: {_bufferService?: {buffer?: {scrollTop?: number; scrollBottom?: number}}}};

/**
 * A program that clears the screen (ED 2, `ESC [ 2 J`) to redraw it leaves the old screen in the
 * scrollback instead of losing it, as tmux's scroll-on-clear and VTE do. xterm.js's
 * scrollOnEraseInDisplay does that, but it scrolls only the scroll region: with a region set, the
 * rows outside it would not be erased. So it is switched on just for an ED 2 on the normal screen
 * with no region, read before xterm.js's own handler runs; everything else erases as before.
 */
export function keepClearedScreens(terminal: Terminal): void {
	const internals = terminal as unknown as Internals;
	terminal.parser.registerCsiHandler({final: 'J'}, params => {
		const buffer = internals._core?._bufferService?.buffer;
		const wholeScreen = buffer?.scrollTop === 0 && buffer.scrollBottom === terminal.rows - 1;
		const keep = params[0] === 2 && wholeScreen && terminal.buffer.active.type === 'normal';
		if (terminal.options.scrollOnEraseInDisplay !== keep) {
			terminal.options.scrollOnEraseInDisplay = keep;
		}

		// xterm.js's own handler erases next.
		return false;
	});
}
