import {EventEmitter} from 'node:events';
import {formatKeySpec, type KeySpec} from '../config/key-spec.js';
import {type Bindings, resolveBindings, type Settings} from '../config/settings-schema.js';
import {CopyHistory} from '../copy/copy-history.js';
import {CopyMode} from '../copy/copy-mode.js';
import {maxClipboardBytes, osc52} from '../copy/osc52.js';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import {encodeKey} from '../keys/key-encoder.js';
import {type InputEvent, type Key, keyMatches} from '../keys/key-event.js';
import {KeyParser} from '../keys/key-parser.js';
import {encodeMouse} from '../keys/mouse-encoder.js';
import {Compositor, type CursorPlacement, type PaneView} from '../panes/compositor.js';
import {confirmDialogLayout} from '../panes/dialog-rect.js';
import {contentRect, type Rect} from '../panes/layout.js';
import {paneTitle} from '../panes/pane-title.js';
import type {Session} from '../sessions/session.js';
import {stripColours} from '../terminal/no-color.js';
import {mouseModeSequence} from '../terminal/terminal-modes.js';
import {type ActionTarget, actions, helpLinesFor, hintsFor} from './actions.js';
import {BorderDrag} from './border-drag.js';
import {FrameScheduler} from './frame-scheduler.js';
import {guard, guarded} from './guard.js';
import {type MouseTarget, mouseTarget} from './mouse-target.js';
import type {AgentLauncher} from './new-agent/agent-launcher.js';
import {NewAgentDialog} from './new-agent/new-agent-dialog.js';
import {OverviewDialog, type PaneDetailsSource} from './overview/overview-dialog.js';
import type {PaneSet} from './pane-set.js';
import type {PaneInfo, ViewState, ViewStore} from './view-state.js';

const saveCursor = '\u001B7';
const restoreCursor = '\u001B8';
/** Output from the focused pane this soon after a key is taken to be its echo. */
const echoWindowMs = 100;
/** How long the first-run tip stays in the status bar. */
const firstRunTipMs = 30_000;

export type ClientViewOptions = {
	panes: PaneSet;
	settings: Settings;
	/** The session's name, for the status bar. */
	session?: string;
	cols: number;
	rows: number;
	/** Writes to this client's terminal. */
	write: (data: string) => void;
	/**
	 * True while the client's connection cannot take more: frames wait and are drawn whole once it
	 * can. A typed key's echo is drawn unless `hard` (the connection's buffer itself is full).
	 */
	congested?: (hard: boolean) => boolean;
	/** The user asked to detach this client (prefix d). */
	onDetach?: () => void;
	/** This client typed something: the session's panes follow its size. */
	onActive?: () => void;
	/** Bell and desktop notifications when an agent starts waiting. */
	attention?: {bell: boolean; desktop: boolean};
	/** The client's terminal runs inside tmux: OSC 52 goes through tmux's passthrough. */
	outerTmux?: boolean;
	/** True the first time agentmux runs for this user (and marks it seen): a tip in the status bar. */
	firstRunTip?: () => boolean;
	/** The user's terminal wants no colour (NO_COLOR): the chrome is written without any; pane contents are the programs' business. */
	noColor?: boolean;
	/** Starts agents from the new-agent form (prefix a); without it the form says it cannot. */
	launcher?: AgentLauncher;
	/** Last lines, worktrees and pending approvals for the overview (prefix s). */
	details?: PaneDetailsSource;
};

/** Lines the wheel scrolls per notch. */
const wheelLines = 3;

/** This client's copy mode in the focused pane: its held history and cursor. */
type CopyState = {mode: CopyMode; history: CopyHistory; sessionId: number; byWheel: boolean};

type ViewEvents = {change: []};

/**
 * One client's view of a session, as tmux draws it for each client: its key parser and prefix
 * state, scroll position, help overlay, and the compositor and frame scheduler that paint its
 * terminal. Everything shared (panes, focus, layout, questions) lives in the PaneSet.
 */
