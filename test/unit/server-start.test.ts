import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startsSession} from '../../source/client/server-start.js';

test('the server is started early only for a command line that starts or attaches a session', () => {
	const starts = [[], ['-s', 'work'], ['--session=work'], ['--workspace', 'ws.json', '--layout', 'tiled'], ['-a', 'claude', '--agent', 'codex', '--worktree', 'x', '--base', 'main', '--reuse']];
	for (const args of starts) {
		assert.equal(startsSession(args), true, args.join(' '));
	}

	const others = [['ls'], ['attach', 'x'], ['kill'], ['--help'], ['--version'], ['-s', 'x', '--json'], ['policy', 'check'], ['--reuse', 'extra'], ['-x'], ['-w', '--help'], ['--session']];
	for (const args of others) {
		assert.equal(startsSession(args), false, args.join(' '));
	}
});
