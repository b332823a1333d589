import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {startsSession} from '../../source/startup/starts-session.js';

describe('startsSession: which command lines start the server early', () => {
	it('is true for the commands that create or attach a session', () => {
		for (const args of [[], ['-s', 'work'], ['--workspace', 'ws.json'], ['--agent', 'claude', '--agent', 'shell'], ['-l', 'columns', '-s', 'ls']]) {
			assert.equal(startsSession(args), true, args.join(' '));
		}
	});

	it('is false for subcommands and for flags that only print', () => {
		for (const args of [['ls'], ['attach', 'main'], ['kill-server'], ['policy', 'check', '--', 'rm -rf /'], ['sandbox', 'check'], ['worktrees'], ['--help'], ['-s', 'x', '--version']]) {
			assert.equal(startsSession(args), false, args.join(' '));
		}
	});
});
