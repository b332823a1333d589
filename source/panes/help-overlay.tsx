import {Text} from 'ink';
import type {ViewState} from '../app/view-state.js';
import {OverlayBox} from './overlay-box.js';

/** Every binding, in a box over the panes; any key closes it. */
export function HelpOverlay({state}: {readonly state: ViewState}) {
	const keyWidth = Math.max(...state.helpLines.map(([keys]) => keys.length));
	const width = Math.min(state.cols, Math.max(...state.helpLines.map(([keys, text]) => keys.length + text.length)) + 8);
	const height = Math.min(state.rows - 1, state.helpLines.length + 4);
	// Lines that do not fit are left out: Yoga would otherwise stack them on top of each other.
	const room = Math.max(0, height - 3);
	const lines = state.helpLines.length > room ? [...state.helpLines.slice(0, Math.max(0, room - 1)), ['…', 'more: make the terminal taller'] as [string, string]] : state.helpLines;
	return (
		<OverlayBox cols={state.cols} rows={state.rows} width={width} height={height}>
			<Text bold>agentmux keys (any key closes)</Text>
			{lines.map(([keys, text]) => (
				<Text key={keys} wrap="truncate">
					<Text color="cyan">{keys.padEnd(keyWidth)}</Text>
					{`  ${text}`}
				</Text>
			))}
		</OverlayBox>
	);
}
