import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {resolveProfile} from '../../source/agents/builtin-profiles.js';
import {detectAgentState, findApprovalPrompt, StatusDebouncer, type Clock, type PaneState} from '../../source/agents/screen-status.js';
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

test('claude: the description row under the command is returned with it (stricter, never shorter)', () => {
	const lines = ['─'.repeat(40), ' Bash command', '', '   npm test', '   Run the tests', '', ' Do you want to proceed?', ' ❯ 1. Yes', '   2. No'];
	const prompt = findApprovalPrompt(lines, resolveProfile('claude'))!;
	assert.equal(prompt.command, 'npm test\nRun the tests');
	assert.deepEqual(prompt.approveKeys.sort(), ['1', 'enter']);
	assert.deepEqual(prompt.declineKeys.sort(), ['2', 'escape']);
});

test('aider: the command lines above the question, Enter approves', () => {
	const lines = ['> run the tests', '', 'pytest -q', 'Run shell command? (Y)es/(N)o/(D)on\'t ask again [Yes]: '];
	const profile = resolveProfile('aider');
	assert.equal(detectAgentState(lines, profile), 'waiting');
	assert.deepEqual(findApprovalPrompt(lines, profile), {command: 'pytest -q', approveKeys: ['enter'], declineKeys: [], row: 3});
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
