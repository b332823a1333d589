import {type AuditEntry, verdictEntry} from './audit-log.js';
import {sliceAtLines} from './line-slices.js';
import {agentCommandContext, createPaneContext, type PaneContext} from './line-state.js';
import {judgeCommandLine, mayShowCommandLine, type ProgramScreen, readCommandLine} from './program-command-line.js';
import {redactText, type SecretFinding} from './secret-scan.js';
import {judgeReadings, shorten, stronger, type Verdict} from './verdict.js';

/** What the gate needs from its pane. */
export interface GateHost {
	paneName: string;
	cwd(): string;
	/** raw = full-screen app / not at a prompt: everything passes through. */
	mode(): 'shell' | 'agent' | 'raw';
	/** Absolute buffer row and column of the cursor now. */
	cursor(): {row: number; col: number};
	/** Text from `from` to the end of the logical (wrapped) line, trailing spaces trimmed. */
	readLogicalLine(from: {row: number; col: number}): string;
	/** Bytes to the pty. */
	forward(data: string): void;
	/** y/N dialog; resolves false on No/Esc. */
	confirm(request: {title: string; detail: string; rule: string}): Promise<boolean>;
	/** Shows a denial or info line. */
	notice(message: string): void;
	/** Shows what the gate is busy with until called with undefined (a large paste being checked). */
	progress?(message: string | undefined): void;
	audit: {append(entry: AuditEntry): void};
	/** Judges a line; `context` carries what earlier lines of this pane set up (functions, aliases, cwd). */
	classify(line: string, context?: PaneContext): Verdict;
	scanSecrets(text: string): Promise<SecretFinding[]> | SecretFinding[];
	/** Undefined when the pane's program takes keys now; else resolves when it does (it has started and drawn). */
	ready?(): Promise<void> | undefined;
	/** Resolves when the pane has caught up with what was typed (its echo is on screen). */
	settled?(): Promise<void>;
	/** True while the pane is still drawing (no prompt yet since the last Enter): a cursor read now may be before the prompt. */
	busy?(): boolean;
	/** The visible screen and foreground program, for command lines of full-screen programs (vim's `:!`). */
	programScreen?(): ProgramScreen;
}

type Kind = AuditEntry['kind'];

const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';
/**
 * A paste longer than this is judged in slices of about this many chars, so no single
 * classification holds the event loop for long (a slice of commands takes tens of ms).
 */
export const classifySliceChars = 16 * 1024;
/** The secret scan has a cost per call: larger slices, overlapping so that a PEM block cut at one edge is whole in the next. */
const secretSliceChars = 64 * 1024;
const secretSliceOverlap = 8 * 1024;

/** Lets the event loop run (input, output, frames) before the next slice. */
async function nextTurn(): Promise<void> {
	return new Promise(resolve => {
		setImmediate(resolve);
	});
}

/**
 * Terminals send a pasted line break as CR, which the shell takes as the end of a line (Enter,
 * or a line of a bracketed paste), but the bash grammar does not: `# note<CR>curl x | sh` would
 * parse as one comment. The classifier is given the lines as the shell sees them.
 */
function asLines(text: string): string {
	return text.replaceAll(/\r\n?/g, '\n');
}

function lineCount(text: string): number {
	let count = 1;
	for (let at = 0; at < text.length; at++) {
		const code = text.charCodeAt(at);
		// CR, LF and CRLF each end one line.
		if (code === 0x0a ? text.charCodeAt(at - 1) !== 0x0d : code === 0x0d) count++;
	}

	return count;
}

/**
 * Per-pane policy gate between the keyboard and the pty.
 *
 * Shell mode reads the line back from the screen at Enter (so history recall,
 * completion and editing are judged as the shell sees them). While a decision
 * is pending, later input is queued and replayed in order afterwards, so
 * nothing typed during a dialog is lost or reordered.
 */