export class ClientView extends EventEmitter<ViewEvents> implements ViewStore, ActionTarget {
	readonly compositor: Compositor;
	private cols: number;
	private rows: number;
	private prefixActive = false;
	/** Copy mode (this client's own): the view holds still on a copy of the history as output goes on. */
	private copy: CopyState | undefined;
	/** A mouse drag that selects text: where the button went down, pane-relative. */
	private drag: {sessionId: number; x: number; y: number; started: boolean} | undefined;
	private helpOpen = false;
	/** Counts this view's changes: a held copy-mode view is read again only after one. */
	private changes = 0;
	/** The pane being renamed (prefix ,) and the name typed so far: this client's own prompt. */
	private renaming: {id: number; text: string} | undefined;
	/** The new-agent form or the overview, when this client has one open. */
	private dialog: NewAgentDialog | OverviewDialog | undefined;
	private readonly bindings: Bindings;
	private readonly parser: KeyParser;
	private readonly borderDrag: BorderDrag;
	private readonly scheduler: FrameScheduler;
	private snapshot: ViewState | undefined;
	private outerMouse = 'none';
	/** The cursor shape last sent to this client's terminal (DECSCUSR), 0 being its own default. */
	private outerCursorShape = 0;
	private lastKeyAt = Number.NEGATIVE_INFINITY;
	private disposed = false;
	private readonly unsubscribe: () => void;
	/** Keys bound for one pane, gathered from one read of the keyboard: written together. */
	private keyBatch: {sessionId: number; keys: string[]} | undefined;

	constructor(private readonly options: ClientViewOptions) {
		super();
		this.cols = Math.max(2, options.cols);
		this.rows = Math.max(3, options.rows);
		this.bindings = resolveBindings(options.settings);
		this.compositor = new Compositor(options.write);
		const {panes} = options;
		this.borderDrag = new BorderDrag(panes, () => this.size);
		this.parser = new KeyParser(
			event => {
				this.handleEvent(event);
			},
			{
				// The prefix pressed alone ends a paste whose end never came: the user can always reach it.
				breaksPaste: pressed => keyMatches(pressed, options.settings.prefix as Key),
				onError: error => {
					logDiagnostic('input', error);
					panes.internalError('input', error);
				},
			},
		);
		const onPaintError = (error: unknown) => {
			panes.internalError('paint', error);
		};
		this.scheduler = new FrameScheduler(
			guarded(
				'paint',
				() => {
					this.paint();
				},
				onPaintError,
			),
			guarded(
				'paint',
				() => {
					this.paint(true);
				},
				onPaintError,
			),
		);
		const onChange = () => {
			// Scrolled back in a pane that another client moved the focus away from: back to live.
			if (this.copy && panes.focused?.id !== this.copy.sessionId) {
				this.leaveCopyMode();
			}

			this.changed();
		};

		const onDirty = (session: Session) => {
			// The echo of a key just typed is drawn at once; other output waits for a frame (requestOutput).
			if (session === panes.focused && performance.now() - this.lastKeyAt < echoWindowMs) {
				this.scheduler.requestEcho();
			}

			this.scheduler.requestOutput();
		};

		const onLayout = () => {
			this.compositor.invalidate();
		};

		const onRemoved = (session: Session) => {
			this.compositor.forget(session.id);
		};

		const onRing = (message: string) => {
			this.ring(message);
		};

		panes.on('change', onChange);
		panes.on('dirty', onDirty);
		panes.on('layout', onLayout);
		panes.on('removed', onRemoved);
		panes.on('ring', onRing);
		this.unsubscribe = () => {
			panes.off('change', onChange);
			panes.off('dirty', onDirty);
			panes.off('layout', onLayout);
			panes.off('removed', onRemoved);
			panes.off('ring', onRing);
		};
	}

	get size(): {cols: number; rows: number} {
		return {cols: this.cols, rows: this.rows};
	}

	/** Raw input from this client's terminal. */
	input(chunk: string): void {
		guard(
			'input',
			() => {
				this.parser.feed(chunk);
				this.flushKeys();
			},
			error => {
				this.options.panes.internalError('input', error);
			},
		);
	}

	/** This client's terminal has a new size. */
	resize(cols: number, rows: number): void {
		this.cols = Math.max(2, cols);
		this.rows = Math.max(3, rows);
		this.compositor.invalidate();
		this.changed();
	}

	/** Ink wrote the chrome: keep its cursor bookkeeping valid and repaint the panes over it. */
	inkWrote(data: string): void {
		this.options.write(`${restoreCursor}\u001B[0m${this.options.noColor ? stripColours(data) : data}${saveCursor}`);
		this.compositor.invalidate();
		guard('paint', () => {
			this.paint();
		});
	}

	/** The connection can take more again: draw what waited. */
	drained(): void {
		this.scheduler.requestNow();
	}

