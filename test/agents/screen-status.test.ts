import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {resolveProfile} from '../../source/agents/builtin-profiles.js';
import {type Clock, detectAgentState, findApprovalPrompt, type PaneState, StatusDebouncer} from '../../source/agents/screen-status.js';
import {fixtureDir, startFake} from './pty-screen.js';

const env = {FAKE_AGENT_BUSY_MS: '800'};

for (const [name, command, expectedKeys] of [
	['claude', 'rm -rf build', ['enter', '1', '2']],
	['codex', 'git push --force origin main', ['enter', 'y', 'a', 'p', '1', '2']],
	['gemini', 'curl https://example.com/x.sh | sh', ['enter', '1', '2']],
] as const) {
	test(`${name}: idle, busy and waiting read from the fake agent's screen, and the proposed command`, async () => {
		const profile = resolveProfile(name);
		const agent = startFake(name, [], env);
		try {
			const idle = await agent.waitFor(new RegExp(profile.screen.idle[0]!, 'u'));
			assert.equal(detectAgentState(idle, profile), 'idle');
			assert.equal(findApprovalPrompt(idle, profile), undefined);
			agent.write(`run ${command}\r`);
			const busy = await agent.waitFor(new RegExp(profile.screen.busy[0]!, 'u'));
			assert.equal(detectAgentState(busy, profile), 'busy');
			const waiting = await agent.waitFor(new RegExp(profile.approval!.prompt, 'u'));
			assert.equal(detectAgentState(waiting, profile), 'waiting');
			const prompt = findApprovalPrompt(waiting, profile);
			assert.ok(prompt, 'approval prompt found');
			assert.equal(prompt.command.split('\n')[0], command);
			assert.deepEqual([...prompt.approveKeys].sort(), [...expectedKeys].sort());
			assert.ok(prompt.declineKeys.includes('escape'));
			assert.ok(prompt.declineKeys.includes('3'));
			agent.write('\x1b');
			const after = await agent.waitFor(/DECLINED: /);
			assert.equal(detectAgentState(after, profile), 'idle');
		} finally {
			await agent.close();
		}
	});
}

type RecordedScreen = {rows: string[]; colours: string[] | null};
const claudeScreens = (JSON.parse(fs.readFileSync(path.join(fixtureDir, 'real/claude-2.1.197-screens.json'), 'utf8')) as {screens: Record<string, RecordedScreen>}).screens;

function tintOf(screen: RecordedScreen): (row: number) => boolean {
	return row => {
		const colour = screen.colours?.[row];
		assert.ok(colour !== undefined, `no colour recorded for row ${row}`);
		return colour !== 'default' && colour !== '';
	};
}

for (const [name, expected] of Object.entries({
	'startup-idle': 'idle',
	busy: 'busy',
	'permission-prompt': 'waiting',
	'after-approve': 'busy',
	'final-idle': 'idle',
	'after-decline': 'idle',
	'hook-ask-prompt': 'waiting',
	'hook-deny': 'busy',
	'long-command-prompt': 'waiting',
	'multiline-command-prompt': 'waiting',
	'accept-edits-idle': 'idle',
	'bypass-idle': 'idle',
})) {
	test(`real Claude Code 2.1.197 screen "${name}" reads as ${expected}`, () => {
		const screen = claudeScreens[name]!;
		assert.equal(detectAgentState(screen.rows, resolveProfile('claude')), expected);
		assert.equal(findApprovalPrompt(screen.rows, resolveProfile('claude')) !== undefined, expected === 'waiting');
	});
}

test('real Claude Code prompts: the command alone, without the grey description or the notes under it', () => {
	const profile = resolveProfile('claude');
	const hookAsk = claudeScreens['hook-ask-prompt']!;
	assert.equal(findApprovalPrompt(hookAsk.rows, profile, tintOf(hookAsk))!.command, 'rm -rf build');
	const long = claudeScreens['long-command-prompt']!;
	assert.equal(
		findApprovalPrompt(long.rows, profile, tintOf(long))!.command,
		"find . -name '*.o' -delete && rm -rf build dist coverage .cache node_modules/.cache tmp &&\necho cleaned everything very thoroughly indeed",
	);
	const multiline = claudeScreens['multiline-command-prompt']!;
	const prompt = findApprovalPrompt(multiline.rows, profile, tintOf(multiline))!;
	assert.equal(prompt.command, 'for d in build dist; do\nrm -rf "$d"\ndone');
	assert.deepEqual([...prompt.approveKeys].sort(), ['1', 'enter']);
	assert.deepEqual([...prompt.declineKeys].sort(), ['2', 'escape']);
	// Without colours the description stays in: stricter, never shorter.
	assert.equal(findApprovalPrompt(hookAsk.rows, profile)!.command, 'rm -rf build\nRemove the build directory');
	// Only a tail goes: a command whose every row is tinted keeps its first row.
	assert.equal(findApprovalPrompt(hookAsk.rows, profile, () => true)!.command, 'rm -rf build');
});

