import type {Terminal} from '@xterm/headless';

/** xterm.js's own parameter object: handlers for one sequence share it, so a handler that runs first can change what the next one sees. */
type CoreParams = {params: Int32Array; length: number};
type CoreHandler = (params: CoreParams) => boolean | Promise<boolean>;
type FunctionIdentifier = {prefix?: string; intermediates?: string; final: string};
type Core = {registerCsiHandler?: (id: FunctionIdentifier, handler: CoreHandler) => {dispose(): void}};

/** The sequences whose effect stops growing once the count reaches the screen's height. */
const lineCounts: FunctionIdentifier[] = [
	{final: 'S'}, // SU: scroll up
	{final: 'T'}, // SD: scroll down
	{final: 'L'}, // IL: insert lines
	{final: 'M'}, // DL: delete lines
];

/** The sequences whose effect stops growing once the count reaches the screen's width (the tab moves pass at least one column a step). */
const columnCounts: FunctionIdentifier[] = [
	{final: 'I'}, // CHT: forward tabs
	{final: 'Z'}, // CBT: backward tabs
	{final: '@'}, // ICH: insert characters
	{final: 'P'}, // DCH: delete characters
	{final: 'X'}, // ECH: erase characters
	{intermediates: ' ', final: '@'}, // SL: scroll left
	{intermediates: ' ', final: 'A'}, // SR: scroll right
	{intermediates: "'", final: '}'}, // DECIC: insert columns
	{intermediates: "'", final: '~'}, // DECDC: delete columns
];

/**
 * Clamps the repeat counts of CSI sequences to the smallest count with the same effect, before
 * xterm.js sees them. xterm.js loops once per unit for several of them (`CSI 99999999 S` took
 * minutes), so a pane could freeze every pane and the keyboard with a dozen bytes.
 *
 * The public parser API hands handlers a copy of the parameters; the core one hands the object
 * that xterm.js's own handler reads next, so the clamp is written there and the handler then runs
 * unchanged. Returns false when this xterm.js has no such hook (the caller may then log it).
 */
export function clampRepeatCounts(terminal: Terminal): boolean {
	const core = (terminal as unknown as {_core?: Core})._core;
	const register = core?.registerCsiHandler?.bind(core);
	if (!register) {
		return false;
	}

	const clampFirst = (params: CoreParams, limit: number): void => {
		if (params.length > 0 && params.params[0]! > limit) {
			params.params[0] = limit;
		}
	};

	for (const id of lineCounts) {
		// Past the screen's height every line of the region (or below the cursor) is blank.
		register(id, params => {
			clampFirst(params, terminal.rows);
			return false;
		});
	}

	for (const id of columnCounts) {
		register(id, params => {
			clampFirst(params, terminal.cols);
			return false;
		});
	}

	// REP: repeating the last character fills lines and scrolls them into the scrollback; once every
	// line is full of it, each further line's worth leaves the same screen.
	register({final: 'b'}, params => {
		if (params.length > 0) {
			params.params[0] = equivalentRepeatCount(params.params[0]!, repeatShape(terminal));
		}

		return false;
	});
	return true;
}

export type RepeatShape = {cols: number; rows: number; scrollback: number; alternate: boolean; userScrolled: boolean};

function repeatShape(terminal: Terminal): RepeatShape {
	const buffer = terminal.buffer.active;
	return {
		cols: terminal.cols,
		rows: terminal.rows,
		scrollback: terminal.options.scrollback ?? 1000,
		alternate: buffer.type === 'alternate',
		userScrolled: buffer.viewportY < buffer.baseY,
	};
}

/**
 * Above this many cells, a REP's copies in the scrollback are not reproduced in full: filling 10,000
 * lines of scrollback costs about 0.4 s a sequence, and a pane could send thousands of them.
 */
export const repeatScrollbackBudget = 64 * 1024;

/**
 * The smallest REP count that leaves the same screen and cursor as `count`, and the same scrollback
 * too while that costs at most `repeatScrollbackBudget` cells. Past that, the scrollback gets a
 * screenful of the repeated line on top of what it had, instead of only copies of it.
 */
export function equivalentRepeatCount(count: number, shape: RepeatShape): number {
	const {cols, rows, scrollback, alternate, userScrolled} = shape;
	// Lines that can hold what was printed: the screen, and the scrollback of the normal buffer
	// (twice, when the user is scrolled up: the view moves up a line for each line trimmed).
	const history = alternate ? 0 : scrollback * (userScrolled ? 2 : 1);
	const kept = rows + 2 + (cols * history <= repeatScrollbackBudget ? history : 0);
	// A line holds `cols` narrow characters or floor(cols / 2) wide ones, so the state repeats with
	// a period that is a multiple of both.
	const period = cols % 2 === 0 ? cols : cols * ((cols - 1) / 2);
	const saturated = cols * kept;
	if (count <= saturated + period) {
		return count;
	}

	return saturated + ((count - saturated) % period);
}
