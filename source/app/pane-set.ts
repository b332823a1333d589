import {EventEmitter} from 'node:events';
import {type LayoutName, layoutNames, type Settings} from '../config/settings-schema.js';
import {defaultShellPane, type PaneSpec} from '../config/workspace.js';
import {contentRect, type Direction, neighbour, type Rect} from '../panes/layout.js';
import {type Divider, dividers, type LayoutTree, leafCount, moveDivider, namedTree, removePane, resizePane, type SplitDirection, splitPane, treeRects} from '../panes/layout-tree.js';
import type {SandboxMode} from '../sandbox/sandbox-schema.js';
import {processCwd} from '../sessions/pane-cwd.js';
import {paneEnvironment} from '../sessions/pane-environment.js';
import {Session} from '../sessions/session.js';
import type {Confirmations, ConfirmRequest, DialogChoice} from './confirmations.js';
import {guarded} from './guard.js';
import {directInput, type PaneInput} from './pane-input.js';

const noticeMs = 6000;
/** An internal error is shown in the status bar at most this often (each one is logged). */
const errorNoticeMs = 60_000;

/** A named layout, or a tree of splits (a workspace's, or one the user split and resized). */
export type LayoutSpec = LayoutName | LayoutTree;

/** Columns (left, right) and rows (up, down) a resize key moves a border by. */
const resizeStep = {x: 2, y: 1};

export type PaneSetOptions = {
	settings: Settings;
	layout: LayoutSpec;
	/** The environment panes start from (the policy layer scrubs it). */
	baseEnvironment?: NodeJS.ProcessEnv;
	/** Builds what stands between the keyboard and a pane. */
	createInput?: (session: Session, panes: PaneSet) => PaneInput;
	/** Called when a pane goes away, before its session is disposed. */
	onRemove?: (session: Session) => void;
	/** Judges a pane's argv before it starts; a string is the reason it may not. */
	approveLaunch?: (session: Session, panes: PaneSet) => Promise<true | string>;
	/** Puts the pane's sandbox in place (see Session.confine) after its argv is approved; a string is why it may not start. */
	prepareSandbox?: (session: Session) => Promise<true | string>;
	/** Closes a pane in a way of its own (a pane with a worktree asks keep/remove); false leaves it to the y/N. */
	closePane?: (session: Session, panes: PaneSet) => boolean;
	/** Makes the worktree a spec asks for (`spec.worktree`) through the policy gate; the spec to start, or why not. */
	prepareWorktree?: (spec: PaneSpec) => Promise<PaneSpec | string>;
};

type PaneSetEvents = {
	/** Something the chrome shows changed. */
	change: [];
	/** A pane's screen changed. */
	dirty: [Session];
	/** Pane sizes or the set of panes changed: every view repaints in full. */
	layout: [];
	/** A pane went away. */
	removed: [Session];
	/** An agent that was working waits for the user: ring the attached clients. */
	ring: [string];
	/** The session is over (the last pane closed or the user quit), with the exit code for clients. */
	quit: [number];
	/** Some pane's program is behind on its input (true), or none is any more (false): hold the keyboard meanwhile. */
	inputHeld: [boolean];
	/** The user gave a pane another sandbox (spec.sandbox): what a restore starts it under. */
	sandboxChanged: [Session];
};

type PendingConfirm = {request: ConfirmRequest; resolve: (key: string) => void};

/**
 * A session's panes and what every client of it shares: the programs, focus, layout, zoom, the
 * agents' states, and the questions waiting for an answer. Views (one per attached client) read
 * it and send it keys; it never writes to a terminal itself.
 */