	/** Tells the user, once, what happened while nobody was attached; on the very first run, a one-line tip. */
	greet(): void {
		const waiting = this.options.panes.attentionCount + (this.options.panes.confirmation ? 1 : 0);
		if (waiting > 0) {
			this.options.panes.showNotice(`${waiting} pane${waiting === 1 ? '' : 's'} waiting`);
			this.ring(undefined);
		} else if (this.options.firstRunTip?.() === true) {
			const prefix = formatKeySpec(this.options.settings.prefix);
			const key = (action: 'help' | 'split-right' | 'detach') => formatKeySpec(this.bindings[action][0]!);
			this.options.panes.showNotice(`tip: ${prefix} then ${key('help')} lists every key · ${prefix} ${key('split-right')} splits · ${prefix} ${key('detach')} detaches`, firstRunTipMs);
		}
	}

	/** The chrome's view of things, stable between changes. */
	getState = (): ViewState => {
		this.snapshot ??= this.buildState();
		return this.snapshot;
	};

	subscribe = (listener: () => void): (() => void) => {
		this.on('change', listener);
		return () => this.off('change', listener);
	};

	dispose(): void {
		this.disposed = true;
		this.dialog?.close();
		this.keyBatch = undefined;
		// The copy's marker would stay in the pane's terminal until its line is trimmed.
		this.copy?.history.dispose();
		this.copy = undefined;
		this.unsubscribe();
		this.parser.dispose();
		this.scheduler.dispose();
		this.removeAllListeners();
	}

	// The action table's verbs.

	focusNext(step: number): void {
		this.options.panes.focusRelative(step);
	}

	focusLast(): void {
		this.options.panes.focusLast();
	}

	focusDirection(direction: 'left' | 'right' | 'up' | 'down'): void {
		this.options.panes.focusDirection(direction, this.cols, this.rows);
	}

	toggleZoom(): void {
		this.options.panes.toggleZoom();
	}

	newPane(): void {
		this.options.panes.newShellPane();
	}

	closePane(): void {
		const {panes} = this.options;
		const session = panes.focused;
		if (session && !panes.closeSpecially(session)) {
			void panes.confirm(`Close pane ${panes.sessions.indexOf(session) + 1} (${session.spec.name})?`, session.commandLine).then(yes => {
				if (yes) {
					panes.removePane(session);
				}
			});
		}
	}

	nextLayout(): void {
		this.options.panes.nextLayout();
	}

	showHelp(): void {
		this.helpOpen = true;
		this.changed();
	}

	quit(): void {
		const {panes} = this.options;
		void panes.confirm('Quit agentmux?', `All ${panes.sessions.length} pane(s) will end.`).then(yes => {
			if (yes) {
				panes.quit(0);
			}
		});
	}

	changeSandbox(): void {
		const session = this.options.panes.focused;
		if (session) void this.options.panes.changeSandbox(session);
	}

	restartPane(): void {
		this.options.panes.focused?.restart();
	}

	enterScrollMode(): void {
		this.enterCopyMode(false);
	}

	nextWaiting(): void {
		this.options.panes.focusNextWaiting();
	}

	detach(): void {
		this.options.onDetach?.();
	}

	split(direction: 'vertical' | 'horizontal'): void {
		this.options.panes.newShellPane(direction);
	}

	resizePane(direction: 'left' | 'right' | 'up' | 'down'): void {
		this.options.panes.resizeFocused(direction);
	}

	renamePane(): void {
		const session = this.options.panes.focused;
		if (session) {
			this.renaming = {id: session.id, text: this.options.panes.title(session)};
			this.changed();
		}
	}

	openNewAgent(): void {
		const {panes, launcher} = this.options;
		if (!launcher) {
			panes.showNotice('new agents cannot be started from here');
			return;
		}

		this.openDialog(
			new NewAgentDialog({
				launcher,
				cwd: panes.focusedCwd() ?? process.cwd(),
				onChange: () => {
					this.changed();
				},
				onClose: () => {
					this.dialogClosed();
				},
			}),
		);
	}

	openOverview(): void {
		this.openDialog(
			new OverviewDialog({
				panes: this.options.panes,
				details: this.options.details,
				onChange: () => {
					this.changed();
				},
				onClose: () => {
					this.dialogClosed();
				},
			}),
		);
	}

	private openDialog(dialog: NewAgentDialog | OverviewDialog): void {
		this.dialog?.close();
		this.dialog = dialog;
		this.changed();
	}

	private dialogClosed(): void {
		this.dialog = undefined;
		if (!this.disposed) {
			this.compositor.invalidate();
			this.changed();
		}
	}

	swapPane(step: number): void {
		this.options.panes.swapFocused(step);
	}

