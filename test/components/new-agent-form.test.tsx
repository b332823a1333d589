import './helpers/force-color.js';
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {Box} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import type {AgentLauncher, NewAgentRequest, ProfileChoice, WorktreeRequest} from '../../source/app/new-agent/agent-launcher.js';
import {type FormState, formKey, initialForm} from '../../source/app/new-agent/form-state.js';
import {NewAgentDialog} from '../../source/app/new-agent/new-agent-dialog.js';
import {key as makeKey} from '../../source/keys/key-event.js';
import {NewAgentForm} from '../../source/panes/new-agent-form.js';

// eslint-disable-next-line no-control-regex
const plain = (text: string | undefined) => (text ?? '').replaceAll(/\u001B\[[0-9;]*m/g, '');

afterEach(() => {
	cleanup();
});

const profiles: ProfileChoice[] = [
	{name: 'mine', command: '/opt/mine', installed: true},
	{name: 'shell', command: '/bin/bash', installed: true},
	{name: 'claude', command: 'claude', installed: false},
	{name: 'broken', command: '', installed: false, error: 'profiles.broken.command: Too small'},
];

/** Presses keys ("tab", "shift+tab", "a", ...) in order; returns the state after the last. */
function press(state: FormState, ...names: string[]): FormState {
	for (const name of names) {
		const [modifier, rest] = name.includes('+') && name.length > 1 ? name.split('+') : [undefined, name];
		state = formKey(state, makeKey(rest!, {shift: modifier === 'shift', ctrl: modifier === 'ctrl'})).state;
	}

	return state;
}

function typed(state: FormState, text: string): FormState {
	return press(state, ...[...text].map(char => (char === ' ' ? 'space' : char)));
}

function draw(form: FormState): string[] {
	const {lastFrame} = render(
		<Box width={100} height={24}>
			<NewAgentForm form={form} cwd="/home/me/project" cols={100} rows={24} />
		</Box>,
	);
	return plain(lastFrame()).split('\n');
}

/** The drawn row that holds `text`. */
function rowWith(rows: string[], text: string | RegExp): string {
	return rows.find(row => (typeof text === 'string' ? row.includes(text) : text.test(row))) ?? '';
}

describe('new-agent form: navigation', () => {
	it('starts on the profile, with the first installed one chosen and the installed ones listed first', () => {
		const rows = draw(initialForm(profiles));
		assert.match(rowWith(rows, 'New agent in'), /New agent in \/home\/me\/project/);
		assert.match(rowWith(rows, 'Profile'), /› Profile +‹ mine/);
		assert.match(rowWith(rows, 'installed:'), /installed: mine, shell · not found: claude, broken/);
		assert.match(rowWith(rows, 'Name'), /^\W*Name +mine/, 'the name defaults to the profile');
		assert.equal(rowWith(rows, 'Branch'), '', 'no branch field without a worktree');
	});

	it('Tab and Down go forward, Shift-Tab and Up back, round the ends', () => {
		let state = initialForm(profiles);
		state = press(state, 'tab');
		assert.equal(state.field, 'name');
		assert.match(rowWith(draw(state), 'Name'), /› Name/);
		state = press(state, 'down');
		assert.equal(state.field, 'worktree');
		state = press(state, 'tab');
		assert.equal(state.field, 'sandbox');
		state = press(state, 'tab');
		assert.equal(state.field, 'profile', 'wraps to the first field');
		state = press(state, 'shift+tab');
		assert.equal(state.field, 'sandbox', 'Shift-Tab wraps back');
		state = press(state, 'up', 'up', 'up');
		assert.equal(state.field, 'profile');
	});

	it('Left/Right pick the profile and the worktree choice; a worktree adds the branch field, defaulting to the name', () => {
		let state = press(initialForm(profiles), 'right');
		assert.equal(state.profile, 'shell');
		state = press(state, 'left', 'left');
		assert.equal(state.profile, 'broken', 'left from the first goes round to the last');
		state = press(state, 'right', 'tab');
		state = typed(state, 'helper');
		state = press(state, 'tab', 'right');
		assert.equal(state.worktree, 'new');
		let rows = draw(state);
		assert.match(rowWith(rows, 'Worktree'), /› Worktree +none +new branch +existing branch/);
		assert.match(rowWith(rows, 'Branch'), /Branch +helper/);
		state = press(state, 'space');
		assert.equal(state.worktree, 'existing', 'Space picks on a choice field too');
		state = press(state, 'tab');
		assert.equal(state.field, 'branch');
		state = typed(state, 'feature/x');
		rows = draw(state);
		assert.match(rowWith(rows, 'Branch'), /› Branch +feature\/x/);
		state = press(state, 'tab');
		assert.equal(state.field, 'sandbox', 'the branch field is in the round, before the sandbox');
		state = press(state, 'right', 'right');
		assert.equal(state.sandbox, 'strict');
		assert.match(rowWith(draw(state), 'Sandbox'), /› Sandbox +default +workspace +strict +prefer +off/);
	});

	it('Backspace and Ctrl-U edit the field with the focus; Enter submits, Esc cancels', () => {
		let state = press(initialForm(profiles), 'tab');
		state = typed(state, 'abc');
		state = press(state, 'backspace');
		assert.equal(state.name, 'ab');
		state = press(state, 'ctrl+u');
		assert.equal(state.name, '');
		assert.equal(formKey(state, makeKey('enter')).action, 'submit');
		assert.equal(formKey(state, makeKey('escape')).action, 'cancel');
	});
});

describe('new-agent form: problems explained in place', () => {
	it('an unknown profile, under the profile', () => {
		let state = press(initialForm(profiles), 'ctrl+u');
		assert.match(rowWith(draw(state), 'choose a profile'), /choose a profile \(left\/right\)/);
		state = typed(state, 'nosuch');
		const rows = draw(state);
		const at = rows.findIndex(row => row.includes('Profile'));
		assert.match(rows.slice(at, at + 3).join('\n'), /unknown profile "nosuch" \(known: mine, shell, claude, broken\)/);
	});

	it('a missing program and a profile that does not validate', () => {
		const missing = press(initialForm(profiles), 'right', 'right');
		assert.equal(missing.profile, 'claude');
		assert.match(rowWith(draw(missing), 'not found: install'), /"claude" not found: install it, or set agents\.claude\.command/);
		const broken = press(missing, 'right');
		assert.match(rowWith(draw(broken), 'Too small'), /profiles\.broken\.command: Too small/);
	});

	it('a branch name with a space, under the branch', () => {
		let state = press(initialForm(profiles), 'tab', 'tab', 'right', 'tab');
		state = typed(state, 'my branch');
		assert.match(rowWith(draw(state), 'no spaces'), /a branch name has no spaces/);
	});
});

/** A launcher that records what it was asked and answers as told. */
function fakeLauncher(answers: {branch?: string; start?: string[]} = {}) {
	const calls: {checks: WorktreeRequest[]; starts: NewAgentRequest[]} = {checks: [], starts: []};
	const launcher: AgentLauncher = {
		profileChoices: () => profiles,
		checkBranch: async (_cwd, worktree) => {
			calls.checks.push(worktree);
			return answers.branch;
		},
		startAgent: async request => {
			calls.starts.push(request);
			return answers.start ?? [];
		},
	};
	return {launcher, calls};
}

async function settle(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}

function keyEvent(name: string) {
	return {type: 'key' as const, key: makeKey(name), raw: ''};
}

/** A dialog in /repo over `launcher`, and whether it has closed. */
function openDialog(launcher: ReturnType<typeof fakeLauncher>['launcher']): {dialog: NewAgentDialog; closed: () => boolean} {
	let closed = false;
	const dialog = new NewAgentDialog({
		launcher,
		cwd: '/repo',
		onChange() {},
		onClose() {
			closed = true;
		},
	});
	return {dialog, closed: () => closed};
}

describe('new-agent dialog: submitting', () => {
	it('Enter with a problem left starts nothing and puts the cursor at the field at fault', async () => {
		const {launcher, calls} = fakeLauncher();
		const dialog = new NewAgentDialog({launcher, cwd: '/repo', onChange() {}, onClose() {}});
		dialog.handle(keyEvent('right'));
		dialog.handle(keyEvent('right'));
		dialog.handle(keyEvent('tab'));
		dialog.handle(keyEvent('enter'));
		await settle();
		assert.equal(dialog.state.field, 'profile');
		assert.deepEqual(calls.starts, []);
	});

	it("a clashing branch is shown at the branch field, as git's check said it", async () => {
		const {launcher, calls} = fakeLauncher({branch: 'branch "main" exists already: choose "existing branch" or another name'});
		const {dialog, closed} = openDialog(launcher);
		for (const name of ['tab', 'tab', 'right', 'tab', 'm', 'a', 'i', 'n', 'enter']) dialog.handle(keyEvent(name));
		await settle();
		assert.deepEqual(calls.checks, [{mode: 'new', branch: 'main'}]);
		assert.deepEqual(calls.starts, []);
		assert.equal(closed(), false);
		assert.equal(dialog.state.field, 'branch');
		assert.match(rowWith(draw(dialog.state), 'exists already'), /branch "main" exists already/);
		// Typing in the field takes its message away.
		dialog.handle(keyEvent('x'));
		assert.equal(dialog.state.messages.branch, undefined);
	});

	it('a start that fails says why under the form; one that works closes it with the defaults filled in', async () => {
		const failing = fakeLauncher({start: ['refused by policy (rule): no']});
		const dialog = new NewAgentDialog({launcher: failing.launcher, cwd: '/repo', onChange() {}, onClose() {}});
		dialog.handle(keyEvent('enter'));
		await settle();
		assert.match(rowWith(draw(dialog.state), 'refused'), /refused by policy \(rule\): no/);

		const working = fakeLauncher();
		const {dialog: second, closed} = openDialog(working.launcher);
		for (const name of ['tab', 'tab', 'right', 'tab', 'tab', 'left', 'enter']) second.handle(keyEvent(name));
		await settle();
		assert.deepEqual(working.calls.starts, [{profile: 'mine', name: 'mine', cwd: '/repo', worktree: {mode: 'new', branch: 'mine'}, sandbox: 'off'}]);
		assert.equal(closed(), true);
	});

	it('Esc closes without starting anything', () => {
		const {launcher, calls} = fakeLauncher();
		const {dialog, closed} = openDialog(launcher);
		dialog.handle(keyEvent('escape'));
		assert.equal(closed(), true);
		assert.deepEqual(calls.starts, []);
	});
});
