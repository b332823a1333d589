import React from 'react';
import {Box, Text} from 'ink';

type Props = {
	readonly title: string;
	readonly detail: string;
	readonly cols: number;
	readonly rows: number;
};

/** A y/N question over the panes; only y says yes. */
export function ConfirmDialog({title, detail, cols, rows}: Props) {
	const width = Math.min(cols, Math.max(40, Math.min(cols - 4, Math.max(title.length, detail.length) + 6)));
	const height = 6;
	return (
		<Box
			position="absolute"
			left={Math.max(0, Math.floor((cols - width) / 2))}
			top={Math.max(0, Math.floor((rows - 1 - height) / 2))}
			width={width}
			height={height}
			borderStyle="double"
			borderColor="yellow"
			flexDirection="column"
			paddingX={1}
			backgroundColor="black"
		>
			<Text bold color="yellow" wrap="truncate">{title}</Text>
			<Text wrap="truncate">{detail}</Text>
			<Text> </Text>
			<Text><Text bold>y</Text> yes   <Text bold>N</Text> no (Esc, Enter)</Text>
		</Box>
	);
}
