import {formatKeySpec, type KeySpec} from '../config/key-spec.js';
import type {Bindings, PrefixAction} from '../config/settings-schema.js';

/** What an action may do to the client it was typed in (and, through it, to the session). */
export type ActionTarget = {
	focusNext(step: number): void;
	focusLast(): void;
	focusDirection(direction: 'left' | 'right' | 'up' | 'down'): void;
	toggleZoom(): void;
	newPane(): void;
	closePane(): void;
	nextLayout(): void;
	showHelp(): void;
	quit(): void;
	restartPane(): void;
	changeSandbox(): void;
	enterScrollMode(): void;
	nextWaiting(): void;
	detach(): void;
	split(direction: 'vertical' | 'horizontal'): void;
	resizePane(direction: 'left' | 'right' | 'up' | 'down'): void;
	renamePane(): void;
	swapPane(step: number): void;
	openNewAgent(): void;
	openOverview(): void;
};

/** One thing a key after the prefix does: the table drives key dispatch, the help overlay and the status-bar hints. */
export type Action = {
	name: PrefixAction;
	defaultKeys: readonly string[];
	/** The help overlay's line. */
	help: string;
	/** A word or two for the status bar's hints, when the action is worth one. */
	hint?: string;
	/** Shown in the status bar outside prefix mode too, in this order (the bar is cut at its right end). */
	everyday?: number;
	run(target: ActionTarget): void;
};

/** Every prefix action, in the order the help lists them. */
export const actions: readonly Action[] = [
	{name: 'next-pane', defaultKeys: ['n', 'o'], help: 'next pane', hint: 'next', run: target => target.focusNext(1)},
	{name: 'previous-pane', defaultKeys: ['p'], help: 'previous pane', hint: 'prev', run: target => target.focusNext(-1)},
	{name: 'last-pane', defaultKeys: [';'], help: 'last focused pane', hint: 'last', run: target => target.focusLast()},
	// Arrows after the prefix resize, as in tmux; h j k l move the focus, as vim's window keys do.
	{name: 'focus-left', defaultKeys: ['h'], help: 'focus the pane to the left', run: target => target.focusDirection('left')},
	{name: 'focus-right', defaultKeys: ['l'], help: 'focus the pane to the right', run: target => target.focusDirection('right')},
	{name: 'focus-up', defaultKeys: ['k'], help: 'focus the pane above', run: target => target.focusDirection('up')},
	{name: 'focus-down', defaultKeys: ['j'], help: 'focus the pane below', run: target => target.focusDirection('down')},
	{name: 'split-right', defaultKeys: ['%', '|'], help: 'split: a new shell pane to the right', hint: 'split', everyday: 6, run: target => target.split('vertical')},
	{name: 'split-down', defaultKeys: ['"', '-'], help: 'split: a new shell pane below', hint: 'split below', run: target => target.split('horizontal')},
	{name: 'resize-left', defaultKeys: ['left'], help: "move the pane's border left", run: target => target.resizePane('left')},
	{name: 'resize-right', defaultKeys: ['right'], help: "move the pane's border right", hint: 'resize', run: target => target.resizePane('right')},
	{name: 'resize-up', defaultKeys: ['up'], help: "move the pane's border up", run: target => target.resizePane('up')},
	{name: 'resize-down', defaultKeys: ['down'], help: "move the pane's border down", run: target => target.resizePane('down')},
	{name: 'rename-pane', defaultKeys: [','], help: 'rename the pane', hint: 'rename', run: target => target.renamePane()},
	{name: 'swap-previous', defaultKeys: ['{'], help: 'swap the pane with the previous one', run: target => target.swapPane(-1)},
	{name: 'swap-next', defaultKeys: ['}'], help: 'swap the pane with the next one', hint: 'swap', run: target => target.swapPane(1)},
	{name: 'zoom', defaultKeys: ['z'], help: 'zoom the pane / back', hint: 'zoom', everyday: 3, run: target => target.toggleZoom()},
	{name: 'new-pane', defaultKeys: ['c'], help: 'new shell pane', hint: 'new', everyday: 2, run: target => target.newPane()},
	{name: 'close-pane', defaultKeys: ['x'], help: 'close the pane (asks first)', hint: 'close', run: target => target.closePane()},
	{name: 'restart-pane', defaultKeys: ['r'], help: 'restart an exited pane', run: target => target.restartPane()},
	{name: 'next-layout', defaultKeys: ['space'], help: 'next layout (tiled, main-vertical, columns, rows)', hint: 'layout', run: target => target.nextLayout()},
	{name: 'scroll-mode', defaultKeys: ['[', 'pageup'], help: 'copy mode: scroll, search (/ ?), select (v V), copy (y); q leaves', hint: 'copy', run: target => target.enterScrollMode()},
	{name: 'next-waiting', defaultKeys: ['w', 'tab'], help: 'the next agent that waits for you', hint: 'next waiting', run: target => target.nextWaiting()},
	{name: 'detach', defaultKeys: ['d'], help: 'detach: the session keeps running (agentmux attach)', hint: 'detach', everyday: 4, run: target => target.detach()},
	{name: 'help', defaultKeys: ['?'], help: 'this help', hint: 'help', everyday: 1, run: target => target.showHelp()},
	{name: 'quit', defaultKeys: ['q'], help: 'quit agentmux: end every pane (asks first)', hint: 'quit', everyday: 5, run: target => target.quit()},
	{name: 'new-agent', defaultKeys: ['a'], help: 'new agent: profile, name, worktree (Tab moves, Enter starts)', hint: 'agent', run: target => target.openNewAgent()},
	{name: 'overview', defaultKeys: ['s'], help: 'overview of every pane, waiting first (Enter jumps, y/n answer)', hint: 'overview', run: target => target.openOverview()},
	{name: 'change-sandbox', defaultKeys: ['b'], help: "change the pane's sandbox: strict, workspace or off (restarts it, asks first)", run: target => target.changeSandbox()},
];

