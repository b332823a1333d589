import './helpers/force-color.js';
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {Box} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {PaneSet} from '../../source/app/pane-set.js';
import {settingsSchema} from '../../source/config/settings-schema.js';
import {ConfirmDialog} from '../../source/panes/confirm-dialog.js';

// eslint-disable-next-line no-control-regex
const plain = (text: string | undefined) => (text ?? '').replaceAll(/\u001B\[[0-9;]*m/g, '');

afterEach(() => {
	cleanup();
});

describe('a question with choices (keep or remove a worktree)', () => {
	it('shows each key with what it does, cancel last (Esc, Enter), instead of y/N', () => {
		const choices = [
			{key: 'k', label: 'close, keep the worktree'},
			{key: 'r', label: 'close, remove it and its branch'},
			{key: 'n', label: 'cancel'},
		];
		const {lastFrame} = render(
			<Box width={100} height={20}>
				<ConfirmDialog title="Close pane 2 (b)?" detail={'worktree /tmp/x\nremoving it loses:\n  1 uncommitted file: f.txt'} choices={choices} cols={100} rows={20} />
			</Box>,
		);
		const text = plain(lastFrame());
		assert.ok(text.includes('k close, keep the worktree   r close, remove it and its branch   N cancel (Esc, Enter)'), text);
		assert.ok(text.includes('1 uncommitted file: f.txt'), text);
		assert.ok(!text.includes('y yes'), text);
	});

	it('resolves the key picked; any other key gives the last (cancel); y/N questions are unchanged', async () => {
		const panes = new PaneSet({settings: settingsSchema.parse({}), layout: 'tiled'});
		const choices = [
			{key: 'k', label: 'keep'},
			{key: 'r', label: 'remove'},
			{key: 'n', label: 'cancel'},
		];
		const first = panes.choose('Close?', 'detail', choices);
		assert.deepEqual(
			panes.confirmation?.choices?.map(choice => choice.key),
			['k', 'r', 'n'],
		);
		panes.answerConfirm('r');
		assert.equal(await first, 'r');
		const second = panes.choose('Close?', 'detail', choices);
		panes.answerConfirm('y');
		assert.equal(await second, 'n', 'a key that is not offered cancels');
		const yesNo = panes.confirm('Sure?', 'detail');
		assert.equal(panes.confirmation?.choices, undefined);
		panes.answerConfirm(true);
		assert.equal(await yesNo, true);
	});
});
