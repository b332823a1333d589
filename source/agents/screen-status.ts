import type {AgentProfile, AgentState, ApprovalSpec} from './profile-schema.js';

/** A pane's state as shown to the user. */
export type PaneState = AgentState | 'exited';

const compiled = new Map<string, RegExp>();

function regex(source: string): RegExp {
	let pattern = compiled.get(source);
	if (!pattern) {
		pattern = new RegExp(source, 'u');
		compiled.set(source, pattern);
	}

	return pattern;
}

function anyLine(lines: string[], sources: string[]): boolean {
	return sources.some(source => {
		const pattern = regex(source);
		return lines.some(line => pattern.test(line));
	});
}

/**
 * The agent's state as its screen shows it, or undefined when nothing matches.
 * A visible question wins over a spinner (an agent asking is not working), and a spinner over an input box
 * (most agents keep drawing their input box while they work).
 */
export function detectAgentState(lines: string[], profile: AgentProfile): AgentState | undefined {
	const {screen} = profile;
	if (anyLine(lines, screen.waiting)) return 'waiting';
	if (profile.approval && anyLine(lines, [profile.approval.prompt])) return 'waiting';
	if (anyLine(lines, screen.busy)) return 'busy';
	if (anyLine(lines, screen.idle)) return 'idle';
	return undefined;
}

/** An approval prompt read from the screen. */
export type ApprovalPrompt = {
	/** The proposed command, its screen rows joined with "\n". */
	command: string;
	/**
	 * Every way the rows may join into the real command. A row break on screen is either a line of
	 * the command or a wrap, at a space or inside a word, and the screen does not say which: the
	 * policy judges each reading and keeps the strictest, so that `rm -rf` wrapped before `/` is
	 * never judged as two harmless lines.
	 */
	readings: string[];
	/** The block is as long as the agent ever shows: the real command may go on, unseen. */
	mayBeCut: boolean;
	/** Keys (as named in approval specs: "enter", "y", "1") that would approve it: hold these. */
	approveKeys: string[];
	/** Keys that decline it: safe to forward. */
	declineKeys: string[];
	/** The row of the prompt line. */
	row: number;
};

/** Whether a screen row's text is drawn entirely in a non-default foreground colour. */
export type RowTint = (row: number) => boolean;

/**
 * The agent's own "run this command?" prompt, if one is on screen (the lowest one wins).
 * `tinted` is asked only for the rows of the command block, and only when the profile drops a tinted tail.
 */
export function findApprovalPrompt(lines: string[], profile: AgentProfile, tinted?: RowTint): ApprovalPrompt | undefined {
	const spec = profile.approval;
	if (!spec) return undefined;
	const prompt = regex(spec.prompt);
	let row = -1;
	for (let index = lines.length - 1; index >= 0; index--) {
		if (prompt.test(lines[index]!)) {
			row = index;
			break;
		}
	}

	if (row < 0) return undefined;
	const {rows, kept} = commandRows(lines, row, spec, tinted);
	const {approveKeys, declineKeys} = answerKeys(lines, row, spec);
	// A tinted tail is left out of what is shown and audited, but still judged with the rest: a
	// command that could colour its own last rows must not hide them from the policy.
	const shown = rows.slice(0, kept);
	const readings = kept === rows.length ? readingsOf(rows) : [...new Set([...readingsOf(shown), ...readingsOf(rows)])];
	const mayBeCut = spec.command.cutAt !== undefined && rows.length >= spec.command.cutAt;
	return {command: shown.join('\n'), readings, mayBeCut, approveKeys, declineKeys, row};
}

