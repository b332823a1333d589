import {Box, Text} from 'ink';
import type {ViewState} from '../app/view-state.js';

/** Every binding, in a box over the panes; any key closes it. */
export function HelpOverlay({state}: {readonly state: ViewState}) {
	const keyWidth = Math.max(...state.helpLines.map(([keys]) => keys.length));
	const width = Math.min(state.cols, Math.max(...state.helpLines.map(([keys, text]) => keys.length + text.length)) + 8);
	const height = Math.min(state.rows - 1, state.helpLines.length + 4);
	// Lines that do not fit are left out: Yoga would otherwise stack them on top of each other.
	const room = Math.max(0, height - 3);
	const lines = state.helpLines.length > room ? [...state.helpLines.slice(0, Math.max(0, room - 1)), ['…', 'more: make the terminal taller'] as [string, string]] : state.helpLines;
	return (
		<Box
			position="absolute"
			left={Math.max(0, Math.floor((state.cols - width) / 2))}
			top={Math.max(0, Math.floor((state.rows - 1 - height) / 2))}
			width={width}
			height={height}
			borderStyle="round"
			borderColor="cyan"
			flexDirection="column"
			paddingX={1}
			backgroundColor="black"
		>
			<Text bold>agentmux keys (any key closes)</Text>
			{lines.map(([keys, text]) => (
				<Text key={keys} wrap="truncate">
					<Text color="cyan">{keys.padEnd(keyWidth)}</Text>
					{`  ${text}`}
				</Text>
			))}
		</Box>
	);
}