export class InputGate {
	private lineStart: {row: number; col: number} | undefined;
	/** The line start was read while the shell was still drawing, so its prompt may come after it. */
	private startUncertain = false;
	/** What was typed since the line start, while it was only printable text (undefined after an editing key). */
	private typedText: string | undefined = '';
	/** Unfinished last line of a multi-line paste: the shell holds it before what is read back. */
	private pastedTail = '';
	private pending = false;
	/** Printable keys sent to a full-screen program since its last control key (see programEnter). */
	private programTyped = '';
	private readonly queue: Array<() => void> = [];
	/** What this pane's earlier command lines defined, so later lines are judged with it. */
	private readonly context: PaneContext = createPaneContext();

	constructor(private readonly host: GateHost) {}

	/** Handles bytes of one key (already encoded for the pane). */
	key(data: string): void {
		this.keys([data]);
	}

	/**
	 * Handles the keys of one read, in order (each already encoded for the pane). The pane's mode
	 * is looked up once for them, and the keys up to an Enter are forwarded in one write; the
	 * Enter is judged, and the keys after it wait for the verdict.
	 */
	keys(keys: string[]): void {
		if (this.pending || this.waitForProgram()) {
			this.queue.push(() => this.keys(keys));
			return;
		}

		const mode = this.host.mode();
		if (mode === 'raw') {
			const data = keys.join('');
			if (data !== '' && !this.programEnter(data)) this.host.forward(data);
			return;
		}

		let typed = '';
		for (const [index, data] of keys.entries()) {
			if (/[\r\n]/.test(data)) {
				this.type(typed);
				const rest = keys.slice(index + 1);
				if (rest.length > 0) this.queue.unshift(() => this.keys(rest));
				this.lineKey(data, mode);
				return;
			}

			if (data === '\u0003' || data === '\u0004') {
				// Ctrl-C and Ctrl-D end the line: typed on their own, so the line starts over after them.
				this.type(typed);
				typed = '';
				this.type(data);
				continue;
			}

			typed += data;
		}

		this.type(typed);
	}

	/** Bytes with an Enter in them: what is before it is typed, the Enter is judged, the rest waits. */
	private lineKey(data: string, mode: 'shell' | 'agent'): void {
		const enter = data.search(/[\r\n]/);
		if (enter > 0) this.type(data.slice(0, enter));
		const rest = data.slice(enter + 1);
		if (rest !== '') this.queue.unshift(() => this.key(rest));
		this.enter(data[enter]!, mode);
		this.drain();
	}

	/** Handles a paste; every line is judged before any byte is forwarded. */
	paste(text: string, bracketed: boolean): void {
		if (this.pending || this.waitForProgram()) {
			this.queue.push(() => this.paste(text, bracketed));
			return;
		}

		const mode = this.host.mode();
		const payload = bracketed ? `${pasteStart}${text}${pasteEnd}` : text;
		if (mode === 'raw') {
			this.host.forward(payload);
			return;
		}

		const start = this.lineStart ?? this.host.cursor();
		const typedStart = this.lineStart;
		this.run(async () => {
			await this.host.settled?.();
			// What was typed before the paste is part of the same command line.
			const prefix = this.pastedTail + (typedStart ? this.host.readLogicalLine(typedStart) : '');
			const forward = mode === 'shell' ? await this.judgeCommand(prefix + text, 'paste') : await this.judgeSecrets(text, 'paste');
			if (!forward) return;
			this.host.forward(payload);
			const lines = text.split(/\r\n|\r|\n/);
			if (lines.length === 1) {
				this.lineStart = start;
			} else {
				// The last pasted line is still being edited; its start is not on screen yet.
				this.pastedTail = lines.at(-1) ?? '';
				this.lineStart = undefined;
			}
		});
	}