	private dialogOverlay(): ViewState['overlay'] {
		const dialog = this.dialog;
		if (dialog instanceof NewAgentDialog) {
			return {kind: 'new-agent', form: dialog.state, cwd: dialog.cwd};
		}

		if (dialog instanceof OverviewDialog) {
			const rows = dialog.rows();
			return {kind: 'overview', rows, selected: dialog.selectedIndex(rows), now: Date.now()};
		}

		return undefined;
	}

	private ring(message: string | undefined): void {
		const attention = this.options.attention ?? {bell: true, desktop: true};
		let data = attention.bell ? '\u0007' : '';
		if (attention.desktop && message !== undefined) {
			// eslint-disable-next-line no-control-regex
			const text = `agentmux: ${message}`.replaceAll(/[\u0000-\u001F\u007F;]/g, ' ');
			// OSC 9 (iTerm2, WezTerm, kitty…) and OSC 777 (rxvt, foot, VTE…); both pass through SSH.
			data += `\u001B]9;${text}\u0007\u001B]777;notify;agentmux;${text}\u0007`;
		}

		if (data !== '') {
			this.options.write(data);
		}
	}

	private changed(): void {
		if (this.disposed) {
			return;
		}

		this.snapshot = undefined;
		this.changes++;
		this.emit('change');
		this.scheduler.request();
	}

	private frames(): ReadonlyMap<number, Readonly<Rect>> {
		return this.options.panes.frames(this.cols, this.rows);
	}

	private buildState(): ViewState {
		const {panes} = this.options;
		const frames = this.frames();
		const info: PaneInfo[] = panes.sessions.map((session, index) => {
			const frame = frames.get(session.id) ?? {x: 0, y: 0, width: 0, height: 0};
			const content = contentRect(frame);
			return {
				id: session.id,
				index: index + 1,
				name: this.renaming?.id === session.id ? `${this.renaming.text}▏` : panes.title(session),
				command: session.commandLine,
				status: session.status,
				frame,
				focused: session === panes.focused,
				visible: frames.has(session.id),
				agentState: panes.agentState(session.id),
				attention: panes.needsAttention(session.id),
				clipped: frames.has(session.id) && (session.terminal.cols > content.width || session.terminal.rows > content.height),
				sandbox: session.sandbox && (session.sandbox.denied > 0 ? `${session.sandbox.label} ${session.sandbox.denied} denied` : session.sandbox.label),
			};
		});
		const confirmation = panes.confirmation;
		const overlay = confirmation ? {kind: 'confirm' as const, ...confirmation} : this.helpOpen ? {kind: 'help' as const} : this.dialogOverlay();
		const focused = panes.focused;
		return {
			cols: this.cols,
			rows: this.rows,
			panes: info,
			layout: panes.layout,
			airGapped: panes.airGapped,
			zoomed: panes.zoomed,
			prefixActive: this.prefixActive,
			...(this.renaming ? {rename: {text: this.renaming.text, index: panes.sessions.findIndex(session => session.id === this.renaming!.id) + 1}} : {}),
			scroll: this.copy && focused?.id === this.copy.sessionId ? this.copy.mode.status() : undefined,
			overlay,
			notice: panes.notice,
			prefixLabel: formatKeySpec(this.options.settings.prefix),
			helpLines: helpLinesFor(this.options.settings.prefix, this.bindings, this.options.settings.quickSwitch),
			hints: hintsFor(this.options.settings.prefix, this.bindings, this.options.settings.quickSwitch),
			...(this.options.session === undefined ? {} : {session: this.options.session}),
		};
	}

	/** Paints what changed; only the focused pane (a typed key's echo) when `echo` is set. */
	private paint(echo = false): void {
		const {panes} = this.options;
		if (this.disposed || this.helpOpen || this.dialog) {
			// The help covers the panes; they are repainted in full when it closes.
			return;
		}

		if (this.options.congested?.(!echo)) {
			// The client is behind: the compositor draws the latest state once it has caught up.
			return;
		}

		const frames = this.frames();
		const views: PaneView[] = [];
		const {copy} = this;
		if (copy) {
			const session = panes.sessions.find(candidate => candidate.id === copy.sessionId);
			if (!session || session.terminal.cols !== copy.history.cols || session.terminal.rows !== copy.history.rows) {
				// The pane was resized: the held copy no longer fits it.
				this.leaveCopyMode();
				return;
			}

			// Lines trimmed from a full scrollback since entry: keep the view on lines that exist.
			const top = copy.mode.top;
			copy.mode.scrollBy(0);
			if (copy.mode.top !== top) {
				this.changes++;
			}
		}

		for (const session of panes.sessions) {
			if (echo && session !== panes.focused) {
				continue;
			}

			const frame = frames.get(session.id);
			if (frame) {
				const view: PaneView = {session, rect: contentRect(frame)};
				if (copy && session.id === copy.sessionId) {
					view.lines = y => copy.history.line(copy.mode.top + y);
					view.highlights = y => copy.mode.highlights(copy.mode.top + y);
					view.version = this.changes;
				}

				views.push(view);
			}
		}

		// Around a y/N dialog the panes go on being drawn; the cells under it are left to it.
		const question = panes.confirmation;
		const mask = question ? confirmDialogLayout(question.title, question.detail, question.rule, this.cols, this.rows, question.choices).rect : undefined;
		this.compositor.paint(views, mask ? undefined : this.cursorPlacement(frames), mask);
		this.syncOuterMouse();
		this.syncCursorShape();
	}

