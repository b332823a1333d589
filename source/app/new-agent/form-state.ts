import type {Key} from '../../keys/key-event.js';
import type {SandboxMode} from '../../sandbox/sandbox-schema.js';
import type {NewAgentRequest, ProfileChoice} from './agent-launcher.js';

export const worktreeModes = ['none', 'new', 'existing'] as const;
export type WorktreeMode = (typeof worktreeModes)[number];

/** The words the form shows for each worktree choice. */
export const worktreeModeLabels: Record<WorktreeMode, string> = {none: 'none', new: 'new branch', existing: 'existing branch'};

/** The sandbox choices: `default` leaves it to the profile and the settings (sandbox.agents). */
export const sandboxChoices = ['default', 'workspace', 'strict', 'prefer', 'off'] as const;
export type SandboxChoice = (typeof sandboxChoices)[number];

export type FormField = 'profile' | 'name' | 'worktree' | 'branch' | 'sandbox';

/** Where a message is shown: next to a field, or under the form (a start that failed). */
export type MessagePlace = FormField | 'form';

/** The new-agent form's state: everything it draws, nothing it does. */
export type FormState = {
	profiles: ProfileChoice[];
	/** The profile as typed (or picked with left/right). */
	profile: string;
	name: string;
	worktree: WorktreeMode;
	branch: string;
	sandbox: SandboxChoice;
	field: FormField;
	/** Messages from checks that take a moment (the branch, the start), by place. */
	messages: Partial<Record<MessagePlace, string>>;
	/** A check or the start is under way: keys other than Esc wait. */
	busy: boolean;
};

/** What a key did to the form. */
export type FormOutcome = {state: FormState; action?: 'submit' | 'cancel'};

/** Longest pane name the form takes (workspace files allow the same). */
const maxNameLength = 64;

/** A fresh form; the first installed profile is preselected. */
export function initialForm(profiles: ProfileChoice[]): FormState {
	const first = profiles.find(choice => choice.installed && !choice.error) ?? profiles[0];
	return {profiles, profile: first?.name ?? '', name: '', worktree: 'none', branch: '', sandbox: 'default', field: 'profile', messages: {}, busy: false};
}

/** The fields in keyboard order: the branch only when a worktree is asked for. */
export function visibleFields(state: FormState): FormField[] {
	return state.worktree === 'none' ? ['profile', 'name', 'worktree', 'sandbox'] : ['profile', 'name', 'worktree', 'branch', 'sandbox'];
}

/** The pane name the form will use: the one typed, else the profile's. */
export function effectiveName(state: FormState): string {
	return state.name.trim() || state.profile.trim();
}

/** The branch the form will use: the one typed, else (as `"worktree": true` does) the pane's name. */
export function effectiveBranch(state: FormState): string {
	return state.branch.trim() || effectiveName(state);
}

/** Checks that need nothing but the form: an unknown profile, a missing program, a bad name. Shown as the user types. */
export function formProblems(state: FormState): Partial<Record<FormField, string>> {
	const problems: Partial<Record<FormField, string>> = {};
	const typed = state.profile.trim();
	const choice = state.profiles.find(candidate => candidate.name === typed);
	if (typed === '') {
		problems.profile = 'choose a profile (left/right)';
	} else if (!choice) {
		const known = state.profiles.map(candidate => candidate.name).join(', ');
		problems.profile = `unknown profile "${typed}" (known: ${known})`;
	} else if (choice.error) {
		problems.profile = choice.error;
	} else if (!choice.installed) {
		problems.profile = `"${choice.command}" not found: install it, or set agents.${choice.name}.command`;
	}

	const name = effectiveName(state);
	if (name.length > maxNameLength) {
		problems.name = `at most ${maxNameLength} characters`;
	}

	if (state.worktree !== 'none' && /\s/.test(state.branch.trim())) {
		problems.branch = 'a branch name has no spaces';
	}

	return problems;
}

