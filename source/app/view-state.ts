import type {LayoutName} from '../config/settings-schema.js';
import type {CopyStatus} from '../copy/copy-mode.js';
import type {Rect} from '../panes/layout.js';
import type {SessionStatus} from '../sessions/session.js';
import type {DialogChoice} from './confirmations.js';
import type {FormState} from './new-agent/form-state.js';
import type {OverviewRow} from './overview/overview-rows.js';

/** One pane as the chrome draws it. */
export type PaneInfo = {
	id: number;
	/** 1-based, as Alt+N and the title show it. */
	index: number;
	name: string;
	command: string;
	status: SessionStatus;
	frame: Rect;
	focused: boolean;
	visible: boolean;
	/** For agent panes: busy, waiting, idle or exited, from hooks or the screen. */
	agentState?: string | undefined;
	/** Turned from busy to waiting or idle while the user looked elsewhere. */
	attention?: boolean;
	/** The pane is bigger than this client's frame for it (another client is larger): its edge is cut. */
	clipped?: boolean;
	/** "sandbox" (with the count of refused connections) or "UNSANDBOXED" (a sandbox preferred but unavailable). */
	sandbox?: string | undefined;
};

export type Overlay =
	| {kind: 'help'}
	| {kind: 'confirm'; title: string; detail: string; rule?: string | undefined; choices?: DialogChoice[] | undefined}
	/** The new-agent form (prefix a), for the folder the agent would start in. */
	| {kind: 'new-agent'; form: FormState; cwd: string}
	/** Every pane of the session (prefix s), waiting ones first; `now` dates the ages shown. */
	| {kind: 'overview'; rows: OverviewRow[]; selected: number; now: number};

/** Everything the Ink chrome renders, as one immutable snapshot. */
export type ViewState = {
	cols: number;
	rows: number;
	panes: PaneInfo[];
	layout: LayoutName | 'custom';
	zoomed: boolean;
	prefixActive: boolean;
	/** Set while this client types a pane's new name (prefix ,). */
	rename?: {text: string; index: number};
	/** Set while this client is in copy mode in the focused pane: how far up, the search, the selection. */
	scroll: CopyStatus | undefined;
	overlay: Overlay | undefined;
	notice: string | undefined;
	prefixLabel: string;
	helpLines: Array<[string, string]>;
	/** The status bar's key hints, from the action table and the effective bindings. */
	hints: {normal: string; prefix: string; agents: string};
	/** The session's name, shown in the status bar. */
	session?: string;
	/** The airGapped setting is on: every pane's network is loopback only. */
	airGapped?: boolean;
};

/** What the chrome reads: a store with a stable snapshot, as useSyncExternalStore wants it. */
export type ViewStore = {
	getState(): ViewState;
	subscribe(listener: () => void): () => void;
};