	/** The user's terminal shows the cursor shape the focused pane's program asked for (a bar in vim's insert mode, an agent's). */
	private syncCursorShape(): void {
		const wanted = this.options.panes.focused?.modes.cursorShape ?? 0;
		if (wanted !== this.outerCursorShape) {
			this.outerCursorShape = wanted;
			this.options.write(`\u001B[${wanted} q`);
		}
	}

	private cursorPlacement(frames: ReadonlyMap<number, Readonly<Rect>>): CursorPlacement | undefined {
		const session = this.options.panes.focused;
		const frame = session ? frames.get(session.id) : undefined;
		if (!session || !frame || this.prefixActive) {
			return undefined;
		}

		const content = contentRect(frame);
		if (this.copy) {
			// Copy mode's own cursor, where the selection would start or end.
			const {mode} = this.copy;
			const y = mode.cursor.line - mode.top;
			const visible = !mode.prompt && y >= 0 && y < content.height && mode.cursor.col < content.width;
			return {x: content.x + Math.min(mode.cursor.col, content.width - 1), y: content.y + Math.max(0, Math.min(y, content.height - 1)), visible};
		}

		const buffer = session.terminal.buffer.active;
		const x = Math.min(buffer.cursorX, content.width - 1);
		const y = buffer.cursorY + buffer.baseY - buffer.viewportY;
		const visible = !session.modes.cursorHidden && session.status.kind === 'running' && y >= 0 && y < content.height;
		return {x: content.x + x, y: content.y + Math.max(0, Math.min(y, content.height - 1)), visible};
	}

	/**
	 * The user's terminal reports the mouse while agentmux uses it (setting mouse, on by default:
	 * presses, drags and the wheel) or the focused pane's program asked for it (then as it asked).
	 */
	private syncOuterMouse(): void {
		const program = this.options.panes.focused?.terminal.modes.mouseTrackingMode ?? 'none';
		const wanted = this.options.settings.mouse ? (program === 'any' ? 'any' : 'drag') : program;
		if (wanted !== this.outerMouse) {
			this.outerMouse = wanted;
			this.options.write(mouseModeSequence(wanted));
		}
	}

	private handleEvent(event: InputEvent): void {
		if (event.type !== 'focus') {
			this.options.onActive?.();
		}

		if (!this.joinsKeyBatch(event)) {
			// Whatever this event does comes after the keys typed before it.
			this.flushKeys();
		}

		const {panes} = this.options;
		if (panes.confirmation || this.helpOpen) {
			this.handleOverlayEvent(event);
			return;
		}

		if (this.renaming) {
			this.handleRenameEvent(event);
			return;
		}

		if (this.dialog) {
			this.dialog.handle(event);
			return;
		}

		if (event.type === 'key') {
			if (this.copy && !this.prefixActive && this.handleCopyKey(event.key)) {
				return;
			}

			this.handleKey(event.key, event.raw);
			return;
		}

		const session = panes.focused;
		if (!session) {
			return;
		}

		switch (event.type) {
			case 'paste': {
				panes.input(session.id)?.paste(event.text, session.terminal.modes.bracketedPasteMode);
				break;
			}

			case 'mouse': {
				this.handleMouse(event);
				break;
			}

			case 'focus': {
				panes.watched = event.focused;
				if (event.focused) {
					panes.seen();
				}

				if (session.terminal.modes.sendFocusMode) {
					session.write(event.focused ? '\u001B[I' : '\u001B[O');
				}

				break;
			}

			case 'raw': {
				this.queueKey(session.id, event.raw);
				break;
			}

			case 'paste-dropped': {
				panes.showNotice(`paste dropped: larger than ${Math.round(event.limit / (1024 * 1024))} M characters`);
				break;
			}
		}
	}

