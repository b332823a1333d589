import {Box} from 'ink';
import type {ReactNode} from 'react';
import {centredRect} from './dialog-rect.js';

type Props = {
	/** The screen's size: the box is centred above the status bar (the last row). */
	readonly cols: number;
	readonly rows: number;
	readonly width: number;
	readonly height: number;
	readonly children: ReactNode;
};

/** The framed box the help, the new-agent form and the overview are drawn in, centred over the panes. */
export function OverlayBox({cols, rows, width, height, children}: Props) {
	const rect = centredRect(cols, rows, width, height);
	return (
		<Box position="absolute" left={rect.x} top={rect.y} width={width} height={height} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1} backgroundColor="black">
			{children}
		</Box>
	);
}