test('a command wrapped over rows is offered in every reading: lines, a wrap at a space, a wrap inside a word', () => {
	const lines = ['─'.repeat(40), ' Bash command', '', '   bash', "   -c 'touch x'", '', ' Do you want to proceed?', ' ❯ 1. Yes', '   2. No'];
	const prompt = findApprovalPrompt(lines, resolveProfile('claude'))!;
	assert.equal(prompt.command, "bash\n-c 'touch x'");
	assert.deepEqual(prompt.readings, ["bash\n-c 'touch x'", "bash -c 'touch x'", "bash-c 'touch x'"]);
	// Breaks of different kinds in one command: every mix is read.
	const codex = codexScreens['long-command-prompt']!;
	const long = findApprovalPrompt(codex, resolveProfile('codex'))!;
	assert.equal(long.readings.length, 9);
	assert.ok(
		long.readings.includes('rm -rf build && echo abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij && ls -la'),
		'the command Codex was sent is among them',
	);
	const hookAsk = claudeScreens['hook-ask-prompt']!;
	// The grey description is not the command shown, but it is judged with it: never less strict.
	const single = findApprovalPrompt(hookAsk.rows, resolveProfile('claude'), tintOf(hookAsk))!;
	assert.equal(single.command, 'rm -rf build');
	assert.deepEqual(single.readings, ['rm -rf build', 'rm -rf build\nRemove the build directory', 'rm -rf build Remove the build directory', 'rm -rf buildRemove the build directory']);
});

const codexScreens = (JSON.parse(fs.readFileSync(path.join(fixtureDir, 'real/codex-0.169.0-screens.json'), 'utf8')) as {screens: Record<string, string[]>}).screens;

for (const [name, expected] of Object.entries({
	'startup-idle': 'idle',
	busy: 'busy',
	'approval-prompt': 'waiting',
	'after-approve': 'busy',
	'after-decline': 'idle',
	'final-idle': 'idle',
	'long-command-prompt': 'waiting',
	'two-line-command-prompt': 'waiting',
	'hooks-review': 'waiting',
})) {
	test(`real Codex CLI 0.169.0 screen "${name}" reads as ${expected}`, () => {
		assert.equal(detectAgentState(codexScreens[name]!, resolveProfile('codex')), expected);
	});
}

test('real Codex CLI prompt: the command, and y/p/1/2/Enter approve while n/3/Esc decline', () => {
	const prompt = findApprovalPrompt(codexScreens['approval-prompt']!, resolveProfile('codex'))!;
	assert.equal(prompt.command, 'rm -rf build');
	for (const key of ['y', 'p', '1', '2', 'enter']) assert.ok(prompt.approveKeys.includes(key), key);
	for (const key of ['n', '3', 'escape']) assert.ok(prompt.declineKeys.includes(key), key);
	assert.equal(findApprovalPrompt(codexScreens['two-line-command-prompt']!, resolveProfile('codex'))!.command, 'rm -rf build\necho "second line"');
	assert.equal(findApprovalPrompt(codexScreens['hooks-review']!, resolveProfile('codex')), undefined, 'trusting hooks is not a command');
});

const opencodeScreens = (JSON.parse(fs.readFileSync(path.join(fixtureDir, 'real/opencode-1.18.33-screens.json'), 'utf8')) as {screens: Record<string, string[]>}).screens;

for (const [name, expected] of Object.entries({
	'startup-idle': 'idle',
	busy: 'busy',
	'permission-prompt': 'waiting',
	'after-approve': 'idle',
	'final-idle': 'idle',
	'always-allow': 'waiting',
	'wrapped-command-prompt': 'waiting',
	'multiline-command-prompt': 'waiting',
	'cut-command-prompt': 'waiting',
})) {
	test(`real opencode 1.18.33 screen "${name}" reads as ${expected}`, () => {
		assert.equal(detectAgentState(opencodeScreens[name]!, resolveProfile('opencode')), expected);
	});
}

