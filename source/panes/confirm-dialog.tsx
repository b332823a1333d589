import {Box, Text} from 'ink';
import type {DialogChoice} from '../app/confirmations.js';

type Props = {
	readonly title: string;
	/** Free text, possibly several lines (a reason, then the command). */
	readonly detail: string;
	/** The policy rule that asked, when one did. */
	readonly rule?: string | undefined;
	/** The answers, when there are more than y and N; the last is the safe one (Esc, Enter). */
	readonly choices?: DialogChoice[] | undefined;
	readonly cols: number;
	readonly rows: number;
};

/** A y/N question over the panes (only y says yes), or one with the choices given. */
export function ConfirmDialog({title, detail, rule, choices, cols, rows}: Props) {
	const lines = detail.split('\n');
	if (rule) {
		lines.push(`rule: ${rule}`);
	}

	const choicesWidth = choices ? choices.reduce((width, choice) => width + choice.key.length + choice.label.length + 4, 12) : 0;
	const widest = Math.max(title.length, choicesWidth, ...lines.map(line => line.length));
	const width = Math.min(cols, Math.max(40, Math.min(cols - 4, widest + 6)));
	// Border, title, blank, answer line: 5 rows; the rest shows as many detail lines as fit.
	const room = Math.max(1, Math.min(lines.length, rows - 1 - 5));
	const shown = lines.length > room ? [...lines.slice(0, room - 1), '…'] : lines;
	const height = shown.length + 5;
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
			<Text bold color="yellow" wrap="truncate">
				{title}
			</Text>
			{shown.map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: the rows are positional text that never reorders
				<Text key={index} wrap="truncate">
					{line === '' ? ' ' : line}
				</Text>
			))}
			<Text> </Text>
			{choices ? (
				<Text wrap="truncate">
					{choices.map((choice, index) => (
						<Text key={choice.key}>
							<Text bold>{index === choices.length - 1 ? choice.key.toUpperCase() : choice.key}</Text>
							{` ${choice.label}${index === choices.length - 1 ? ' (Esc, Enter)' : '   '}`}
						</Text>
					))}
				</Text>
			) : (
				<Text>
					<Text bold>y</Text>
					{' yes   '}
					<Text bold>N</Text>
					{' no (Esc, Enter)'}
				</Text>
			)}
		</Box>
	);
}