export class PaneSet extends EventEmitter<PaneSetEvents> implements Confirmations {
	private list: Session[] = [];
	private readonly inputs = new Map<number, PaneInput>();
	private focusedId: number | undefined;
	private lastFocusedId: number | undefined;
	/** The named layout the panes follow, or 'custom' once split, resized or given as a tree. */
	private currentLayout: LayoutName | 'custom';
	/** The last named layout, where next-layout goes on from. */
	private lastNamed: LayoutName;
	/** Which slot each pane fills: leaf i shows pane i of the list. */
	private tree: LayoutTree;
	/** Names the user gave panes (prefix ,): shown in titles; the pane's own name stays its identity for hooks. */
	private readonly titles = new Map<number, string>();
	private zoomedId: number | undefined;
	private framesCache: {tree: LayoutTree; zoomedId: number | undefined; cols: number; rows: number; list: Session[]; frames: Map<number, Rect>} | undefined;
	private readonly confirmQueue: PendingConfirm[] = [];
	private currentNotice: string | undefined;
	private noticeTimer: NodeJS.Timeout | undefined;
	private nextId = 1;
	private cols = 80;
	private rows = 24;
	private ended = false;
	private readonly agentStates = new Map<number, string>();
	/** Each pane's state as last seen and since when (ms since the epoch), for the overview and `ls`. */
	private readonly stateSeen = new Map<number, {state: string; since: number}>();
	private readonly attentionSet = new Set<number>();
	/** Panes brought back by a restore that wait for Enter before their program starts. */
	private readonly waitingToStart = new Set<number>();
	/** Panes whose program has more typed or pasted input waiting than it takes. */
	private readonly backlogged = new Set<number>();
	private lastErrorNoticeAt = Number.NEGATIVE_INFINITY;
	/** Whether the user looks at this session: some client is attached and its terminal has focus. */
	watched = false;

	constructor(private readonly options: PaneSetOptions) {
		super();
		this.setMaxListeners(0);
		if (typeof options.layout === 'string') {
			this.currentLayout = options.layout;
			this.lastNamed = options.layout;
			this.tree = namedTree(options.layout, 0);
		} else {
			this.currentLayout = 'custom';
			this.lastNamed = 'tiled';
			this.tree = options.layout;
		}
	}

	get sessions(): readonly Session[] {
		return this.list;
	}

	get layout(): LayoutName | 'custom' {
		return this.currentLayout;
	}

	/** Every pane's network is loopback only (the airGapped setting). */
	get airGapped(): boolean {
		return this.options.settings.airGapped;
	}

	/** The named layout in use, or the one a custom layout came from. */
	get namedLayout(): LayoutName {
		return this.currentLayout === 'custom' ? this.lastNamed : this.currentLayout;
	}

	/** The layout's tree: what the session store saves for a custom layout. */
	get layoutTree(): LayoutTree {
		return this.tree;
	}

	/** The name shown for a pane: the one the user gave it, else its own. */
	title(session: Session): string {
		return this.titles.get(session.id) ?? session.spec.name;
	}

	get zoomed(): boolean {
		return this.zoomedId !== undefined;
	}

	get focused(): Session | undefined {
		return this.list.find(session => session.id === this.focusedId);
	}

	get notice(): string | undefined {
		return this.currentNotice;
	}

	/** The question on screen, if any; the rest wait behind it. */
	get confirmation(): ConfirmRequest | undefined {
		return this.confirmQueue[0]?.request;
	}

	get size(): {cols: number; rows: number} {
		return {cols: this.cols, rows: this.rows};
	}

	agentState(id: number): string | undefined {
		return this.agentStates.get(id);
	}

	/** A pane's state in one word: the agent's (busy, waiting, idle, exited), else its program's (running, exited, failed). */
	paneState(session: Session): string {
		const agent = this.agentStates.get(session.id);
		if (agent !== undefined) return agent;
		if (session.status.kind === 'running') return session.spec.agent === undefined ? 'running' : 'starting';
		return session.status.kind;
	}

	/** When the pane entered its present state (ms since the epoch). */
	stateSince(id: number): number {
		return this.stateSeen.get(id)?.since ?? Date.now();
	}

	needsAttention(id: number): boolean {
		return this.attentionSet.has(id);
	}

	/** How many panes turned to waiting or done while nobody looked. */
	get attentionCount(): number {
		return this.attentionSet.size;
	}