	/** Whether an event only adds bytes for the focused pane, so it can join the keys gathered before it. */
	private joinsKeyBatch(event: InputEvent): boolean {
		if (this.options.panes.confirmation || this.helpOpen || this.prefixActive || this.copy || this.renaming || this.dialog) {
			return false;
		}

		if (event.type === 'raw') {
			return true;
		}

		if (event.type !== 'key') {
			return false;
		}

		const pressed = event.key;
		const quickSwitch = this.options.settings.quickSwitch && pressed.alt && !pressed.ctrl;
		return !quickSwitch && !keyMatches(pressed, this.options.settings.prefix as Key);
	}

	/**
	 * Gathers a key for a pane. The keys of one read go to the pane's input in one call, so the
	 * gate looks at the pane once and the pty gets one write, not one per key (a fast typist,
	 * or a script on stdin, sends many keys a read).
	 */
	private queueKey(sessionId: number, data: string): void {
		if (this.keyBatch && this.keyBatch.sessionId !== sessionId) {
			this.flushKeys();
		}

		if (!this.keyBatch) {
			this.keyBatch = {sessionId, keys: []};
			this.lastKeyAt = performance.now();
			// Keys parsed from a timer (a lone ESC) have no read to end: the batch goes after this turn.
			queueMicrotask(
				guarded('input', () => {
					this.flushKeys();
				}),
			);
		}

		this.keyBatch.keys.push(data);
	}

	private flushKeys(): void {
		const batch = this.keyBatch;
		this.keyBatch = undefined;
		if (batch) {
			this.options.panes.input(batch.sessionId)?.keys(batch.keys);
		}
	}

	private handleOverlayEvent(event: InputEvent): void {
		if (event.type !== 'key') {
			return;
		}

		const {panes} = this.options;
		if (panes.confirmation) {
			const plain = !event.key.ctrl && !event.key.alt;
			if (panes.confirmation.choices) {
				// The key of a choice gives it; anything else, Esc and Enter included, gives the last (safe) one.
				panes.answerConfirm(plain && event.key.name.length === 1 ? event.key.name.toLowerCase() : '');
				return;
			}

			// y/N: only y says yes; anything else, Esc and Enter included, says no.
			panes.answerConfirm(event.key.name === 'y' && plain);
			return;
		}

		this.helpOpen = false;
		this.compositor.invalidate();
		this.changed();
	}

	/** Keys while a pane's name is typed: Enter sets it, Esc leaves it as it was, an empty name goes back to the pane's own. */
	private handleRenameEvent(event: InputEvent): void {
		const renaming = this.renaming!;
		if (event.type === 'paste') {
			renaming.text = (renaming.text + event.text.replaceAll(/[\r\n]+/g, ' ')).slice(0, 64);
			this.changed();
			return;
		}

		if (event.type !== 'key') {
			return;
		}

		const {key} = event;
		if (key.name === 'enter') {
			this.renaming = undefined;
			this.options.panes.rename(renaming.id, renaming.text);
			this.changed();
		} else if (key.name === 'escape' || (key.ctrl && (key.name === 'c' || key.name === 'g'))) {
			this.renaming = undefined;
			this.changed();
		} else if (key.name === 'backspace') {
			renaming.text = [...renaming.text].slice(0, -1).join('');
			this.changed();
		} else if (key.ctrl && key.name === 'u') {
			renaming.text = '';
			this.changed();
		} else if (!key.ctrl && !key.alt && (key.name === 'space' || [...key.name].length === 1)) {
			renaming.text = `${renaming.text}${key.name === 'space' ? ' ' : key.name}`.slice(0, 64);
			this.changed();
		}
	}

	private handleKey(key: Key, raw: string): void {
		const prefix = this.options.settings.prefix;
		if (this.prefixActive) {
			this.prefixActive = false;
			this.changed();
			if (keyMatches(key, prefix as Key)) {
				this.sendKey(key, raw);
				return;
			}

			this.runPrefixKey(key);
			return;
		}

		if (keyMatches(key, prefix as Key)) {
			this.prefixActive = true;
			this.changed();
			return;
		}

		const {panes} = this.options;
		const arrow = key.name === 'left' || key.name === 'right' || key.name === 'up' || key.name === 'down';
		if (this.options.settings.quickSwitch && key.alt && key.shift && !key.ctrl && arrow) {
			this.leaveCopyMode();
			this.resizePane(key.name as 'left' | 'right' | 'up' | 'down');
			return;
		}

		if (this.options.settings.quickSwitch && key.alt && !key.ctrl) {
			if (/^[1-9]$/.test(key.name)) {
				this.leaveCopyMode();
				panes.focusIndex(Number(key.name) - 1);
				return;
			}

			if (key.name === 'left' || key.name === 'right' || key.name === 'up' || key.name === 'down') {
				this.leaveCopyMode();
				this.focusDirection(key.name);
				return;
			}
		}

		const session = panes.focused;
		if (session && key.name === 'enter' && panes.isWaitingToStart(session.id)) {
			panes.startDeferred(session);
			return;
		}

		if (session && session.status.kind === 'exited' && session.spec.onExit === 'hold' && key.name === 'enter') {
			session.restart();
			return;
		}

		this.sendKey(key, raw);
	}

