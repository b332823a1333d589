import {EventEmitter} from 'node:events';
import {formatKeySpec, type KeySpec} from '../config/key-spec.js';
import {layoutNames, resolveBindings, type Bindings, type LayoutName, type PrefixAction, type Settings} from '../config/settings-schema.js';
import {defaultShellPane, type PaneSpec} from '../config/workspace.js';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import {keyMatches, type InputEvent, type Key} from '../keys/key-event.js';
import {encodeKey} from '../keys/key-encoder.js';
import {KeyParser} from '../keys/key-parser.js';
import {encodeMouse} from '../keys/mouse-encoder.js';
import {Compositor, type CursorPlacement, type PaneView} from '../panes/compositor.js';
import {computeLayout, contentRect, neighbour, type Direction, type Rect} from '../panes/layout.js';
import {processCwd} from '../sessions/pane-cwd.js';
import {paneEnvironment} from '../sessions/pane-environment.js';
import {Session} from '../sessions/session.js';
import {mouseModeSequence} from '../terminal/terminal-modes.js';
import {FrameScheduler} from './frame-scheduler.js';
import {guard, guarded} from './guard.js';
import {directInput, type PaneInput} from './pane-input.js';
import type {Overlay, PaneInfo, ViewState} from './view-state.js';

const saveCursor = '\u001B7';
const restoreCursor = '\u001B8';
const noticeMs = 6000;
/** An internal error is shown in the status bar at most this often (each one is logged). */
const errorNoticeMs = 60_000;
/** Output from the focused pane this soon after a key is taken to be its echo. */
const echoWindowMs = 100;

export type MultiplexerOptions = {
	settings: Settings;
	panes: PaneSpec[];
	layout: LayoutName;
	cols: number;
	rows: number;
	/** Writes to the user's terminal. */
	write: (data: string) => void;
	/** Called once when agentmux should end, with its exit code. */
	onQuit: (code: number) => void;
	/** The environment panes start from (the policy layer scrubs it). */
	baseEnvironment?: NodeJS.ProcessEnv;
	/** Builds what stands between the keyboard and a pane. */
	createInput?: (session: Session, multiplexer: Multiplexer) => PaneInput;
	/** Called when a pane goes away, before its session is disposed. */
	onRemove?: (session: Session) => void;
	/** Bell and desktop notifications when an agent starts waiting. */
	attention?: {bell: boolean; desktop: boolean};
	/** Judges a pane's argv before it starts; a string is the reason it may not. */
	approveLaunch?: (session: Session, multiplexer: Multiplexer) => Promise<true | string>;
};

type MultiplexerEvents = {change: []};

type Pending = {resolve: (answer: boolean) => void};

/**
 * The heart of agentmux, with no React in it: the panes, which one has
 * focus, the layout, the keys, and the frames painted to the user's terminal.
 */
export class Multiplexer extends EventEmitter<MultiplexerEvents> {
	readonly compositor: Compositor;
	private sessions: Session[] = [];
	private readonly inputs = new Map<number, PaneInput>();
	private focusedId: number | undefined;
	private lastFocusedId: number | undefined;
	private layout: LayoutName;
	private zoomedId: number | undefined;
	private prefixActive = false;
	private scrollMode = false;
	private overlay: Overlay | undefined;
	private pendingConfirm: Pending | undefined;
	private readonly confirmQueue: Array<{overlay: Overlay & {kind: 'confirm'}; pending: Pending}> = [];
	private notice: string | undefined;
	private noticeTimer: NodeJS.Timeout | undefined;
	private nextId = 1;
	private cols: number;
	private rows: number;
	private readonly bindings: Bindings;
	private readonly parser: KeyParser;
	private readonly scheduler: FrameScheduler;
	private snapshot: ViewState | undefined;
	private outerMouse = 'none';
	private quitting = false;
	private lastKeyAt = Number.NEGATIVE_INFINITY;
	private readonly agentStates = new Map<number, string>();
	private readonly attention = new Set<number>();
	private userFocused = true;
	/** Keys bound for one pane, gathered from one read of the keyboard: written together. */
	private keyBatch: {sessionId: number; keys: string[]} | undefined;
	private lastErrorNoticeAt = Number.NEGATIVE_INFINITY;

