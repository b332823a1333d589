import assert from 'node:assert/strict';
import process from 'node:process';
import {test} from 'node:test';
import {resolveProfile} from '../../source/agents/builtin-profiles.js';
import type {PaneState} from '../../source/agents/screen-status.js';
import {AgentMonitor} from '../../source/app/agent-monitor.js';
import type {PaneSpec} from '../../source/config/workspace.js';
import {Session} from '../../source/sessions/session.js';
import {waitFor} from '../unit/helpers/terminal.js';

test('an agent that announces its state with OSC 7501 (as Codex CLI does) is believed at once', async () => {
	// The sequences Codex 0.169 wrote in a live run, ESC \ terminated, with nothing on screen to read.
	const script = `
		const say = state => process.stdout.write('\\x1b]7501;state=' + state + ':app=codex\\x1b\\\\');
		const steps = ['working', 'blocked:app=codex:kind=permission', 'done', 'clear'];
		let index = 0;
		const timer = setInterval(() => { if (index < steps.length) say(steps[index++]); else clearInterval(timer); }, 150);
		setTimeout(() => {}, 5000);`;
	const spec: PaneSpec = {name: 'codex', command: process.execPath, args: ['-e', script], cwd: process.cwd(), env: {}, onExit: 'hold'};
	const session = new Session({id: 1, spec, cols: 80, rows: 24, scrollback: 100, environment: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', TERM: 'xterm-256color'}});
	const states: PaneState[] = [];
	const monitor = new AgentMonitor(session, resolveProfile('codex'), {onState: state => states.push(state)});
	try {
		session.start();
		await waitFor(() => states.length >= 3, 'three reported states', 5000);
		assert.deepEqual(states.slice(0, 3), ['busy', 'waiting', 'idle']);
		await new Promise(resolve => {
			setTimeout(resolve, 400);
		});
		assert.equal(states.length, 3, '"clear" says nothing new');
	} finally {
		monitor.dispose();
		await session.dispose();
	}
});