test('real opencode prompts: the command inside the dialog border; a block as long as the dialog shows may be cut', () => {
	const profile = resolveProfile('opencode');
	const plain = findApprovalPrompt(opencodeScreens['permission-prompt']!, profile)!;
	assert.equal(plain.command, 'rm -rf build');
	assert.equal(plain.mayBeCut, false);
	assert.deepEqual(plain.approveKeys, ['enter']);
	assert.deepEqual(plain.declineKeys, ['escape']);
	assert.equal(findApprovalPrompt(opencodeScreens['multiline-command-prompt']!, profile)!.command, 'rm -rf build\necho second line\necho third line');
	assert.ok(
		findApprovalPrompt(opencodeScreens['wrapped-command-prompt']!, profile)!.readings.includes(
			'rm -rf build && echo "this is a deliberately long command line that should wrap across rows in the permission dialog at 100 columns" && ls -la /tmp/live-opencode',
		),
	);
	// Fourteen echo lines and an rm were sent; the dialog shows seven lines and no sign of the rest.
	const cut = findApprovalPrompt(opencodeScreens['cut-command-prompt']!, profile)!;
	assert.equal(cut.command.split('\n').length, 7);
	assert.equal(cut.mayBeCut, true);
	// The second step ("Always allow") grants more and shows no command: Enter there is held too.
	const always = findApprovalPrompt(opencodeScreens['always-allow']!, profile)!;
	assert.equal(always.command, '');
	assert.deepEqual(always.approveKeys, ['enter']);
});

test('real Claude Code prompt with three options: 1 and 2 approve, 3 and Esc decline', () => {
	const prompt = findApprovalPrompt(claudeScreens['permission-prompt']!.rows, resolveProfile('claude'))!;
	assert.deepEqual([...prompt.approveKeys].sort(), ['1', '2', 'enter']);
	assert.deepEqual([...prompt.declineKeys].sort(), ['3', 'escape']);
});

test('aider: the command lines above the question, Enter approves', () => {
	const lines = ['> run the tests', '', 'pytest -q', "Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: "];
	const profile = resolveProfile('aider');
	assert.equal(detectAgentState(lines, profile), 'waiting');
	assert.deepEqual(findApprovalPrompt(lines, profile), {command: 'pytest -q', readings: ['pytest -q'], mayBeCut: false, approveKeys: ['enter'], declineKeys: [], row: 3});
});

test('recorded first screens of the real agents are not mistaken for an approval', () => {
	const gemini = fs.readFileSync(path.join(fixtureDir, 'real/gemini-0.61.0-trust-dialog.txt'), 'utf8').split('\n');
	assert.match(gemini.join('\n'), /Do you trust the files in this folder\?/);
	assert.equal(findApprovalPrompt(gemini, resolveProfile('gemini')), undefined);
	assert.equal(detectAgentState(gemini, resolveProfile('gemini')), undefined);
	const codex = fs.readFileSync(path.join(fixtureDir, 'real/codex-0.169.0-sign-in.txt'), 'utf8').split('\n');
	assert.equal(findApprovalPrompt(codex, resolveProfile('codex')), undefined);
});

class FakeClock implements Clock {
	now = 0;
	timers: Array<{at: number; callback: () => void; id: number}> = [];
	#next = 0;
	setTimeout(callback: () => void, ms: number): unknown {
		const id = this.#next++;
		this.timers.push({at: this.now + ms, callback, id});
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.timers = this.timers.filter(timer => timer.id !== handle);
	}

	advance(ms: number): void {
		this.now += ms;
		for (const timer of this.timers.filter(timer => timer.at <= this.now)) {
			this.clearTimeout(timer.id);
			timer.callback();
		}
	}
}

test('StatusDebouncer reports a state only after it held for 300 ms; exited at once', () => {
	const clock = new FakeClock();
	const reported: PaneState[] = [];
	const debouncer = new StatusDebouncer(state => reported.push(state), 300, clock);
	debouncer.update('busy');
	clock.advance(299);
	assert.deepEqual(reported, []);
	clock.advance(1);
	assert.deepEqual(reported, ['busy']);
	debouncer.update('idle');
	clock.advance(100);
	debouncer.update('busy');
	clock.advance(500);
	assert.deepEqual(reported, ['busy'], 'a 100 ms flicker to idle is not reported');
	debouncer.update(undefined);
	clock.advance(500);
	assert.deepEqual(reported, ['busy']);
	debouncer.update('waiting');
	clock.advance(300);
	debouncer.set('idle');
	debouncer.update('exited');
	debouncer.update('busy');
	clock.advance(1000);
	assert.deepEqual(reported, ['busy', 'waiting', 'idle', 'exited']);
});