/** The keys that work without the prefix (the quickSwitch setting); none when it is off. */
const quickKeys: Array<[string, string]> = [
	['Alt-1..9', 'focus pane 1..9 (no prefix)'],
	['Alt-arrows', 'focus the pane in that direction (no prefix)'],
	['Alt-Shift-arrows', 'resize the pane (no prefix)'],
];

/** The help overlay's lines for the effective prefix and bindings; the Alt keys only when quickSwitch is on. */
export function helpLinesFor(prefixKey: KeySpec, bindings: Bindings, quickSwitch = true): Array<[string, string]> {
	const prefix = formatKeySpec(prefixKey);
	const keys = (action: PrefixAction) => bindings[action].map(spec => formatKeySpec(spec)).join(' ');
	return [
		...(quickSwitch ? quickKeys : []),
		[`${prefix} 1..9`, 'focus pane 1..9'],
		...actions.map(action => [`${prefix} ${keys(action.name)}`, action.help] as [string, string]),
		[`${prefix} ${prefix}`, `send ${prefix} to the pane`],
	];
}

/** The status bar's hints for the effective prefix and bindings: they follow the user's keys (Alt only with quickSwitch). */
export function hintsFor(prefixKey: KeySpec, bindings: Bindings, quickSwitch = true): {normal: string; prefix: string; agents: string} {
	const prefix = formatKeySpec(prefixKey);
	const first = (action: PrefixAction) => formatKeySpec(bindings[action][0]!);
	const everyday = actions
		.filter(action => action.everyday !== undefined)
		.sort((a, b) => a.everyday! - b.everyday!)
		.map(action => `${prefix} ${first(action.name)} ${action.hint}`);
	const inPrefix = actions.filter(action => action.hint).map(action => `${first(action.name)} ${action.hint}`);
	return {
		normal: [...everyday, ...(quickSwitch ? ['Alt-1..9 switch'] : [])].join(' · '),
		prefix: ['1-9 pane', ...inPrefix].join(' · '),
		agents: `${prefix} ${first('next-waiting')} next waiting · ${prefix} ${first('help')} help`,
	};
}