/** The rows of the command block, and how many of them are the command (the rest is a tinted tail). */
function commandRows(lines: string[], row: number, spec: ApprovalSpec, tinted: RowTint | undefined): {rows: string[]; kept: number} {
	const locator = spec.command;
	const start = regex(locator.start);
	const end = regex(locator.end);
	const line = regex(locator.line);
	let startRow = -1;
	if (locator.search === 'up') {
		for (let index = row; index >= Math.max(0, row - locator.window); index--) {
			// The prompt line itself may match an end pattern but never starts the block above it.
			if (index !== row && start.test(lines[index]!)) {
				startRow = index;
				break;
			}
		}
	} else {
		for (let index = row; index <= Math.min(lines.length - 1, row + locator.window); index++) {
			if (start.test(lines[index]!)) {
				startRow = index;
				break;
			}
		}
	}

	if (startRow < 0) return {rows: [], kept: 0};
	const parts: Array<{row: number; text: string}> = [];
	const first = locator.startInclusive ? startRow : startRow + 1;
	for (let index = first; index < lines.length && index <= startRow + locator.window; index++) {
		const text = lines[index]!;
		if (index > startRow && end.test(text)) break;
		const match = line.exec(text);
		if (match?.[1] !== undefined && match[1].trim() !== '') parts.push({row: index, text: match[1].trim()});
	}

	let kept = parts.length;
	if (locator.dropTintedTail && tinted) {
		while (kept > 1 && tinted(parts[kept - 1]!.row)) kept--;
	}

	return {rows: parts.map(part => part.text), kept};
}

/** Joins at each row break: a line of the command, a wrap at a space, a wrap inside a word. */
const joins = ['\n', ' ', ''];
/** Up to this many breaks every mix of joins is read (3^4 = 81 readings); beyond, each join throughout. */
const maxMixedBreaks = 4;

function readingsOf(rows: string[]): string[] {
	if (rows.length <= 1) return [rows.join('')];
	if (rows.length - 1 > maxMixedBreaks) return [...new Set(joins.map(join => rows.join(join)))];
	let readings = [rows[0]!];
	for (const next of rows.slice(1)) {
		readings = readings.flatMap(reading => joins.map(join => reading + join + next));
	}

	return [...new Set(readings)];
}

function answerKeys(lines: string[], row: number, spec: ApprovalSpec): {approveKeys: string[]; declineKeys: string[]} {
	const approve = new Set(spec.approveKeys);
	const decline = new Set(spec.declineKeys);
	if (spec.option) {
		const option = regex(spec.option);
		const approves = spec.approveLabel ? regex(spec.approveLabel) : undefined;
		// Options are drawn below the prompt line, or just above it in agents that put the question last.
		for (let index = Math.max(0, row - 2); index < Math.min(lines.length, row + 16); index++) {
			const match = option.exec(lines[index]!);
			if (!match?.[1]) continue;
			const label = match[2] ?? '';
			if (approves?.test(label)) approve.add(match[1]);
			else decline.add(match[1]);
		}
	}

	for (const key of approve) decline.delete(key);
	return {approveKeys: [...approve], declineKeys: [...decline]};
}

/** Timers, injectable so that tests need not sleep. */
export type Clock = {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

const realClock: Clock = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: handle => {
		clearTimeout(handle as ReturnType<typeof setTimeout>);
	},
};

/**
 * Reports a pane's state only once the screen has shown it for `holdMs`, so that a spinner's gap or
 * a half-drawn frame does not flicker the status; `exited` and hook reports (`set`) are immediate.
 */
export class StatusDebouncer {
	#reported: PaneState | undefined;
	#candidate: PaneState | undefined;
	#timer: unknown;

	constructor(
		private readonly onReport: (state: PaneState) => void,
		private readonly holdMs = 300,
		private readonly clock: Clock = realClock,
	) {}

	/** The state last reported. */
	get state(): PaneState | undefined {
		return this.#reported;
	}

	/** A state read from the screen; undefined (nothing recognisable) keeps the current state. */
	update(state: PaneState | undefined): void {
		if (this.#reported === 'exited' || state === undefined) return;
		if (state === 'exited') {
			this.set(state);
			return;
		}

		if (state === this.#candidate) return;
		this.#cancel();
		if (state === this.#reported) return;
		this.#candidate = state;
		this.#timer = this.clock.setTimeout(() => {
			this.#timer = undefined;
			this.#candidate = undefined;
			this.#report(state);
		}, this.holdMs);
	}

	/** A state known for sure (from a hook, or the process exit): reported at once. */
	set(state: PaneState): void {
		if (this.#reported === 'exited') return;
		this.#cancel();
		this.#report(state);
	}

	/** Stops any pending report. */
	dispose(): void {
		this.#cancel();
	}

	#cancel(): void {
		if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#candidate = undefined;
	}

	#report(state: PaneState): void {
		if (state === this.#reported) return;
		this.#reported = state;
		this.onReport(state);
	}
}
