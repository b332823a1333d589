import {Box, Text} from 'ink';
import type {ViewState} from '../app/view-state.js';
import type {CopyStatus} from '../copy/copy-mode.js';
import {fitTitle} from './pane-title.js';

/** Copy mode's part of the bar: the search being typed, or where the view is, the matches and the keys. */
function copyHints(copy: CopyStatus): string {
	if (copy.prompt !== undefined) {
		return `search: ${copy.prompt}▏ · Enter finds · Esc cancels`;
	}

	const parts = [`${copy.offset}/${copy.total} lines up`];
	if (copy.matches) {
		parts.push(copy.matches.count === 0 ? `no match for "${copy.matches.query}"` : `match ${copy.matches.current} of ${copy.matches.count}`);
	}

	if (copy.message) {
		parts.push(copy.message);
	}

	parts.push(copy.selecting ? `${copy.selecting === 'line' ? 'lines' : 'selecting'} · y copies · Esc clears` : '/ ? search · n N · v V select · y copy · q leaves');
	return parts.join(' · ');
}

/** The bottom line: mode, layout, key hints, and the latest notice. */
export function StatusBar({state}: {readonly state: ViewState}) {
	const mode = state.rename ? ' RENAME ' : state.prefixActive ? ' PREFIX ' : state.scroll ? ' COPY ' : ' agentmux ';
	const layout = state.zoomed ? 'zoomed' : state.layout;
	let hints = state.hints.normal;
	if (state.rename) {
		hints = `pane ${state.rename.index}: ${state.rename.text}▏ · Enter sets · Esc cancels · empty: its own name`;
	} else if (state.prefixActive) {
		hints = state.hints.prefix;
	} else if (state.scroll) {
		hints = copyHints(state.scroll);
	} else if (state.panes.some(pane => pane.agentState)) {
		// With agents, the bar lists every pane and its state; Alt+N picks one.
		hints = `${state.panes.map(pane => `${pane.attention ? '!' : ''}${pane.index}:${pane.name} ${pane.agentState ?? (pane.status.kind === 'running' ? 'running' : pane.status.kind)}`).join('  ')}  · ${state.hints.agents}`;
	}

	const left = `${mode}`;
	const middle = `${state.session === undefined ? '' : ` [${state.session}]`}${state.airGapped ? ' [air-gapped]' : ''} [${layout}] ${hints}`;
	const notice = state.notice ? ` ${state.notice} ` : '';
	const room = Math.max(0, state.cols - left.length - notice.length);
	return (
		<Box position="absolute" left={0} top={state.rows - 1} width={state.cols} height={1}>
			<Text inverse={!state.prefixActive} backgroundColor={state.prefixActive ? 'yellow' : undefined} color={state.prefixActive ? 'black' : undefined} bold>
				{left}
			</Text>
			<Text wrap="truncate">{fitTitle(middle, room).padEnd(room)}</Text>
			{notice ? (
				<Text color="black" backgroundColor="yellow">
					{fitTitle(notice, state.cols - left.length)}
				</Text>
			) : null}
		</Box>
	);
}
