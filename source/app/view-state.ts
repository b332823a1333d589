import type {LayoutName} from '../config/settings-schema.js';
import type {Rect} from '../panes/layout.js';
import type {SessionStatus} from '../sessions/session.js';

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
};

export type Overlay =
	| {kind: 'help'}
	| {kind: 'confirm'; title: string; detail: string; rule?: string | undefined};

/** Everything the Ink chrome renders, as one immutable snapshot. */
export type ViewState = {
	cols: number;
	rows: number;
	panes: PaneInfo[];
	layout: LayoutName;
	zoomed: boolean;
	prefixActive: boolean;
	/** Set while the focused pane is scrolled back through its history. */
	scroll: {offset: number; total: number} | undefined;
	overlay: Overlay | undefined;
	notice: string | undefined;
	prefixLabel: string;
	helpLines: Array<[string, string]>;
};
