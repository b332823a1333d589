import {Box, Text} from 'ink';
import type {ViewState} from '../app/view-state.js';
import {fitTitle} from './pane-title.js';

/** The bottom line: mode, layout, key hints, and the latest notice. */
export function StatusBar({state}: {readonly state: ViewState}) {
	const mode = state.prefixActive ? ' PREFIX ' : state.scroll ? ' SCROLL ' : ' agentmux ';
	const layout = state.zoomed ? 'zoomed' : state.layout;
	let hints = state.hints.normal;
	if (state.prefixActive) {
		hints = state.hints.prefix;
	} else if (state.scroll) {
		hints = `${state.scroll.offset}/${state.scroll.total} lines up · arrows PgUp PgDn g G · q leaves`;
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
