import {Text} from 'ink';
import type {ReactNode} from 'react';
import {effectiveBranch, effectiveName, type FormField, type FormState, formProblems, sandboxChoices, visibleFields, worktreeModeLabels, worktreeModes} from '../app/new-agent/form-state.js';
import {OverlayBox} from './overlay-box.js';

type Props = {
	readonly form: FormState;
	/** The folder the agent starts in (or whose repository gets the worktree). */
	readonly cwd: string;
	readonly cols: number;
	readonly rows: number;
};

const labels: Record<FormField, string> = {profile: 'Profile', name: 'Name', worktree: 'Worktree', branch: 'Branch', sandbox: 'Sandbox'};

/** A text field's value: what was typed, or the default it stands for (dim), with a cursor when it has the focus. */
function TextValue({text, fallback, focused}: {readonly text: string; readonly fallback: string; readonly focused: boolean}) {
	return (
		<>
			{text === '' ? <Text dimColor>{fallback}</Text> : <Text>{text}</Text>}
			{focused ? <Text inverse> </Text> : null}
		</>
	);
}

/** The new-agent form over the panes: profile, name, worktree; each field's problem under it. */
export function NewAgentForm({form, cwd, cols, rows}: Props) {
	const problems = {...formProblems(form), ...form.messages};
	const width = Math.min(cols, 100);
	const installed = form.profiles.filter(choice => choice.installed && !choice.error).map(choice => choice.name);
	const missing = form.profiles.filter(choice => !choice.installed || choice.error).map(choice => choice.name);
	const lines: ReactNode[] = [];
	for (const field of visibleFields(form)) {
		const focused = form.field === field;
		let value: ReactNode;
		switch (field) {
			case 'profile':
				value = (
					<>
						{focused ? <Text color="cyan">{'‹ '}</Text> : null}
						<TextValue text={form.profile} fallback="(none)" focused={focused} />
						{focused ? <Text color="cyan">{' ›'}</Text> : null}
					</>
				);
				break;
			case 'name':
				value = <TextValue text={form.name} fallback={effectiveName(form) || '(profile name)'} focused={focused} />;
				break;
			case 'worktree':
				value = worktreeModes.map(mode => (
					<Text key={mode} inverse={mode === form.worktree && focused} bold={mode === form.worktree} dimColor={mode !== form.worktree}>
						{` ${worktreeModeLabels[mode]} `}
					</Text>
				));
				break;
			case 'branch':
				value = <TextValue text={form.branch} fallback={effectiveBranch(form)} focused={focused} />;
				break;
			case 'sandbox':
				value = sandboxChoices.map(choice => (
					<Text key={choice} inverse={choice === form.sandbox && focused} bold={choice === form.sandbox} dimColor={choice !== form.sandbox}>
						{` ${choice} `}
					</Text>
				));
				break;
		}

		lines.push(
			<Text key={field} wrap="truncate">
				<Text color="cyan">{focused ? '› ' : '  '}</Text>
				<Text bold={focused}>{labels[field].padEnd(10)}</Text>
				{value}
			</Text>,
		);
		if (field === 'profile') {
			lines.push(
				<Text key="profiles" dimColor wrap="truncate">
					{`${' '.repeat(12)}installed: ${installed.join(', ') || 'none'}${missing.length > 0 ? ` · not found: ${missing.join(', ')}` : ''}`}
				</Text>,
			);
		}

		const problem = problems[field];
		if (problem !== undefined) {
			lines.push(
				<Text key={`${field}-problem`} color="red" wrap="truncate">
					{`${' '.repeat(12)}${problem}`}
				</Text>,
			);
		}
	}

	if (problems.form !== undefined) {
		lines.push(
			<Text key="form-problem" color="red" wrap="truncate">
				{`  ${problems.form}`}
			</Text>,
		);
	}

	const height = Math.min(rows - 1, lines.length + 6);
	return (
		<OverlayBox cols={cols} rows={rows} width={width} height={height}>
			<Text bold wrap="truncate">
				{`New agent in ${cwd}`}
			</Text>
			<Text> </Text>
			{lines}
			<Text> </Text>
			<Text dimColor wrap="truncate">
				{form.busy ? 'starting…' : 'Tab/↑↓ field · ←→ choose · Enter start · Esc cancel'}
			</Text>
		</OverlayBox>
	);
}