	constructor(private readonly options: MultiplexerOptions) {
		super();
		this.layout = options.layout;
		this.cols = options.cols;
		this.rows = options.rows;
		this.bindings = resolveBindings(options.settings);
		this.compositor = new Compositor(options.write);
		this.parser = new KeyParser(event => {
			this.handleEvent(event);
		}, {
			// The prefix pressed alone ends a paste whose end never came: the user can always reach it.
			breaksPaste: pressed => keyMatches(pressed, this.options.settings.prefix as Key),
			onError: error => {
				logDiagnostic('input', error);
				this.internalError('input', error);
			},
		});
		this.scheduler = new FrameScheduler(guarded('paint', () => {
			this.paint();
		}, error => {
			this.internalError('paint', error);
		}));
	}

	/**
	 * An exception from a handler was caught: it is logged already, and the panes go on.
	 * The user hears of it in the status bar, at most once a minute.
	 */
	internalError(source: string, error: unknown): void {
		const now = performance.now();
		if (now - this.lastErrorNoticeAt < errorNoticeMs) {
			return;
		}

		this.lastErrorNoticeAt = now;
		const what = error instanceof Error ? error.message : String(error);
		this.showNotice(`agentmux: internal error in ${source} (${what.slice(0, 80)}), logged; the panes go on`);
	}

	/** Starts every pane of the workspace. */
	start(): void {
		for (const spec of this.options.panes) {
			this.addPane(spec);
		}

		if (this.sessions.length === 0) {
			this.quit(0);
			return;
		}

		// Like zellij, a workspace opens with its first pane focused.
		this.setFocus(this.sessions[0]!.id);
	}

	/** Raw input from the user's terminal. */
	input(chunk: string): void {
		guard('input', () => {
			this.parser.feed(chunk);
			this.flushKeys();
		}, error => {
			this.internalError('input', error);
		});
	}

	/** The user's terminal has a new size. */
	resize(cols: number, rows: number): void {
		this.cols = Math.max(2, cols);
		this.rows = Math.max(3, rows);
		this.applyLayout();
	}

	/** Ink wrote the chrome: keep its cursor bookkeeping valid and repaint the panes over it. */
	inkWrote(data: string): void {
		this.options.write(`${restoreCursor}\u001B[0m${data}${saveCursor}`);
		this.compositor.invalidate();
		guard('paint', () => {
			this.paint();
		});
	}

	/** Asks the user a y/N question in the TUI; resolves false on anything but y. */
	async confirm(title: string, detail: string, rule?: string): Promise<boolean> {
		return new Promise(resolve => {
			const entry = {overlay: {kind: 'confirm' as const, title, detail, rule}, pending: {resolve}};
			if (this.pendingConfirm) {
				this.confirmQueue.push(entry);
				return;
			}

			this.showConfirm(entry);
		});
	}

	/** Shows a one-line message in the status bar for a while (`durationMs`, 6 s unless given). */
	showNotice(message: string, durationMs = noticeMs): void {
		this.notice = message.replaceAll(/[\u0000-\u001F\u007F]/g, ' ');
		clearTimeout(this.noticeTimer);
		this.noticeTimer = setTimeout(guarded('notice', () => {
			this.notice = undefined;
			this.changed();
		}), durationMs);
		this.changed();
	}

