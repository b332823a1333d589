import {Text} from 'ink';
import {formatDuration, formatWorktree, type OverviewRow} from '../app/overview/overview-rows.js';
import {OverlayBox} from './overlay-box.js';

type Props = {
	readonly rows: OverviewRow[];
	readonly selected: number;
	/** When the ages are counted to (ms since the epoch). */
	readonly now: number;
	readonly cols: number;
	/** The terminal's rows. */
	readonly height: number;
};

/** `text` cut (with …) or padded to exactly `width` columns. */
function cell(text: string, width: number): string {
	if (width <= 0) return '';
	const chars = [...text];
	return chars.length > width ? `${chars.slice(0, Math.max(0, width - 1)).join('')}…` : text.padEnd(width);
}

const stateColours: Record<string, string> = {waiting: 'yellow', busy: 'cyan', idle: 'green', exited: 'gray', failed: 'red'};

/** Every pane of the session in a box over the panes: waiting ones first, the selected one highlighted. */
export function Overview({rows, selected, now, cols, height}: Props) {
	const width = Math.max(20, cols - 2);
	const inner = width - 4;
	const withWorktrees = rows.some(row => row.worktree);
	const nameWidth = Math.min(16, Math.max(4, ...rows.map(row => row.name.length)));
	const agentWidth = Math.min(10, Math.max(5, ...rows.map(row => (row.agent ?? '').length)));
	const worktreeWidth = withWorktrees ? Math.min(24, Math.max(8, ...rows.map(row => formatWorktree(row.worktree).length))) : 0;
	const fixed = 2 + 3 + 1 + nameWidth + 1 + agentWidth + 1 + 8 + 1 + 4 + 1 + (withWorktrees ? worktreeWidth + 1 : 0);
	const lineWidth = Math.max(0, inner - fixed);
	// Border, title, header, footer: the rest shows rows, a window that keeps the selected one in view.
	const room = Math.max(1, Math.min(rows.length, height - 1 - 5));
	const first = Math.min(Math.max(0, selected - room + 1), Math.max(0, rows.length - room));
	const shown = rows.slice(first, first + room);
	const boxHeight = shown.length + 5;
	const header = `  ${cell('#', 3)} ${cell('name', nameWidth)} ${cell('agent', agentWidth)} ${cell('state', 8)} ${cell('for', 4)} ${withWorktrees ? `${cell('worktree', worktreeWidth)} ` : ''}${cell('last line', lineWidth)}`;
	return (
		<OverlayBox cols={cols} rows={height} width={width} height={boxHeight}>
			<Text bold wrap="truncate">
				{`Panes: ${rows.length}, ${rows.filter(row => row.state === 'waiting').length} waiting`}
			</Text>
			<Text dimColor wrap="truncate">
				{header}
			</Text>
			{shown.map(row => {
				const isSelected = rows.indexOf(row) === selected;
				return (
					<Text key={row.id} wrap="truncate" inverse={isSelected}>
						{`${isSelected ? '›' : ' '}${row.focused ? '*' : ' '}${cell(String(row.index), 3)} ${cell(row.name, nameWidth)} ${cell(row.agent ?? '-', agentWidth)} `}
						<Text color={stateColours[row.state]}>{cell(row.state, 8)}</Text>
						{` ${cell(formatDuration(now - row.since), 4)} ${withWorktrees ? `${cell(formatWorktree(row.worktree), worktreeWidth)} ` : ''}${cell(row.lastLine, lineWidth)}`}
					</Text>
				);
			})}
			<Text dimColor wrap="truncate">
				{'↑↓ select · Enter jump · y approve · n decline · Esc/q leave'}
			</Text>
		</OverlayBox>
	);
}
