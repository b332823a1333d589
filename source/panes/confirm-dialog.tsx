import {Box, Text} from 'ink';
import type {DialogChoice} from '../app/confirmations.js';
import {confirmDialogLayout} from './dialog-rect.js';

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
	const {rect, shown} = confirmDialogLayout(title, detail, rule, cols, rows, choices);
	return (
		<Box position="absolute" left={rect.x} top={rect.y} width={rect.width} height={rect.height} borderStyle="double" borderColor="yellow" flexDirection="column" paddingX={1} backgroundColor="black">
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
