import {Box, Text} from 'ink';
import type {PaneInfo} from '../app/view-state.js';
import {paneTitle} from './pane-title.js';

/** The border and title of one pane; its inside is painted by the compositor. */
export function PaneFrame({pane}: {readonly pane: PaneInfo}) {
	const {frame, focused} = pane;
	const color = focused ? 'cyan' : 'gray';
	const title = paneTitle(pane.index, pane.name, pane.command, pane.status, frame.width - 4, pane.agentState, pane.attention, pane.sandbox);
	const failed = (pane.status.kind === 'exited' && pane.status.code !== 0) || pane.status.kind === 'failed';
	const waiting = pane.agentState === 'waiting' || pane.attention;
	return (
		<>
			<Box position="absolute" left={frame.x} top={frame.y} width={frame.width} height={frame.height} borderStyle={focused ? 'bold' : 'single'} borderColor={color} />
			<Box position="absolute" left={frame.x + 2} top={frame.y} height={1}>
				<Text bold={focused || waiting} color={failed ? 'red' : waiting ? 'yellow' : focused ? 'cyan' : undefined} wrap="truncate">
					{title}
				</Text>
			</Box>
			{pane.clipped && frame.height > 1 && frame.width > 14 ? (
				// Another, larger client sized this pane: its right and bottom edges are cut here.
				<Box position="absolute" left={frame.x + frame.width - 12} top={frame.y + frame.height - 1} height={1}>
					<Text color="yellow" bold>
						{' '}
						clipped ▸{' '}
					</Text>
				</Box>
			) : null}
		</>
	);
}