	isWaitingToStart(id: number): boolean {
		return this.waitingToStart.has(id);
	}

	input(id: number): PaneInput | undefined {
		return this.inputs.get(id);
	}

	/** Starts every pane of the workspace; `deferred` panes wait for Enter (restored plain commands). */
	start(panes: PaneSpec[], deferred: (spec: PaneSpec) => boolean = () => false, history: (spec: PaneSpec) => string | undefined = () => undefined): void {
		for (const spec of panes) {
			this.addPane(spec, deferred(spec), history(spec));
		}

		if (this.list.length === 0) {
			this.quit(0);
			return;
		}

		// Like zellij, a workspace opens with its first pane focused.
		this.setFocus(this.list[0]!.id);
	}

	/** The size panes follow: that of the client active most recently (tmux's `latest`). */
	resize(cols: number, rows: number): void {
		cols = Math.max(2, cols);
		rows = Math.max(3, rows);
		if (cols === this.cols && rows === this.rows) {
			return;
		}

		this.cols = cols;
		this.rows = rows;
		this.applyLayout();
	}

	/**
	 * The frame of each visible pane on a screen of the given size. Every frame drawn asks for
	 * them, a few times: they are worked out again only when the layout, the panes, the zoom or
	 * the size changed (the tree is never changed in place, only replaced).
	 */
	frames(cols: number, rows: number): ReadonlyMap<number, Readonly<Rect>> {
		const cached = this.framesCache;
		if (cached?.tree === this.tree && cached.zoomedId === this.zoomedId && cached.cols === cols && cached.rows === rows && sameItems(cached.list, this.list)) {
			return cached.frames;
		}

		const area = {x: 0, y: 0, width: cols, height: rows - 1};
		const frames = new Map<number, Rect>();
		if (this.zoomedId === undefined) {
			const rects = treeRects(this.tree, area);
			for (const [index, session] of this.list.entries()) {
				frames.set(session.id, rects[index]!);
			}
		} else {
			frames.set(this.zoomedId, area);
		}

		this.framesCache = {tree: this.tree, zoomedId: this.zoomedId, cols, rows, list: [...this.list], frames};
		return frames;
	}

	/**
	 * Another sandbox for a pane: the user picks the mode, then answers y to a restart. A sandbox never
	 * changes under a running program (Session.relaunch ends it and starts it again under the new one).
	 */
	async changeSandbox(session: Session): Promise<void> {
		const prepare = this.options.prepareSandbox;
		if (!prepare) return;
		const pane = `pane ${this.list.indexOf(session) + 1} (${session.spec.name})`;
		const now = session.sandbox === undefined ? 'off' : session.sandbox.label === 'sandbox' ? 'sandboxed' : 'started without its sandbox (prefer)';
		const modes: Record<string, SandboxMode> = {s: 'strict', w: 'workspace', o: 'off'};
		const key = await this.choose(`Sandbox for ${pane}`, `Now: ${now}. The pane restarts under the one you pick.`, [
			{key: 's', label: 'strict'},
			{key: 'w', label: 'workspace'},
			{key: 'o', label: 'off'},
			{key: 'n', label: 'cancel'},
		]);
		const mode = modes[key];
		if (mode === undefined || !this.list.includes(session)) return;
		const yes = await this.confirm(`Restart ${pane} under sandbox "${mode}"?`, 'Its program is ended and started again: a sandbox never changes under a running program.');
		if (!yes || !this.list.includes(session)) return;
		// A pane's own paths and hosts stay; only the mode changes.
		const own = session.spec.sandbox;
		session.spec.sandbox = typeof own === 'object' ? {...own, mode} : mode;
		this.emit('sandboxChanged', session);
		await session.relaunch(async () => prepare(session));
		this.changed();
	}

	/** Asks the attached clients a y/N question; it waits, however long, until one answers. */
	async confirm(title: string, detail: string, rule?: string): Promise<boolean> {
		return (await this.ask({title, detail, rule})) === 'y';
	}

