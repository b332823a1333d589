import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {resolveProfile} from '../../source/agents/builtin-profiles.js';
import {lastMeaningfulLine} from '../../source/app/overview/last-line.js';
import {formatDuration, formatWorktree} from '../../source/app/overview/overview-rows.js';

describe("the overview's last line", () => {
	it('skips blank rows, borders, bare prompts and empty input boxes', () => {
		const screen = ['$ make test', 'ok 12 tests passed', '$ ', '', '╭──────────╮', '│ >        │', '╰──────────╯', '   '];
		assert.equal(lastMeaningfulLine(screen), 'ok 12 tests passed');
	});

	it("skips the agent's footer hints (its idle patterns) and folds the decoration around text", () => {
		const claude = resolveProfile('claude');
		const screen = ['⏺ Edited source/app.ts   (3 lines)', '╭────╮', '│ >  │', '╰────╯', '  ? for shortcuts'];
		assert.equal(lastMeaningfulLine(screen, claude.screen.idle), 'Edited source/app.ts (3 lines)');
	});

	it('is empty for a screen with nothing to say, and survives a bad pattern', () => {
		assert.equal(lastMeaningfulLine(['', '$ ', '──'], ['(unclosed']), '');
	});
});

describe('overview formatting', () => {
	it('ages in s, m, h, d', () => {
		assert.deepEqual(
			[0, 59_999, 60_000, 3_599_999, 3_600_000, 47 * 3_600_000, 49 * 3_600_000].map(ms => formatDuration(ms)),
			['0s', '59s', '1m', '59m', '1h', '47h', '2d'],
		);
	});

	it('worktree: the branch, then commits ahead and files changed when there are any', () => {
		assert.equal(formatWorktree({branch: 'x', path: '/x', dirty: 0, ahead: 0}), 'x');
		assert.equal(formatWorktree({branch: 'x', path: '/x', dirty: 4, ahead: 1}), 'x +1 ~4');
		assert.equal(formatWorktree(undefined), '');
	});
});
