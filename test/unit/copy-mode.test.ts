import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {CopyHistory} from '../../source/copy/copy-history.js';
import {CopyMode} from '../../source/copy/copy-mode.js';
import {osc52} from '../../source/copy/osc52.js';
import {searchHistory} from '../../source/copy/search.js';
import {selectionText} from '../../source/copy/selection-text.js';
import {key} from '../../source/keys/key-event.js';
import {createTerminal, write} from './helpers/terminal.js';

/** Lines "line 1" … "line N", each ended by CR LF. */
function numbered(count: number, tag = 'line'): string {
	return Array.from({length: count}, (_, index) => `${tag} ${index + 1}\r\n`).join('');
}

function press(mode: CopyMode, ...names: string[]): void {
	for (const name of names) {
		mode.key(key(name));
	}
}

function type(mode: CopyMode, text: string): void {
	for (const char of text) {
		mode.key(key(char === ' ' ? 'space' : char));
	}
}

describe('copy mode search', () => {
	it('finds matches in the scrollback and on the screen, and ? goes from the end backwards', async () => {
		const terminal = createTerminal(40, 5);
		await write(terminal, `${numbered(30)}needle at the bottom\r\n`);
		const history = new CopyHistory(terminal);
		assert.ok(history.scrollbackLength > 20, 'most of the lines are in the scrollback');
		const mode = new CopyMode(history, 5);
		// "line 1", "line 10".."line 19": eleven matches, oldest first.
		const matches = searchHistory(history, 'line 1');
		assert.equal(matches.length, 11);
		assert.equal(history.line(matches[0]!.start.line)?.translateToString(true), 'line 1');
		type(mode, '?line 1');
		press(mode, 'enter');
		// From the bottom upwards, the first match found is the last one in the history.
		assert.equal(history.line(mode.cursor.line)?.translateToString(true), 'line 19');
		assert.deepEqual(mode.status().matches, {current: 11, count: 11, query: 'line 1'});
		press(mode, 'n');
		assert.equal(history.line(mode.cursor.line)?.translateToString(true), 'line 18');
		press(mode, 'N', 'N');
		assert.equal(history.line(mode.cursor.line)?.translateToString(true), 'line 1', 'N goes the other way and wraps to the top');
		assert.ok(mode.top <= mode.cursor.line && mode.cursor.line < mode.top + 5, 'the view follows the match');
		// Matches are highlighted where they are; the current one differently.
		assert.deepEqual(mode.highlights(mode.cursor.line), [{from: 0, to: 5, kind: 'current'}]);
		history.dispose();
	});

	it('finds a word that a soft wrap cut in two, and is case-insensitive for a lower-case query', async () => {
		const terminal = createTerminal(10, 4);
		await write(terminal, `xxxxxxxHAYSTACK end\r\n`);
		const history = new CopyHistory(terminal);
		const [match] = searchHistory(history, 'haystack');
		assert.ok(match, 'found across the wrap');
		assert.deepEqual([match.start.col, match.end.col], [7, 4]);
		assert.equal(match.end.line, match.start.line + 1);
		assert.equal(searchHistory(history, 'Haystack').length, 0, 'a capital makes it case-sensitive');
		history.dispose();
	});
});

describe('copy mode selection to text', () => {
	it('keeps wide characters whole, trims trailing blanks and joins wrapped rows', async () => {
		const terminal = createTerminal(10, 6);
		// A wide-character line, a line with trailing blanks, then one that wraps over three rows.
		await write(terminal, '漢字 ok   \r\ntrail    \r\nabcdefghij0123456789xyz\r\n');
		const history = new CopyHistory(terminal);
		const first = history.scrollbackLength;
		const all = selectionText(history, {line: first, col: 0}, {line: first + 4, col: 9}, 'char');
		assert.equal(all, '漢字 ok\ntrail\nabcdefghij0123456789xyz');
		// Starting on the right half of 漢 takes 漢 whole; ending on the left half of 字 takes 字 whole.
		assert.equal(selectionText(history, {line: first, col: 1}, {line: first, col: 2}, 'char'), '漢字');
		// Line mode takes whole lines, whichever way the selection ran.
		assert.equal(selectionText(history, {line: first + 3, col: 4}, {line: first + 1, col: 2}, 'line'), 'trail\nabcdefghij0123456789');
		history.dispose();
	});

	it('joins a wrapped row that ends in a blank left by a wide character that did not fit', async () => {
		const terminal = createTerminal(10, 4);
		await write(terminal, 'abcdefghi漢x\r\n');
		const history = new CopyHistory(terminal);
		assert.equal(history.line(1)?.isWrapped, true);
		assert.equal(selectionText(history, {line: 0, col: 0}, {line: 1, col: 9}, 'char'), 'abcdefghi漢x');
		history.dispose();
	});

	it('selects with v and the motion keys, and y gives the text', async () => {
		const terminal = createTerminal(20, 4);
		await write(terminal, 'alpha beta gamma\r\nsecond line\r\n');
		const history = new CopyHistory(terminal);
		const mode = new CopyMode(history, 4);
		press(mode, 'k', 'k', '0', 'w', 'v', 'w');
		press(mode, 'h');
		const result = mode.key(key('y'));
		assert.deepEqual(result, {type: 'copy', text: 'beta'}, 'the blank at its end is trimmed');
		mode.moveTo({line: 0, col: 0});
		press(mode, 'V', 'j');
		assert.deepEqual(mode.key(key('enter')), {type: 'copy', text: 'alpha beta gamma\nsecond line'});
		history.dispose();
	});
});

describe('copy mode holds still', () => {
	it('shows the screen as it was while output goes on, and an index keeps its line when a full scrollback is trimmed', async () => {
		const terminal = createTerminal(20, 4);
		await write(terminal, numbered(150, 'old'));
		// The scrollback (100 lines) is full: from now on every new line trims the oldest one.
		const history = new CopyHistory(terminal);
		const index = history.scrollbackLength - 10;
		const before = history.line(index)?.translateToString(true);
		const screen = [0, 1, 2, 3].map(y => history.line(history.scrollbackLength + y)?.translateToString(true));
		await write(terminal, numbered(40, 'new'));
		assert.equal(history.trimmed, 40);
		assert.equal(history.line(index)?.translateToString(true), before, 'the same line, not one shifted by the trim');
		assert.deepEqual(
			[0, 1, 2, 3].map(y => history.line(history.scrollbackLength + y)?.translateToString(true)),
			screen,
			'the screen rows are held',
		);
		assert.equal(history.line(0), undefined, 'trimmed lines are gone, not replaced');
		const mode = new CopyMode(history, 4);
		press(mode, 'g');
		assert.equal(mode.cursor.line, history.firstKept, 'g goes to the oldest line still kept');
		history.dispose();
	});
});

describe('OSC 52', () => {
	it('encodes UTF-8 as base64, and wraps it for tmux', () => {
		const bare = osc52('漢 x');
		assert.equal(bare, `\u001B]52;c;${Buffer.from('漢 x').toString('base64')}\u0007`);
		// Through tmux's passthrough (allow-passthrough), and bare for tmux's set-clipboard.
		assert.equal(osc52('hi', {tmux: true}), '\u001BPtmux;\u001B\u001B]52;c;aGk=\u0007\u001B\\\u001B]52;c;aGk=\u0007');
	});
});