/** The request the form stands for, once it has no problems. */
export function formRequest(state: FormState, cwd: string): NewAgentRequest {
	return {
		profile: state.profile.trim(),
		name: effectiveName(state),
		cwd,
		...(state.worktree === 'none' ? {} : {worktree: {mode: state.worktree, branch: effectiveBranch(state)}}),
		...(state.sandbox === 'default' ? {} : {sandbox: state.sandbox as SandboxMode}),
	};
}

function step<T>(list: readonly T[], current: T, by: number): T {
	const index = list.indexOf(current);
	return list[(index + by + list.length) % list.length]!;
}

function moveField(state: FormState, by: number): FormState {
	return {...state, field: step(visibleFields(state), state.field, by)};
}

/** Printable text a key types, if it types any. */
function typedText(key: Key): string | undefined {
	if (key.ctrl || key.alt) return undefined;
	if (key.name === 'space') return ' ';
	return [...key.name].length === 1 ? key.name : undefined;
}

/** Puts text into the field being edited (text fields only); control characters never get in. */
export function typeInto(state: FormState, text: string): FormState {
	// eslint-disable-next-line no-control-regex
	const clean = text.replaceAll(/[\u0000-\u001F\u007F]/g, '');
	if (clean === '') return state;
	switch (state.field) {
		case 'profile':
			return withoutMessage({...state, profile: state.profile + clean}, 'profile');
		case 'name':
			return withoutMessage({...state, name: state.name + clean}, 'name');
		case 'branch':
			return withoutMessage({...state, branch: state.branch + clean}, 'branch');
		default:
			return state;
	}
}

function withoutMessage(state: FormState, place: MessagePlace): FormState {
	if (state.messages[place] === undefined && state.messages.form === undefined) return state;
	const {[place]: _gone, form: _form, ...rest} = state.messages;
	return {...state, messages: rest};
}

function erase(state: FormState, all: boolean): FormState {
	const cut = (text: string) => (all ? '' : [...text].slice(0, -1).join(''));
	switch (state.field) {
		case 'profile':
			return withoutMessage({...state, profile: cut(state.profile)}, 'profile');
		case 'name':
			return withoutMessage({...state, name: cut(state.name)}, 'name');
		case 'branch':
			return withoutMessage({...state, branch: cut(state.branch)}, 'branch');
		default:
			return state;
	}
}

/** Left/right on a choice field: the next profile, worktree or sandbox choice. */
function cycle(state: FormState, by: number): FormState {
	if (state.field === 'profile' && state.profiles.length > 0) {
		const names = state.profiles.map(choice => choice.name);
		const current = names.includes(state.profile.trim()) ? state.profile.trim() : by > 0 ? names.at(-1)! : names[0]!;
		return withoutMessage({...state, profile: step(names, current, by)}, 'profile');
	}

	if (state.field === 'worktree') {
		return withoutMessage({...state, worktree: step(worktreeModes, state.worktree, by)}, 'branch');
	}

	if (state.field === 'sandbox') {
		return withoutMessage({...state, sandbox: step(sandboxChoices, state.sandbox, by)}, 'sandbox');
	}

	return state;
}

/**
 * One key in the form. Tab/Down and Shift-Tab/Up move between fields, Left/Right (and Space on
 * the worktree choice) pick, typing edits text fields, Enter submits, Esc cancels.
 */
export function formKey(state: FormState, key: Key): FormOutcome {
	if (key.name === 'escape' || (key.ctrl && key.name === 'c')) return {state, action: 'cancel'};
	if (state.busy) return {state};
	switch (key.name) {
		case 'enter':
			return {state, action: 'submit'};
		case 'tab':
			return {state: moveField(state, key.shift ? -1 : 1)};
		case 'down':
			return {state: moveField(state, 1)};
		case 'up':
			return {state: moveField(state, -1)};
		case 'left':
			return {state: cycle(state, -1)};
		case 'right':
			return {state: cycle(state, 1)};
		case 'backspace':
			return {state: erase(state, key.ctrl)};
		default:
			break;
	}

	if (key.ctrl && key.name === 'u') return {state: erase(state, true)};
	if ((state.field === 'worktree' || state.field === 'sandbox') && key.name === 'space') return {state: cycle(state, 1)};
	const text = typedText(key);
	return {state: text === undefined ? state : typeInto(state, text)};
}