	/** Takes a message shown by showNotice off the status bar, if it is still the one shown. */
	clearNotice(message: string): void {
		if (this.notice !== message.replaceAll(/[\u0000-\u001F\u007F]/g, ' ')) {
			return;
		}

		clearTimeout(this.noticeTimer);
		this.notice = undefined;
		this.changed();
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

	/** An agent pane's new state; rings when one that was working now waits for a user who looks elsewhere. */
	setAgentState(sessionId: number, state: string): void {
		const previous = this.agentStates.get(sessionId);
		this.agentStates.set(sessionId, state);
		const session = this.sessions.find(candidate => candidate.id === sessionId);
		const elsewhere = sessionId !== this.focusedId || !this.userFocused;
		if (session && previous === 'busy' && (state === 'waiting' || state === 'idle') && elsewhere) {
			this.attention.add(sessionId);
			this.ring(`${session.spec.name} is ${state === 'waiting' ? 'waiting for you' : 'done'}`);
		}

		if (state === 'busy') {
			this.attention.delete(sessionId);
		}

		this.changed();
	}

	/** A pane by its (unique) name, as agent hooks report it. */
	sessionNamed(name: string): Session | undefined {
		return this.sessions.find(session => session.spec.name === name);
	}

	private ring(message: string): void {
		const attention = this.options.attention ?? {bell: true, desktop: true};
		// eslint-disable-next-line no-control-regex
		const text = `agentmux: ${message}`.replaceAll(/[\u0000-\u001F\u007F;]/g, ' ');
		let data = attention.bell ? '\u0007' : '';
		if (attention.desktop) {
			// OSC 9 (iTerm2, WezTerm, kitty…) and OSC 777 (rxvt, foot, VTE…); both pass through SSH.
			data += `\u001B]9;${text}\u0007\u001B]777;notify;agentmux;${text}\u0007`;
		}

		if (data !== '') {
			this.options.write(data);
		}
	}

	/** The session with focus. */
	get focused(): Session | undefined {
		return this.sessions.find(session => session.id === this.focusedId);
	}

	get paneCount(): number {
		return this.sessions.length;
	}

	/** Ends every pane; for quitting. Resolves when every pane's program has exited. */
	async dispose(): Promise<void> {
		this.keyBatch = undefined;
		this.parser.dispose();
		this.scheduler.dispose();
		clearTimeout(this.noticeTimer);
		const ended = this.sessions.map(async session => session.dispose());
		this.sessions = [];
		await Promise.all(ended);
	}

	/** Starts a pane from a spec and gives it focus. */
	addPane(spec: PaneSpec): Session {
		const id = this.nextId++;
		const session = new Session({
			id,
			spec,
			cols: 80,
			rows: 24,
			scrollback: this.options.settings.scrollback,
			environment: paneEnvironment(this.options.baseEnvironment ?? process.env, spec, id),
		});
		this.sessions.push(session);
		this.inputs.set(id, this.options.createInput?.(session, this) ?? directInput(session));
		// A listener that throws would also stop the session's own work after the event (its parsing).
		const onError = (error: unknown) => {
			this.internalError('pane event', error);
		};
		session.on('dirty', guarded('pane dirty', () => {
			// The echo of a key just typed is drawn at once; everything else waits for its frame slot.
			if (session.id === this.focusedId && performance.now() - this.lastKeyAt < echoWindowMs) {
				this.scheduler.requestNow();
			} else {
				this.scheduler.request();
			}
		}, onError));
		session.on('status', guarded('pane status', () => {
			this.changed();
		}, onError));
		session.on('closed', guarded('pane closed', () => {
			this.removePane(session);
		}, onError));
		this.setFocus(id);
		this.applyLayout();
		void this.launch(session);
		return session;
	}

	private async launch(session: Session): Promise<void> {
		const verdict = this.options.approveLaunch ? await this.options.approveLaunch(session, this) : true;
		if (verdict === true) {
			session.start();
		} else {
			session.refuse(verdict);
		}
	}

	private removePane(session: Session): void {
		const index = this.sessions.indexOf(session);
		if (index === -1) {
			return;
		}

		this.sessions.splice(index, 1);
		this.inputs.delete(session.id);
		this.agentStates.delete(session.id);
		this.attention.delete(session.id);
		this.options.onRemove?.(session);
		this.compositor.forget(session.id);
		void session.dispose();
		if (this.zoomedId === session.id) {
			this.zoomedId = undefined;
		}

		if (this.sessions.length === 0) {
			this.quit(0);
			return;
		}

		if (this.focusedId === session.id) {
			const fallback = this.sessions.find(candidate => candidate.id === this.lastFocusedId) ?? this.sessions[Math.min(index, this.sessions.length - 1)]!;
			this.focusedId = undefined;
			this.setFocus(fallback.id);
		}

		this.applyLayout();
	}

	private quit(code: number): void {
		if (this.quitting) {
			return;
		}

		this.quitting = true;
		this.options.onQuit(code);
	}

	private frames(): Map<number, Rect> {
		const area = {x: 0, y: 0, width: this.cols, height: this.rows - 1};
		const result = new Map<number, Rect>();
		if (this.zoomedId !== undefined) {
			result.set(this.zoomedId, area);
			return result;
		}

		const rects = computeLayout(this.layout, this.sessions.length, area);
		for (const [index, session] of this.sessions.entries()) {
			result.set(session.id, rects[index]!);
		}

		return result;
	}

	private applyLayout(): void {
		for (const [id, frame] of this.frames()) {
			const content = contentRect(frame);
			this.sessions.find(session => session.id === id)?.resize(content.width, content.height);
		}

		this.compositor.invalidate();
		this.changed();
	}

	private changed(): void {
		this.snapshot = undefined;
		this.emit('change');
		this.scheduler.request();
	}

	private buildState(): ViewState {
		const frames = this.frames();
		const panes: PaneInfo[] = this.sessions.map((session, index) => ({
			id: session.id,
			index: index + 1,
			name: session.spec.name,
			command: session.commandLine,
			status: session.status,
			frame: frames.get(session.id) ?? {x: 0, y: 0, width: 0, height: 0},
			focused: session.id === this.focusedId,
			visible: frames.has(session.id),
			agentState: this.agentStates.get(session.id),
			attention: this.attention.has(session.id),
		}));
		return {
			cols: this.cols,
			rows: this.rows,
			panes,
			layout: this.layout,
			zoomed: this.zoomedId !== undefined,
			prefixActive: this.prefixActive,
			scroll: this.scrollMode ? this.focused?.scrollPosition : undefined,
			overlay: this.overlay,
			notice: this.notice,
			prefixLabel: formatKeySpec(this.options.settings.prefix),
			helpLines: this.helpLines(),
		};
	}

	private helpLines(): Array<[string, string]> {
		const prefix = formatKeySpec(this.options.settings.prefix);
		const keys = (action: PrefixAction) => this.bindings[action].map(spec => formatKeySpec(spec)).join(' ');
		return [
			['Alt-1..9', 'focus pane 1..9 (no prefix)'],
			['Alt-arrows', 'focus the pane in that direction (no prefix)'],
			[`${prefix} 1..9`, 'focus pane 1..9'],
			[`${prefix} ${keys('next-pane')}`, 'next pane'],
			[`${prefix} ${keys('previous-pane')}`, 'previous pane'],
			[`${prefix} ${keys('last-pane')}`, 'last focused pane'],
			[`${prefix} arrows`, 'focus the pane in that direction'],
			[`${prefix} ${keys('zoom')}`, 'zoom the pane / back'],
			[`${prefix} ${keys('new-pane')}`, 'new shell pane'],
			[`${prefix} ${keys('close-pane')}`, 'close the pane (asks first)'],
			[`${prefix} ${keys('restart-pane')}`, 'restart an exited pane'],
			[`${prefix} ${keys('next-layout')}`, 'next layout (tiled, main-vertical, columns, rows)'],
			[`${prefix} ${keys('scroll-mode')}`, 'scroll back (arrows, PgUp/PgDn, g/G, q leaves)'],
			[`${prefix} ${keys('next-waiting')}`, 'the next agent that waits for you'],
			[`${prefix} ${keys('help')}`, 'this help'],
			[`${prefix} ${keys('quit')}`, 'quit agentmux (asks first)'],
			[`${prefix} ${prefix}`, `send ${prefix} to the pane`],
		];
	}

	private paint(): void {
		if (this.overlay || this.quitting) {
			// The overlay covers the panes; they are repainted in full when it closes.
			return;
		}

		const frames = this.frames();
		const views: PaneView[] = [];
		for (const session of this.sessions) {
			const frame = frames.get(session.id);
			if (frame) {
				views.push({session, rect: contentRect(frame)});
			}
		}

		this.compositor.paint(views, this.cursorPlacement(frames));
		this.syncOuterMouse();
	}

	private cursorPlacement(frames: Map<number, Rect>): CursorPlacement | undefined {
		const session = this.focused;
		const frame = session ? frames.get(session.id) : undefined;
		if (!session || !frame || this.prefixActive || this.scrollMode) {
			return undefined;
		}

		const content = contentRect(frame);
		const buffer = session.terminal.buffer.active;
		const x = Math.min(buffer.cursorX, content.width - 1);
		const y = buffer.cursorY + buffer.baseY - buffer.viewportY;
		const visible = !session.modes.cursorHidden && session.status.kind === 'running' && y >= 0 && y < content.height;
		return {x: content.x + x, y: content.y + Math.max(0, Math.min(y, content.height - 1)), visible};
	}

	/** The user's terminal reports the mouse only while the focused pane's program asked for it. */
	private syncOuterMouse(): void {
		const wanted = this.focused?.terminal.modes.mouseTrackingMode ?? 'none';
		if (wanted !== this.outerMouse) {
			this.outerMouse = wanted;
			this.options.write(mouseModeSequence(wanted));
		}
	}

	private setFocus(id: number): void {
		if (id === this.focusedId) {
			return;
		}

		const previous = this.focused;
		this.leaveScrollMode();
		if (previous?.terminal.modes.sendFocusMode) {
			previous.write('\u001B[O');
		}

		this.lastFocusedId = this.focusedId;
		this.focusedId = id;
		this.attention.delete(id);
		if (this.zoomedId !== undefined && this.zoomedId !== id) {
			this.zoomedId = id;
			this.applyLayout();
		}

		const next = this.focused;
		if (next?.terminal.modes.sendFocusMode) {
			next.write('\u001B[I');
		}

		this.changed();
	}

	private focusIndex(index: number): void {
		const session = this.sessions[index];
		if (session) {
			this.setFocus(session.id);
		}
	}

	private focusRelative(step: number): void {
		const index = this.sessions.findIndex(session => session.id === this.focusedId);
		const count = this.sessions.length;
		this.focusIndex((index + step + count) % count);
	}

	private focusDirection(direction: Direction): void {
		if (this.zoomedId !== undefined) {
			return;
		}

		const index = this.sessions.findIndex(session => session.id === this.focusedId);
		const rects = computeLayout(this.layout, this.sessions.length, {x: 0, y: 0, width: this.cols, height: this.rows - 1});
		const target = neighbour(rects, index, direction);
		if (target !== undefined) {
			this.focusIndex(target);
		}
	}

	private showConfirm(entry: {overlay: Overlay & {kind: 'confirm'}; pending: Pending}): void {
		this.pendingConfirm = entry.pending;
		this.overlay = entry.overlay;
		this.changed();
	}

	private answerConfirm(answer: boolean): void {
		const pending = this.pendingConfirm;
		this.pendingConfirm = undefined;
		this.overlay = undefined;
		const next = this.confirmQueue.shift();
		if (next) {
			this.showConfirm(next);
		} else {
			this.changed();
		}

		pending?.resolve(answer);
	}

	private handleEvent(event: InputEvent): void {
		if (!this.joinsKeyBatch(event)) {
			// Whatever this event does comes after the keys typed before it.
			this.flushKeys();
		}

		if (this.overlay) {
			this.handleOverlayEvent(event);
			return;
		}

		if (event.type === 'key') {
			if (this.scrollMode && !this.prefixActive && this.handleScrollKey(event.key)) {
				return;
			}

			this.handleKey(event.key, event.raw);
			return;
		}

		const session = this.focused;
		if (!session) {
			return;
		}

		switch (event.type) {
			case 'paste': {
				this.inputs.get(session.id)?.paste(event.text, session.terminal.modes.bracketedPasteMode);
				break;
			}

			case 'mouse': {
				this.handleMouse(event);
				break;
			}

			case 'focus': {
				this.userFocused = event.focused;
				if (event.focused) {
					this.attention.delete(session.id);
					this.changed();
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
				this.showNotice(`paste dropped: larger than ${Math.round(event.limit / (1024 * 1024))} M characters`);
				break;
			}
		}
	}

	/** Whether an event only adds bytes for the focused pane, so it can join the keys gathered before it. */
	private joinsKeyBatch(event: InputEvent): boolean {
		if (this.overlay || this.prefixActive || this.scrollMode) {
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
			queueMicrotask(guarded('input', () => {
				this.flushKeys();
			}));
		}

		this.keyBatch.keys.push(data);
	}

	private flushKeys(): void {
		const batch = this.keyBatch;
		this.keyBatch = undefined;
		if (batch) {
			this.inputs.get(batch.sessionId)?.keys(batch.keys);
		}
	}

	private handleOverlayEvent(event: InputEvent): void {
		if (event.type !== 'key') {
			return;
		}

		if (this.overlay?.kind === 'help') {
			this.overlay = undefined;
			this.changed();
			return;
		}

		// y/N: only y says yes; anything else, Esc and Enter included, says no.
		this.answerConfirm(event.key.name === 'y' && !event.key.ctrl && !event.key.alt);
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

		if (this.options.settings.quickSwitch && key.alt && !key.ctrl) {
			if (/^[1-9]$/.test(key.name)) {
				this.focusIndex(Number(key.name) - 1);
				return;
			}

			if (key.name === 'left' || key.name === 'right' || key.name === 'up' || key.name === 'down') {
				this.focusDirection(key.name);
				return;
			}
		}

		const session = this.focused;
		if (session && session.status.kind === 'exited' && session.spec.onExit === 'hold' && key.name === 'enter') {
			session.restart();
			return;
		}

		this.sendKey(key, raw);
	}

	private sendKey(key: Key, raw: string): void {
		const session = this.focused;
		if (!session || session.status.kind !== 'running') {
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
			this.focusIndex(key.name === '0' ? 9 : Number(key.name) - 1);
			return;
		}

		const action = (Object.keys(this.bindings) as PrefixAction[])
			.find(candidate => this.bindings[candidate].some((spec: KeySpec) => keyMatches(key, spec as Key)));
		if (action) {
			this.runAction(action);
		}
	}

	private runAction(action: PrefixAction): void {
		switch (action) {
			case 'next-pane': {
				this.focusRelative(1);
				break;
			}

			case 'previous-pane': {
				this.focusRelative(-1);
				break;
			}

			case 'last-pane': {
				if (this.lastFocusedId !== undefined && this.sessions.some(session => session.id === this.lastFocusedId)) {
					this.setFocus(this.lastFocusedId);
				}

				break;
			}

			case 'focus-left':
			case 'focus-right':
			case 'focus-up':
			case 'focus-down': {
				this.focusDirection(action.slice('focus-'.length) as Direction);
				break;
			}

			case 'zoom': {
				this.zoomedId = this.zoomedId === undefined ? this.focusedId : undefined;
				this.applyLayout();
				break;
			}

			case 'new-pane': {
				const spec = defaultShellPane(this.options.settings.shell);
				spec.cwd = processCwd(this.focused?.pid) ?? spec.cwd;
				this.addPane(spec);
				break;
			}

			case 'close-pane': {
				const session = this.focused;
				if (session) {
					void this.confirm(`Close pane ${this.sessions.indexOf(session) + 1} (${session.spec.name})?`, session.commandLine).then(yes => {
						if (yes) {
							this.removePane(session);
						}
					});
				}

				break;
			}

			case 'next-layout': {
				this.zoomedId = undefined;
				this.layout = layoutNames[(layoutNames.indexOf(this.layout) + 1) % layoutNames.length]!;
				this.applyLayout();
				this.showNotice(`layout: ${this.layout}`);
				break;
			}

			case 'help': {
				this.overlay = {kind: 'help'};
				this.changed();
				break;
			}

			case 'quit': {
				void this.confirm('Quit agentmux?', `All ${this.sessions.length} pane(s) will end.`).then(yes => {
					if (yes) {
						this.quit(0);
					}
				});
				break;
			}

			case 'restart-pane': {
				this.focused?.restart();
				break;
			}

			case 'next-waiting': {
				// Panes that wait for the user first, then the ones that finished while unwatched.
				const order = [...this.sessions.slice(this.sessions.findIndex(session => session.id === this.focusedId) + 1), ...this.sessions];
				const next = order.find(session => session.id !== this.focusedId && this.agentStates.get(session.id) === 'waiting')
					?? order.find(session => session.id !== this.focusedId && this.attention.has(session.id));
				if (next) {
					this.setFocus(next.id);
				} else {
					this.showNotice('no pane is waiting for you');
				}

				break;
			}

			case 'scroll-mode': {
				this.scrollMode = this.focused !== undefined;
				this.changed();
				break;
			}
		}
	}

	/** Keys while scrolled back; returns false for a key that leaves scroll mode and goes on to the pane. */
	private handleScrollKey(key: Key): boolean {
		const session = this.focused;
		if (!session) {
			this.scrollMode = false;
			return false;
		}

		const page = Math.max(1, session.terminal.rows - 1);
		const moves: Record<string, number | 'top' | 'bottom'> = {
			up: -1, k: -1, down: 1, j: 1, pageup: -page, b: -page, u: -Math.ceil(page / 2),
			pagedown: page, f: page, space: page, d: Math.ceil(page / 2), home: 'top', g: 'top', end: 'bottom', G: 'bottom',
		};
		const move = key.alt ? undefined : moves[key.name];
		if (move !== undefined) {
			session.scroll(move);
			this.changed();
			return true;
		}

		if (key.name === 'q' || key.name === 'escape' || key.name === 'enter') {
			this.leaveScrollMode();
			return true;
		}

		// Anything else ends scroll mode and is handled as usual.
		this.leaveScrollMode();
		return false;
	}

	private leaveScrollMode(): void {
		if (!this.scrollMode) {
			return;
		}

		this.scrollMode = false;
		this.focused?.scroll('bottom');
		this.changed();
	}

	private handleMouse(event: Extract<InputEvent, {type: 'mouse'}>): void {
		const frames = this.frames();
		const hit = this.sessions.find(session => {
			const frame = frames.get(session.id);
			return frame && event.x >= frame.x && event.x < frame.x + frame.width && event.y >= frame.y && event.y < frame.y + frame.height;
		});
		if (hit && hit.id !== this.focusedId && event.action === 'press') {
			this.setFocus(hit.id);
			return;
		}

		const session = this.focused;
		const frame = session ? frames.get(session.id) : undefined;
		if (!session || !frame) {
			return;
		}

		const content = contentRect(frame);
		const x = event.x - content.x;
		const y = event.y - content.y;
		if (x < 0 || y < 0 || x >= content.width || y >= content.height) {
			return;
		}

		const data = encodeMouse(event, x, y, session.terminal.modes.mouseTrackingMode, session.modes.mouseEncoding);
		if (data) {
			session.write(data);
		}
	}
}