	private sendKey(key: Key, raw: string): void {
		const {panes} = this.options;
		const session = panes.focused;
		if (session?.status.kind !== 'running' || panes.isWaitingToStart(session.id)) {
			return;
		}

		const data = encodeKey(key, {
			applicationCursorKeys: session.terminal.modes.applicationCursorKeysMode,
			kittyFlags: session.modes.kittyFlags,
			modifyOtherKeys: session.modes.modifyOtherKeys,
		});
		this.queueKey(session.id, data === '' ? raw : data);
	}

	private runPrefixKey(key: Key): void {
		if (/^[0-9]$/.test(key.name) && !key.ctrl && !key.alt) {
			this.leaveCopyMode();
			this.options.panes.focusIndex(key.name === '0' ? 9 : Number(key.name) - 1);
			return;
		}

		const matches = (candidate: (typeof actions)[number]) => this.bindings[candidate.name].some((spec: KeySpec) => keyMatches(key, spec as Key));
		// A key the user bound wins over another action's default (binding help to h takes h from focus-left).
		const action = actions.find(candidate => this.options.settings.bindings[candidate.name] !== undefined && matches(candidate)) ?? actions.find(matches);
		if (action) {
			if (action.name !== 'scroll-mode') {
				this.leaveCopyMode();
			}

			action.run(this);
		}
	}

	/** Keys in copy mode: all of them are copy mode's, but the prefix and Alt's quick switch. */
	private handleCopyKey(key: Key): boolean {
		const copy = this.copy!;
		if (keyMatches(key, this.options.settings.prefix as Key) || (this.options.settings.quickSwitch && key.alt && !key.ctrl)) {
			return false;
		}

		const result = copy.mode.key(key);
		if (result.type === 'copy') {
			this.copyToClipboard(result.text);
			this.leaveCopyMode();
		} else if (result.type === 'leave') {
			this.leaveCopyMode();
		} else {
			this.changed();
		}

		return true;
	}

	/** Holds the focused pane's view still on a copy of its history; the program goes on in the background. */
	private enterCopyMode(byWheel: boolean): CopyState | undefined {
		const {panes} = this.options;
		const session = panes.focused;
		const frame = session ? this.frames().get(session.id) : undefined;
		if (!session || !frame) {
			return undefined;
		}

		if (this.copy?.sessionId === session.id) {
			return this.copy;
		}

		this.leaveCopyMode();
		const history = new CopyHistory(session.terminal);
		const height = Math.min(history.rows, contentRect(frame).height);
		this.copy = {mode: new CopyMode(history, height), history, sessionId: session.id, byWheel};
		this.changed();
		return this.copy;
	}

	private leaveCopyMode(): void {
		const {copy} = this;
		if (!copy) {
			return;
		}

		this.copy = undefined;
		this.drag = undefined;
		copy.history.dispose();
		// The live screen is drawn whole again.
		this.compositor.forget(copy.sessionId);
		this.changed();
	}

	/** Sends the text to the user's terminal clipboard (OSC 52), as the setting says. */
	private copyToClipboard(text: string): void {
		const {panes, settings} = this.options;
		if (settings.clipboard === 'off') {
			panes.showNotice('not copied: the clipboard setting is off');
			return;
		}

		const bytes = Buffer.byteLength(text, 'utf8');
		if (bytes > maxClipboardBytes) {
			panes.showNotice(`not copied: ${bytes} bytes is more than a terminal clipboard takes`);
			return;
		}

		this.options.write(osc52(text, {tmux: this.options.outerTmux === true}));
		const characters = [...text].length;
		panes.showNotice(`copied ${characters} character${characters === 1 ? '' : 's'}`);
	}

	/** How many cells a pane's title takes in its top border (as PaneFrame writes it). */
	private titleWidth(sessionId: number): number {
		const pane = this.getState().panes.find(candidate => candidate.id === sessionId);
		if (!pane) {
			return 0;
		}

		return [...paneTitle(pane.index, pane.name, pane.command, pane.status, pane.frame.width - 4, pane.agentState, pane.attention)].length;
	}