	/**
	 * Judges a command an agent proposes to run (its own "run this?" prompt):
	 * deny → false with a notice, confirm → asks, allow → true.
	 */
	async holdApproval(command: string, readings: string[] = [command], mayBeCut = false): Promise<boolean> {
		let verdict: Verdict;
		let findings: SecretFinding[];
		try {
			// An agent runs its commands in a non-interactive shell, where `!` is literal.
			const context = agentCommandContext(this.host.cwd());
			verdict = judgeReadings(line => this.host.classify(line, context), readings, mayBeCut);
			findings = await this.host.scanSecrets(command);
			if (command.includes('\n')) {
				// A secret may be wrapped over rows: whole only with the rows joined, where its offsets do
				// not fit the command. Any secret in a command of several rows redacts all of it.
				const joined = await this.host.scanSecrets(command.replaceAll('\n', ''));
				if (joined.length > 0) {
					findings = [{kind: joined[0]!.kind, line: 1, redacted: `[${kinds(joined)} in a command of several rows]`, start: 0, end: command.length}];
				}
			}
		} catch (error) {
			this.host.notice(`agentmux: could not check the command, not approved: ${message(error)}`);
			return false;
		}

		return this.decide(command, verdict, findings, 'approval');
	}

	private type(data: string): void {
		if (data === '') return;
		if (this.lineStart === undefined) {
			this.lineStart = this.host.cursor();
			this.startUncertain = this.host.busy?.() ?? false;
		}

		// eslint-disable-next-line no-control-regex
		this.typedText = this.typedText !== undefined && !/[\u0000-\u001F\u007F]/.test(data) ? this.typedText + data : undefined;
		this.host.forward(data);
		// Ctrl-C abandons the line, Ctrl-D on an empty line ends the shell: a new line starts either way.
		if (data === '\u0003' || data === '\u0004') this.resetLine();
	}

	private enter(key: string, mode: 'shell' | 'agent'): void {
		this.run(async () => {
			// Keys typed just before Enter may not be echoed yet: read the line once the pane has caught up.
			await this.host.settled?.();
			let line = this.pastedTail + this.host.readLogicalLine(this.lineStart ?? this.host.cursor());
			// Typed ahead of the prompt: the screen mixes the prompt, the terminal's own echo and the
			// shell's redisplay. Plain printable keys with no editing reach the shell's line as typed,
			// so the text typed is the line.
			if (this.startUncertain && this.typedText) {
				line = this.pastedTail + this.typedText;
			}

			let forward: boolean;
			if (mode === 'shell') {
				forward = await this.judgeCommand(line, 'line');
			} else {
				// Claude Code's `!` prefix runs the rest as a shell command.
				const bang = /^\s*!(.*)$/s.exec(line);
				forward = bang ? await this.judgeCommand(bang[1]!, 'line', false) : await this.judgeSecrets(line, 'line');
			}

			if (!forward) return; // The line stays on screen for the user to edit.
			this.host.forward(key);
			this.resetLine();
		});
	}

	/**
	 * Enter in a full-screen program that may be showing a command line (vim's
	 * `:!cmd`, less's `!cmd`): the line is read back from the screen once the
	 * program has drawn it, and what it would run is judged before Enter goes on.
	 * False when the program shows no command line, so the keys pass as they are.
	 */
	private programEnter(data: string): boolean {
		const enter = data.search(/[\r\n]/);
		const typed = enter === -1 ? data : data.slice(0, enter);
		// A control key (Esc, Backspace, an arrow) ends what was being typed: keep what follows the last one.
		// eslint-disable-next-line no-control-regex
		const afterControl = /[\u0000-\u001F\u007F]([^\u0000-\u001F\u007F]*)$/.exec(typed);
		this.programTyped = afterControl ? afterControl[1]! : (this.programTyped + typed).slice(-64);
		const screen = enter === -1 ? undefined : this.host.programScreen?.();
		if (!screen) return false;
		const expected = this.programTyped.trimEnd();
		this.programTyped = '';
		// Programs known to have a command line are read back after they settle, and fail closed when
		// the typed line never shows. Any other raw-mode program is looked at only when its cursor is
		// on the last row with a command line there or being typed, and a line that never shows is
		// judged as typed: holding every Enter after a `:` or `!` would stall programs that never echo
		// (and ask the user about each of them).
		const known = mayShowCommandLine(screen.program, false);
		const onLastRow = screen.cursorRow === screen.rows.length - 1;
		if (!known && !(onLastRow && (readCommandLine(screen) !== undefined || /^[:!]/.test(expected)))) return false;
		if (typed !== '') this.host.forward(typed);
		const rest = data.slice(enter + 1);
		if (rest !== '') this.queue.unshift(() => this.key(rest));
		this.run(async () => {
			await this.host.settled?.();
			// A loaded machine may not have the program's echo on screen yet: a line judged without its
			// last keys could be a harmless prefix of what runs. Keys that began with `:` or `!` are a
			// command line being typed: wait until they show, on the command line or (typed into the
			// text) at the cursor.
			const tail = /^[:!]/.test(expected) ? expected.slice(-8) : '';
			const shown = (screen: ProgramScreen) => {
				const line = readCommandLine(screen);
				return line === undefined ? (screen.rows[screen.cursorRow] ?? '').includes(tail) : line.endsWith(tail);
			};

			let screen = this.host.programScreen!();
			for (let wait = 0; wait < 20 && tail !== '' && !shown(screen); wait++) {
				// eslint-disable-next-line no-await-in-loop
				await this.host.settled?.();
				screen = this.host.programScreen!();
			}

			const line = readCommandLine(screen);
			const unseen = tail !== '' && !shown(screen);
			const verdict =
				unseen && known
					? {decision: 'confirm' as const, rule: 'program-command-line', reason: "the program's command line could not be read back from the screen"}
					: unseen
						? judgeCommandLine(expected, text => this.host.classify(text))
						: line === undefined
							? undefined
							: judgeCommandLine(line, text => this.host.classify(text));
			const text = line ?? expected;
			if (verdict && !(await this.decide(text, verdict, await this.host.scanSecrets(text), 'line'))) return;
			this.host.forward(data[enter]!);
		});
		return true;
	}