	/** Asks a question with several answers; resolves with the key of the one given (the last choice for Esc, Enter or another key). */
	async choose(title: string, detail: string, choices: DialogChoice[], rule?: string): Promise<string> {
		return this.ask({title, detail, rule, choices});
	}

	/** The answer to the question on screen: true or false for y/N, the key pressed for a question with choices. */
	answerConfirm(answer: boolean | string): void {
		const pending = this.confirmQueue.shift();
		this.changed();
		const choices = pending?.request.choices;
		if (typeof answer === 'boolean') {
			pending?.resolve(answer ? 'y' : (choices?.at(-1)?.key ?? 'n'));
			return;
		}

		pending?.resolve(choices ? (choices.find(choice => choice.key === answer)?.key ?? choices.at(-1)!.key) : answer === 'y' ? 'y' : 'n');
	}

	private async ask(request: ConfirmRequest): Promise<string> {
		return new Promise(resolve => {
			this.confirmQueue.push({request, resolve});
			if (this.confirmQueue.length === 1) {
				this.changed();
			}
		});
	}

	/** Closes a pane its own way when the session has one for it (a worktree's keep/remove); false when it has not. */
	closeSpecially(session: Session): boolean {
		return this.options.closePane?.(session, this) ?? false;
	}

	showNotice(message: string, durationMs = noticeMs): void {
		// eslint-disable-next-line no-control-regex
		this.currentNotice = message.replaceAll(/[\u0000-\u001F\u007F]/g, ' ');
		clearTimeout(this.noticeTimer);
		this.noticeTimer = setTimeout(
			guarded('notice', () => {
				this.currentNotice = undefined;
				this.changed();
			}),
			durationMs,
		);
		this.changed();
	}

