import {EventEmitter} from 'node:events';
import {formatKeySpec, type KeySpec} from '../config/key-spec.js';
import {type Bindings, resolveBindings, type Settings} from '../config/settings-schema.js';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import {encodeKey} from '../keys/key-encoder.js';
import {type InputEvent, type Key, keyMatches} from '../keys/key-event.js';
import {KeyParser} from '../keys/key-parser.js';
import {encodeMouse} from '../keys/mouse-encoder.js';
import {Compositor, type CursorPlacement, type PaneView} from '../panes/compositor.js';
import {contentRect, type Rect} from '../panes/layout.js';
import type {Session} from '../sessions/session.js';
import {mouseModeSequence} from '../terminal/terminal-modes.js';
import {type ActionTarget, actions, helpLinesFor, hintsFor} from './actions.js';
import {FrameScheduler} from './frame-scheduler.js';
import {guard, guarded} from './guard.js';
import type {PaneSet} from './pane-set.js';
import type {PaneInfo, ViewState, ViewStore} from './view-state.js';

const saveCursor = '\u001B7';
const restoreCursor = '\u001B8';
/** Output from the focused pane this soon after a key is taken to be its echo. */
const echoWindowMs = 100;

export type ClientViewOptions = {
	panes: PaneSet;
	settings: Settings;
	/** The session's name, for the status bar. */
	session?: string;
	cols: number;
	rows: number;
	/** Writes to this client's terminal. */
	write: (data: string) => void;
	/** True while the client's connection cannot take more: frames wait and are drawn whole once it can. */
	congested?: () => boolean;
	/** The user asked to detach this client (prefix d). */
	onDetach?: () => void;
	/** This client typed something: the session's panes follow its size. */
	onActive?: () => void;
	/** Bell and desktop notifications when an agent starts waiting. */
	attention?: {bell: boolean; desktop: boolean};
};

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
	private scrollMode = false;
	/** The first buffer line shown while scrolled back (this client's own); undefined on the live screen. It stays put as output arrives. */
	private scrollTop: number | undefined;
	private scrollSessionId: number | undefined;
	private helpOpen = false;
	private readonly bindings: Bindings;
	private readonly parser: KeyParser;
	private readonly scheduler: FrameScheduler;
	private snapshot: ViewState | undefined;
	private outerMouse = 'none';
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
		this.scheduler = new FrameScheduler(
			guarded(
				'paint',
				() => {
					this.paint();
				},
				error => {
					panes.internalError('paint', error);
				},
			),
		);
		const onChange = () => {
			// Scrolled back in a pane that another client moved the focus away from: back to live.
			if (this.scrollMode && panes.focused?.id !== this.scrollSessionId) {
				this.leaveScrollMode();
			}

			this.changed();
		};

		const onDirty = (session: Session) => {
			// The echo of a key just typed is drawn at once; everything else waits for its frame slot.
			if (session === panes.focused && performance.now() - this.lastKeyAt < echoWindowMs) {
				this.scheduler.requestNow();
			} else {
				this.scheduler.request();
			}
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
		this.options.write(`${restoreCursor}\u001B[0m${data}${saveCursor}`);
		this.compositor.invalidate();
		guard('paint', () => {
			this.paint();
		});
	}

	/** The connection can take more again: draw what waited. */
	drained(): void {
		this.scheduler.request();
	}

	/** Tells the user, once, what happened while nobody was attached. */
	greet(): void {
		const waiting = this.options.panes.attentionCount + (this.options.panes.confirmation ? 1 : 0);
		if (waiting > 0) {
			this.options.panes.showNotice(`${waiting} pane${waiting === 1 ? '' : 's'} waiting`);
			this.ring(undefined);
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
		this.keyBatch = undefined;
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
		if (session) {
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

	restartPane(): void {
		this.options.panes.focused?.restart();
	}

	enterScrollMode(): void {
		this.scrollMode = this.options.panes.focused !== undefined;
		this.scrollSessionId = this.options.panes.focused?.id;
		this.scrollTop = undefined;
		this.changed();
	}

	nextWaiting(): void {
		this.options.panes.focusNextWaiting();
	}

	detach(): void {
		this.options.onDetach?.();
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
		this.emit('change');
		this.scheduler.request();
	}

	private frames(): Map<number, Rect> {
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
				name: session.spec.name,
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
		const overlay = confirmation ? {kind: 'confirm' as const, ...confirmation} : this.helpOpen ? {kind: 'help' as const} : undefined;
		const focused = panes.focused;
		return {
			cols: this.cols,
			rows: this.rows,
			panes: info,
			layout: panes.layout,
			airGapped: panes.airGapped,
			zoomed: panes.zoomed,
			prefixActive: this.prefixActive,
			scroll: this.scrollMode && focused ? this.scrollPosition(focused) : undefined,
			overlay,
			notice: panes.notice,
			prefixLabel: formatKeySpec(this.options.settings.prefix),
			helpLines: helpLinesFor(this.options.settings.prefix, this.bindings),
			hints: hintsFor(this.options.settings.prefix, this.bindings),
			...(this.options.session === undefined ? {} : {session: this.options.session}),
		};
	}

	private paint(): void {
		const {panes} = this.options;
		if (this.disposed || this.helpOpen || panes.confirmation) {
			// The overlay covers the panes; they are repainted in full when it closes.
			return;
		}

		if (this.options.congested?.()) {
			// The client is behind: the compositor draws the latest state once it has caught up.
			return;
		}

		const frames = this.frames();
		const views: PaneView[] = [];
		const focused = panes.focused;
		for (const session of panes.sessions) {
			const frame = frames.get(session.id);
			if (frame) {
				const view: PaneView = {session, rect: contentRect(frame)};
				if (this.scrollMode && session === focused && this.scrollTop !== undefined) {
					view.top = Math.min(this.scrollTop, session.terminal.buffer.active.baseY);
				}

				views.push(view);
			}
		}

		this.compositor.paint(views, this.cursorPlacement(frames));
		this.syncOuterMouse();
	}

	/** How far back this client looks in a pane, and how much history the pane has. */
	private scrollPosition(session: Session): {offset: number; total: number} {
		const total = session.terminal.buffer.active.baseY;
		return {offset: this.scrollTop === undefined ? 0 : total - Math.min(this.scrollTop, total), total};
	}

	private cursorPlacement(frames: Map<number, Rect>): CursorPlacement | undefined {
		const session = this.options.panes.focused;
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
		const wanted = this.options.panes.focused?.terminal.modes.mouseTrackingMode ?? 'none';
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

		if (event.type === 'key') {
			if (this.scrollMode && !this.prefixActive && this.handleScrollKey(event.key)) {
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
		if (this.options.panes.confirmation || this.helpOpen || this.prefixActive || this.scrollMode) {
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
		if (this.options.settings.quickSwitch && key.alt && !key.ctrl) {
			if (/^[1-9]$/.test(key.name)) {
				this.leaveScrollMode();
				panes.focusIndex(Number(key.name) - 1);
				return;
			}

			if (key.name === 'left' || key.name === 'right' || key.name === 'up' || key.name === 'down') {
				this.leaveScrollMode();
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
			this.leaveScrollMode();
			this.options.panes.focusIndex(key.name === '0' ? 9 : Number(key.name) - 1);
			return;
		}

		const action = actions.find(candidate => this.bindings[candidate.name].some((spec: KeySpec) => keyMatches(key, spec as Key)));
		if (action) {
			if (action.name !== 'scroll-mode') {
				this.leaveScrollMode();
			}

			action.run(this);
		}
	}

	/** Keys while scrolled back; returns false for a key that leaves scroll mode and goes on to the pane. */
	private handleScrollKey(key: Key): boolean {
		const session = this.options.panes.focused;
		if (!session) {
			this.scrollMode = false;
			return false;
		}

		const total = session.terminal.buffer.active.baseY;
		const page = Math.max(1, session.terminal.rows - 1);
		const moves: Record<string, number | 'top' | 'bottom'> = {
			up: -1,
			k: -1,
			down: 1,
			j: 1,
			pageup: -page,
			b: -page,
			u: -Math.ceil(page / 2),
			pagedown: page,
			f: page,
			space: page,
			d: Math.ceil(page / 2),
			home: 'top',
			g: 'top',
			end: 'bottom',
			G: 'bottom',
		};
		const move = key.alt ? undefined : moves[key.name];
		if (move !== undefined) {
			const current = this.scrollTop ?? total;
			const top = Math.max(0, Math.min(total, move === 'top' ? 0 : move === 'bottom' ? total : current + move));
			this.scrollTop = top >= total ? undefined : top;
			this.compositor.forget(session.id);
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
		this.scrollTop = undefined;
		if (this.scrollSessionId !== undefined) {
			this.compositor.forget(this.scrollSessionId);
		}

		this.scrollSessionId = undefined;

		this.changed();
	}

	private handleMouse(event: Extract<InputEvent, {type: 'mouse'}>): void {
		const {panes} = this.options;
		const frames = this.frames();
		const hit = panes.sessions.find(session => {
			const frame = frames.get(session.id);
			return frame && event.x >= frame.x && event.x < frame.x + frame.width && event.y >= frame.y && event.y < frame.y + frame.height;
		});
		if (hit && hit !== panes.focused && event.action === 'press') {
			this.leaveScrollMode();
			panes.setFocus(hit.id);
			return;
		}

		const session = panes.focused;
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