	private resetLine(): void {
		this.lineStart = undefined;
		this.startUncertain = false;
		this.typedText = '';
		this.pastedTail = '';
	}

	/**
	 * True when the pane's program has not started or drawn yet: input waits (queued by the caller)
	 * until it has. Judged now, a shell's line would be read from an empty screen, and its mode
	 * taken from a process that is not the shell yet.
	 */
	private waitForProgram(): boolean {
		const ready = this.host.ready?.();
		if (!ready) return false;
		this.run(async () => ready);
		return true;
	}

	private run(task: () => Promise<void>): void {
		this.pending = true;
		void task()
			.catch((error: unknown) => {
				this.host.notice(`agentmux: input held, the policy check failed: ${message(error)}`);
			})
			.finally(() => {
				this.pending = false;
				this.drain();
			});
	}

	private drain(): void {
		while (!this.pending && this.queue.length > 0) this.queue.shift()!();
	}

	/** `atPrompt`: typed at an interactive shell's prompt (false for an agent's `!` mode, where history expansion is off). */
	private async judgeCommand(text: string, kind: Kind, atPrompt = true): Promise<boolean> {
		if (text.trim() === '') return true;
		this.context.cwd = this.host.cwd();
		this.context.historyExpansion = atPrompt;
		if (text.length <= classifySliceChars) {
			const verdict = this.host.classify(asLines(text), this.context);
			const findings = await this.host.scanSecrets(text);
			return this.decide(text, verdict, findings, kind);
		}

		const {verdict, findings} = await this.checking(text, async () => ({
			verdict: await this.classifyInSlices(text),
			findings: await this.scanInSlices(text),
		}));
		return this.decide(text, verdict, findings, kind);
	}

	private async judgeSecrets(text: string, kind: Kind): Promise<boolean> {
		const findings = text.length <= classifySliceChars ? await this.host.scanSecrets(text) : await this.checking(text, async () => this.scanInSlices(text));
		if (findings.length === 0) return true;
		// Prompts are not commands: only the secret question is asked.
		return this.decide(text, {decision: 'allow', rule: 'secret', reason: ''}, findings, kind);
	}

	/** Runs a long check with "checking paste (N lines)..." in the status bar. */
	private async checking<T>(text: string, check: () => Promise<T>): Promise<T> {
		const message = `checking paste (${lineCount(text)} lines)...`;
		this.host.progress?.(message);
		try {
			return await check();
		} finally {
			this.host.progress?.(undefined);
		}
	}