	clearNotice(message: string): void {
		// eslint-disable-next-line no-control-regex
		if (this.currentNotice !== message.replaceAll(/[\u0000-\u001F\u007F]/g, ' ')) {
			return;
		}

		clearTimeout(this.noticeTimer);
		this.currentNotice = undefined;
		this.changed();
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

	/** An agent pane's new state; asks for the user when one that was working now waits unwatched. */
	setAgentState(sessionId: number, state: string): void {
		const previous = this.agentStates.get(sessionId);
		this.agentStates.set(sessionId, state);
		const session = this.list.find(candidate => candidate.id === sessionId);
		if (session) this.noteState(session);
		const elsewhere = sessionId !== this.focusedId || !this.watched;
		if (session && previous === 'busy' && (state === 'waiting' || state === 'idle') && elsewhere) {
			this.attentionSet.add(sessionId);
			this.emit('ring', `${session.spec.name} is ${state === 'waiting' ? 'waiting for you' : 'done'}`);
		}

		if (state === 'busy') {
			this.attentionSet.delete(sessionId);
		}

		this.changed();
	}

	/** The user looked at the focused pane: it no longer needs attention. */
	seen(): void {
		if (this.focusedId !== undefined && this.attentionSet.delete(this.focusedId)) {
			this.changed();
		}
	}

	/** A pane by its (unique) name, as agent hooks report it. */
	sessionNamed(name: string): Session | undefined {
		return this.list.find(session => session.spec.name === name);
	}

	/** Starts a pane from a spec and gives it focus; `after` puts it right behind that pane (a split). */
	addPane(spec: PaneSpec, deferred = false, history?: string, after?: {index: number; split: SplitDirection}): Session {
		const id = this.nextId++;
		spec = {...spec, name: this.uniqueName(spec.name)};
		const session = new Session({
			id,
			spec,
			cols: 80,
			rows: 24,
			scrollback: this.options.settings.scrollback,
			environment: paneEnvironment(this.options.baseEnvironment ?? process.env, spec),
		});
		if (after) {
			this.list.splice(after.index + 1, 0, session);
			this.tree = splitPane(this.tree, after.index, after.split);
			this.currentLayout = 'custom';
		} else {
			this.list.push(session);
			this.fitTree();
		}

		this.noteState(session);
		this.inputs.set(id, this.options.createInput?.(session, this) ?? directInput(session));
		// A listener that throws would also stop the session's own work after the event (its parsing).
		const onError = (error: unknown) => {
			this.internalError('pane event', error);
		};
		session.on(
			'dirty',
			guarded(
				'pane dirty',
				() => {
					this.emit('dirty', session);
				},
				onError,
			),
		);
		session.on(
			'status',
			guarded(
				'pane status',
				() => {
					this.noteState(session);
					this.changed();
				},
				onError,
			),
		);
		session.on(
			'closed',
			guarded(
				'pane closed',
				() => {
					this.removePane(session);
				},
				onError,
			),
		);
		session.on(
			'backlog',
			guarded(
				'pane backlog',
				backlogged => {
					this.setBacklog(session.id, backlogged);
				},
				onError,
			),
		);
		this.setFocus(id);
		this.applyLayout();
		if (history) {
			// Saved pane text (characters only) above what the program draws now.
			session.terminal.write(`${history.replaceAll(/[\u0000-\u0009\u000B-\u001F\u007F]/g, ' ').replaceAll('\n', '\r\n')}\r\n`, () => {
				session.emit('dirty');
			});
		}

		if (deferred) {
			this.waitingToStart.add(id);
			const line = [spec.command, ...spec.args].join(' ');
			session.terminal.write(`\u001B[0;7m[restored: press Enter to start ${line.replaceAll(/[\u0000-\u001F\u007F]/g, ' ')}]\u001B[0m\r\n`, () => {
				session.emit('dirty');
			});
		} else {
			void this.launch(session);
		}

		return session;
	}

	/**
	 * Starts a pane that may ask for a worktree of its own (the new-agent form): the worktree is made
	 * first, and the pane starts in it. Resolves the reason instead when it could not be made.
	 */
	async addPaneInWorktree(spec: PaneSpec): Promise<Session | string> {
		if (!spec.worktree) {
			return this.addPane(spec);
		}

		const prepared = this.options.prepareWorktree ? await this.options.prepareWorktree(spec) : 'worktrees are not available here';
		return typeof prepared === 'string' ? prepared : this.addPane(prepared);
	}

	/** Starts a restored pane that waited for Enter. */
	startDeferred(session: Session): void {
		if (this.waitingToStart.delete(session.id)) {
			this.changed();
			void this.launch(session);
		}
	}

	/** A new shell pane, in the focused pane's folder; with `split`, beside or below the focused pane. */
	newShellPane(split?: SplitDirection): void {
		const spec = defaultShellPane(this.options.settings.shell);
		spec.cwd = processCwd(this.focused?.pid) ?? spec.cwd;
		const index = this.list.findIndex(session => session.id === this.focusedId);
		if (split !== undefined && index !== -1) {
			this.zoomedId = undefined;
			this.addPane(spec, false, undefined, {index, split});
			return;
		}

		if (this.currentLayout === 'custom' && index !== -1) {
			// A custom layout has no rule for a new pane's place: it splits the focused one along its longer side.
			const frame = this.frames(this.cols, this.rows).get(this.focusedId!);
			this.addPane(spec, false, undefined, {index, split: frame && frame.width > frame.height * 2 ? 'vertical' : 'horizontal'});
			return;
		}

		this.addPane(spec);
	}

	/** The folder the focused pane's program is in now (where the OS tells), else the one it started in. */
	focusedCwd(): string | undefined {
		const focused = this.focused;
		return processCwd(focused?.pid) ?? focused?.spec.cwd;
	}

	/** Moves the focused pane's border (prefix arrows, Alt+Shift+arrows). */
	resizeFocused(direction: Direction): void {
		const index = this.list.findIndex(session => session.id === this.focusedId);
		if (index === -1 || this.zoomedId !== undefined) {
			return;
		}

		const cells = direction === 'left' || direction === 'right' ? resizeStep.x : resizeStep.y;
		this.setTree(resizePane(this.tree, this.area(), index, direction, cells));
	}

	/** The borders between panes, on a screen of the given size (none while zoomed). */
	dividers(cols: number, rows: number): Divider[] {
		return this.zoomedId === undefined ? dividers(this.tree, {x: 0, y: 0, width: cols, height: rows - 1}) : [];
	}

	/** Moves a divider by `delta` cells, measured on a screen of the given size (a border dragged with the mouse). */
	dragDivider(divider: Divider, delta: number): boolean {
		const next = moveDivider(this.tree, divider, delta);
		this.setTree(next);
		return next !== undefined;
	}

	/** Swaps the focused pane with the one before (-1) or after (+1) it; focus moves with it. */
	swapFocused(step: number): void {
		const index = this.list.findIndex(session => session.id === this.focusedId);
		const count = this.list.length;
		if (index === -1 || count < 2) {
			return;
		}

		const other = (index + step + count) % count;
		[this.list[index], this.list[other]] = [this.list[other]!, this.list[index]!];
		this.applyLayout();
	}

	/** Gives a pane a name of the user's; an empty one goes back to its own. */
	rename(id: number, title: string): void {
		// eslint-disable-next-line no-control-regex
		const clean = title
			.replaceAll(/[\u0000-\u001F\u007F]/g, ' ')
			.trim()
			.slice(0, 64);
		if (clean === '') {
			this.titles.delete(id);
		} else {
			this.titles.set(id, clean);
		}

		this.changed();
	}

	private setTree(tree: LayoutTree | undefined): void {
		if (tree) {
			this.tree = tree;
			this.currentLayout = 'custom';
			this.applyLayout();
		}
	}

	/** A named layout's tree follows the pane count; a custom one gets a slot for a pane added without a split. */
	private fitTree(): void {
		if (this.currentLayout !== 'custom') {
			this.tree = namedTree(this.currentLayout, this.list.length);
			return;
		}

		while (leafCount(this.tree) < this.list.length) {
			this.tree = splitPane(this.tree, leafCount(this.tree) - 1, 'horizontal');
		}
	}

	private area(): Rect {
		return {x: 0, y: 0, width: this.cols, height: this.rows - 1};
	}

	/** Whether the keyboard should wait: a pane's program is behind on what it was sent. */
	get inputHeld(): boolean {
		return this.backlogged.size > 0;
	}

	private setBacklog(id: number, backlogged: boolean): void {
		const before = this.inputHeld;
		if (backlogged) {
			this.backlogged.add(id);
		} else {
			this.backlogged.delete(id);
		}

		if (this.inputHeld !== before) {
			this.emit('inputHeld', this.inputHeld);
		}
	}

	removePane(session: Session): void {
		const index = this.list.indexOf(session);
		if (index === -1) {
			return;
		}

		this.list.splice(index, 1);
		this.titles.delete(session.id);
		if (this.currentLayout === 'custom') {
			this.tree = removePane(this.tree, index);
		} else {
			this.tree = namedTree(this.currentLayout, this.list.length);
		}

		this.setBacklog(session.id, false);
		this.inputs.delete(session.id);
		this.agentStates.delete(session.id);
		this.stateSeen.delete(session.id);
		this.attentionSet.delete(session.id);
		this.waitingToStart.delete(session.id);
		this.options.onRemove?.(session);
		this.emit('removed', session);
		void session.dispose();
		if (this.zoomedId === session.id) {
			this.zoomedId = undefined;
		}

		if (this.list.length === 0) {
			this.quit(0);
			return;
		}

		if (this.focusedId === session.id) {
			const fallback = this.list.find(candidate => candidate.id === this.lastFocusedId) ?? this.list[Math.min(index, this.list.length - 1)]!;
			this.focusedId = undefined;
			this.setFocus(fallback.id);
		}

		this.applyLayout();
	}

	setFocus(id: number): void {
		if (id === this.focusedId) {
			return;
		}

		const previous = this.focused;
		if (previous?.terminal.modes.sendFocusMode) {
			previous.write('\u001B[O');
		}

		this.lastFocusedId = this.focusedId;
		this.focusedId = id;
		this.attentionSet.delete(id);
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

	focusIndex(index: number): void {
		const session = this.list[index];
		if (session) {
			this.setFocus(session.id);
		}
	}

	focusRelative(step: number): void {
		const index = this.list.findIndex(session => session.id === this.focusedId);
		const count = this.list.length;
		this.focusIndex((index + step + count) % count);
	}

	focusLast(): void {
		if (this.lastFocusedId !== undefined && this.list.some(session => session.id === this.lastFocusedId)) {
			this.setFocus(this.lastFocusedId);
		}
	}

	focusDirection(direction: Direction, cols: number, rows: number): void {
		if (this.zoomedId !== undefined) {
			return;
		}

		const index = this.list.findIndex(session => session.id === this.focusedId);
		const rects = treeRects(this.tree, {x: 0, y: 0, width: cols, height: rows - 1});
		const target = neighbour(rects, index, direction);
		if (target !== undefined) {
			this.focusIndex(target);
		}
	}

	/** Panes that wait for the user first, then the ones that finished while unwatched. */
	focusNextWaiting(): void {
		const order = [...this.list.slice(this.list.findIndex(session => session.id === this.focusedId) + 1), ...this.list];
		const next =
			order.find(session => session.id !== this.focusedId && this.agentStates.get(session.id) === 'waiting') ??
			order.find(session => session.id !== this.focusedId && this.attentionSet.has(session.id));
		if (next) {
			this.setFocus(next.id);
		} else {
			this.showNotice('no pane is waiting for you');
		}
	}

	toggleZoom(): void {
		this.zoomedId = this.zoomedId === undefined ? this.focusedId : undefined;
		this.applyLayout();
	}

	nextLayout(): void {
		this.zoomedId = undefined;
		// From a custom layout, the named one it came from comes back first.
		this.currentLayout = this.currentLayout === 'custom' ? this.lastNamed : layoutNames[(layoutNames.indexOf(this.currentLayout) + 1) % layoutNames.length]!;
		this.lastNamed = this.currentLayout;
		this.tree = namedTree(this.currentLayout, this.list.length);
		this.applyLayout();
		this.showNotice(`layout: ${this.currentLayout}`);
	}

	/** Ends the session: every client is told, and the owner disposes the panes. */
	quit(code: number): void {
		if (this.ended) {
			return;
		}

		this.ended = true;
		this.emit('quit', code);
	}

	/** Ends every pane. Resolves when every pane's program has exited. */
	async dispose(): Promise<void> {
		clearTimeout(this.noticeTimer);
		const ended = this.list.map(async session => session.dispose());
		this.list = [];
		await Promise.all(ended);
	}

	/** Records a pane's state and, when it changed, since when. */
	private noteState(session: Session): void {
		const state = this.paneState(session);
		if (this.stateSeen.get(session.id)?.state !== state) {
			this.stateSeen.set(session.id, {state, since: Date.now()});
		}
	}

	/** Hooks and AGENTMUX_PANE name a pane: no two panes of a session share one. */
	uniqueName(name: string): string {
		let candidate = name;
		for (let count = 2; this.list.some(session => session.spec.name === candidate); count++) {
			candidate = `${name}-${count}`;
		}

		return candidate;
	}

	private async launch(session: Session): Promise<void> {
		let verdict = this.options.approveLaunch ? await this.options.approveLaunch(session, this) : true;
		// Fail closed: a pane whose sandbox cannot be made does not start.
		if (verdict === true && this.options.prepareSandbox) verdict = await this.options.prepareSandbox(session);
		if (verdict === true) {
			session.start();
		} else {
			session.refuse(verdict);
		}
	}

	private applyLayout(): void {
		for (const [id, frame] of this.frames(this.cols, this.rows)) {
			const content = contentRect(frame);
			this.list.find(session => session.id === id)?.resize(content.width, content.height);
		}

		this.emit('layout');
		this.changed();
	}

	private changed(): void {
		this.emit('change');
	}
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
	return a.length === b.length && a.every((item, index) => item === b[index]);
}