	/**
	 * The mouse: a press focuses the pane it is on (a title click does only that); the wheel scrolls
	 * the pane's history in copy mode; a drag selects text and copies it on release. A program that
	 * asked for the mouse gets the events in its pane instead, unless Shift is held.
	 */
	private handleMouse(event: Extract<InputEvent, {type: 'mouse'}>): void {
		const {panes} = this.options;
		if (this.options.settings.mouse && !this.drag && this.borderDrag.handle(event)) {
			// A border between panes: pressed, dragged or let go. A press on one focuses nothing until it is let go unmoved.
			return;
		}

		const frames = this.frames();
		if (this.drag) {
			this.continueDrag(event, frames);
			return;
		}

		const target: MouseTarget = mouseTarget(frames, event.x, event.y, id => this.titleWidth(id));
		const session = target.kind === 'none' ? undefined : panes.sessions.find(candidate => candidate.id === target.sessionId);
		if (!session) {
			return;
		}

		const isWheel = event.action === 'wheel-up' || event.action === 'wheel-down';
		if ((event.action === 'press' || isWheel) && session !== panes.focused) {
			this.leaveCopyMode();
			panes.setFocus(session.id);
			if (!isWheel || !this.options.settings.mouse) {
				return;
			}
		}

		if (target.kind !== 'content') {
			// A title click only focuses. Border drags (resizing) are the layout's: they hook in here.
			return;
		}

		const ownsMouse = session.terminal.modes.mouseTrackingMode !== 'none' && !(this.options.settings.mouse && event.shift);
		if (!this.copy && ownsMouse) {
			const data = encodeMouse(event, target.x, target.y, session.terminal.modes.mouseTrackingMode, session.modes.mouseEncoding);
			if (data) {
				session.write(data);
			}

			return;
		}

		if (!this.options.settings.mouse) {
			return;
		}

		if (isWheel) {
			this.wheel(event.action === 'wheel-up' ? -wheelLines : wheelLines);
		} else if (event.action === 'press' && event.button === 0) {
			this.drag = {sessionId: session.id, x: target.x, y: target.y, started: false};
		}
	}

	/** The wheel in the focused pane: into copy mode going up; out of it at the bottom when the wheel brought it. */
	private wheel(lines: number): void {
		if (!this.copy && lines > 0) {
			return;
		}

		const copy = this.enterCopyMode(true);
		if (!copy) {
			return;
		}

		copy.mode.scrollBy(lines);
		if (lines > 0 && copy.byWheel && copy.mode.atBottom && !copy.mode.anchor) {
			this.leaveCopyMode();
			return;
		}

		this.changed();
	}

	/** Moves and the release after a press in a pane's text: select from the press to the pointer, copy on release. */
	private continueDrag(event: Extract<InputEvent, {type: 'mouse'}>, frames: ReadonlyMap<number, Readonly<Rect>>): void {
		const drag = this.drag!;
		const frame = frames.get(drag.sessionId);
		if (!frame || this.options.panes.focused?.id !== drag.sessionId) {
			this.drag = undefined;
			return;
		}

		const content = contentRect(frame);
		const x = Math.max(0, Math.min(content.width - 1, event.x - content.x));
		const y = event.y - content.y;
		if (event.action === 'move') {
			const copy = this.enterCopyMode(false);
			if (!copy) {
				return;
			}

			if (!drag.started) {
				drag.started = true;
				copy.mode.selectFrom(copy.mode.positionAt(drag.x, drag.y));
			}

			// Past the pane's top or bottom edge, the view scrolls along.
			if (y < 0) {
				copy.mode.scrollBy(-1);
			} else if (y >= content.height) {
				copy.mode.scrollBy(1);
			}

			copy.mode.moveTo(copy.mode.positionAt(x, Math.max(0, Math.min(content.height - 1, y))), true);
			this.changed();
			return;
		}

		if (event.action !== 'release') {
			return;
		}

		this.drag = undefined;
		const copy = this.copy;
		if (!copy) {
			return;
		}

		if (drag.started) {
			const text = copy.mode.selectedText();
			if (text !== undefined && text !== '') {
				this.copyToClipboard(text);
			}

			this.leaveCopyMode();
			return;
		}

		// A click in copy mode moves its cursor there.
		copy.mode.moveTo(copy.mode.positionAt(x, Math.max(0, Math.min(content.height - 1, y))));
		this.changed();
	}
}