	/**
	 * Classifies a large paste a slice of whole lines at a time, letting the event loop run between
	 * slices (the UI and the other panes go on). The strongest verdict of any slice is the paste's:
	 * one risky line holds all of it. A command cut at a slice's edge parses as incomplete, which
	 * asks, so slicing never turns a risky paste into an allowed one.
	 */
	private async classifyInSlices(text: string): Promise<Verdict> {
		let verdict: Verdict | undefined;
		let relaxed: string | undefined;
		for (const slice of sliceAtLines(text, classifySliceChars)) {
			await nextTurn();
			const judged = this.host.classify(asLines(slice.text), this.context);
			relaxed ??= judged.relaxedBuiltin;
			verdict = verdict ? stronger(verdict, judged) : judged;
		}

		verdict ??= this.host.classify('');
		// A built-in deny relaxed by the user's rule anywhere in the paste is still audited.
		return relaxed && !verdict.relaxedBuiltin ? {...verdict, relaxedBuiltin: relaxed} : verdict;
	}

	/** Scans a large paste for secrets in overlapping slices (a key block cut at one edge is whole in the next). */
	private async scanInSlices(text: string): Promise<SecretFinding[]> {
		const found: SecretFinding[] = [];
		for (const slice of sliceAtLines(text, secretSliceChars, secretSliceOverlap)) {
			await nextTurn();
			for (const finding of await this.host.scanSecrets(slice.text)) {
				const placed = {...finding, start: finding.start + slice.offset, end: finding.end + slice.offset, line: finding.line + slice.line - 1};
				if (!found.some(other => other.start < placed.end && placed.start < other.end)) found.push(placed);
			}
		}

		return found.sort((a, b) => a.start - b.start);
	}

	/** Applies a verdict: audits, asks if needed, and says whether to forward. */
	private async decide(text: string, verdict: Verdict, findings: SecretFinding[], kind: Kind): Promise<boolean> {
		const redacted = redactText(text, findings);
		// Only the start is shown: shortening all of a 5 MB paste would hold the event loop for nothing.
		const shown = shorten(redacted.length > 4096 ? redacted.slice(0, 4096) : redacted, 300);
		if (verdict.decision === 'deny') {
			this.host.notice(`agentmux: blocked (${verdict.rule}): ${verdict.reason}`);
			this.record(kind, verdict, redacted, 'none');
			return false;
		}

		if (verdict.decision === 'allow' && findings.length === 0) {
			// A relaxed built-in deny is allowed by the user's own rule, but still audited.
			return verdict.relaxedBuiltin ? this.record(kind, verdict, redacted, 'auto') : true;
		}

		const secret = findings.length > 0;
		const rule = verdict.decision === 'confirm' ? verdict.rule : 'secret';
		const title = secret && verdict.decision === 'allow' ? `Send this secret to ${this.host.paneName}?` : `Run this in ${this.host.paneName}?`;
		const reasons = [verdict.decision === 'confirm' ? verdict.reason : undefined, secret ? `contains ${kinds(findings)}` : undefined].filter(Boolean);
		const answer = await this.host.confirm({title, detail: `${reasons.join('; ')}\n\n${shown}`, rule});
		const audited: Verdict = verdict.decision === 'allow' ? {...verdict, decision: 'confirm', rule, reason: reasons.join('; ')} : verdict;
		const written = this.record(secret && verdict.decision === 'allow' ? 'secret' : kind, audited, redacted, answer ? 'yes' : 'no');
		return answer && written;
	}

	/** Writes the audit entry; on failure tells the user and returns false (fail closed). */
	private record(kind: Kind, verdict: Verdict, command: string, answer: AuditEntry['answer']): boolean {
		try {
			this.host.audit.append(verdictEntry(verdict, {pane: this.host.paneName, cwd: this.host.cwd(), kind, command, answer}));
			return true;
		} catch (error) {
			this.host.notice(`agentmux: not sent, the audit log failed: ${message(error)}`);
			return false;
		}
	}
}

function kinds(findings: SecretFinding[]): string {
	return [...new Set(findings.map(finding => finding.kind))].join(', ');
}

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
