import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {StringSequenceCap, stringSequenceLimit} from '../../source/sessions/string-sequence-cap.js';
import {createTerminal, rowText, write} from './helpers/terminal.js';

const CAN = '\u0018';

/** Filters `chunks` one by one through one cap, as a pane's output arrives. */
function filterAll(cap: StringSequenceCap, chunks: string[]): string {
	return chunks.map(chunk => cap.filter(chunk)).join('');
}

/** `text` cut into pieces of `size` characters. */
function split(text: string, size: number): string[] {
	const pieces: string[] = [];
	for (let index = 0; index < text.length; index += size) {
		pieces.push(text.slice(index, index + size));
	}

	return pieces;
}

const introducers: Array<[string, string]> = [
	['OSC', '\u001B]'],
	['DCS', '\u001BP'],
	['APC', '\u001B_'],
	['PM', '\u001B^'],
	['SOS', '\u001BX'],
	['8-bit OSC', '\u009D'],
	['8-bit DCS', '\u0090'],
	['8-bit APC', '\u009F'],
];

describe('StringSequenceCap', () => {
	it('passes output with short string sequences through untouched (the same string)', () => {
		const cap = new StringSequenceCap(100);
		const text = 'plain \u001B[31mred\u001B[0m \u001B]0;title\u0007 \u001BP1$r0m\u001B\\ \u001B_apc\u001B\\ é 中 \u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\';
		assert.equal(cap.filter(text), text);
		assert.equal(cap.dropped, 0);
	});

	for (const [name, introducer] of introducers) {
		it(`${name}: a payload over the limit is cancelled with CAN and the rest of it dropped`, () => {
			const cap = new StringSequenceCap(10);
			const output = cap.filter(`a${introducer}${'x'.repeat(50)}\u001B\\b`);
			assert.equal(output, `a${introducer}${'x'.repeat(10)}${CAN}\u001B\\b`);
			assert.equal(cap.dropped, 1);
			// A payload at the limit passes whole.
			assert.equal(cap.filter(`${introducer}${'y'.repeat(10)}\u001B\\`), `${introducer}${'y'.repeat(10)}\u001B\\`);
		});
	}

	it('each terminator ends the dropping, and the terminator of a cancelled sequence is dropped with it', () => {
		const cases: Array<[string, string]> = [
			['\u0007', ''], // BEL ends an OSC; ringing it after the cancel would be wrong
			['\u009C', ''], // 8-bit ST
			['\u0018', ''], // CAN
			['\u001A', ''], // SUB
			['\u001B\\', '\u001B\\'], // ESC \: the ESC goes on, xterm.js reads ESC \ as a lone ST
			['\u001B[1m', '\u001B[1m'], // ESC starts the next sequence
			['\u009B1m', '\u009B1m'], // so does an 8-bit CSI
		];
		for (const [terminator, kept] of cases) {
			const cap = new StringSequenceCap(4);
			assert.equal(cap.filter(`\u001B]0;abcdefgh${terminator}after`), `\u001B]0;ab${CAN}${kept}after`, JSON.stringify(terminator));
		}
	});

	it('BEL ends an OSC but not a DCS or an APC', () => {
		const cap = new StringSequenceCap(8);
		assert.equal(cap.filter('\u001B]0;abc\u0007\u001B]0;def\u0007'), '\u001B]0;abc\u0007\u001B]0;def\u0007');
		// In a DCS the BELs are payload and count.
		assert.equal(cap.filter('\u001BPabc\u0007\u0007\u0007\u0007\u0007\u0007\u001B\\z'), `\u001BPabc\u0007\u0007\u0007\u0007\u0007${CAN}\u001B\\z`);
		assert.equal(cap.filter('\u001B_abc\u0007\u0007\u0007\u0007\u0007\u0007\u0007\u001B\\z'), `\u001B_abc\u0007\u0007\u0007\u0007\u0007${CAN}\u001B\\z`);
	});

	it('C0 controls between ESC and the introducer do not hide it (xterm.js runs them and stays in the escape)', () => {
		const cap = new StringSequenceCap(4);
		assert.equal(cap.filter('\u001B\n]0;abcdefgh\u0007!'), `\u001B\n]0;ab${CAN}!`);
		// An intermediate byte makes it another sequence: ESC SP ] is not an OSC.
		assert.equal(cap.filter('\u001B ]0;abcdefgh\u0007!'), '\u001B ]0;abcdefgh\u0007!');
	});

	it('the state carries across chunks: any split gives the same output as one piece', () => {
		const text = `ab\u001B]52;c;${'Q'.repeat(300)}\u0007cd\u001BP${'D'.repeat(40)}\u001B\\ef\u009D2;${'T'.repeat(500)}\u009Cgh\u001B_${'A'.repeat(100)}\u001B\\ij`;
		const whole = new StringSequenceCap(64).filter(text);
		assert.equal(whole.includes('Q'.repeat(65)), false);
		assert.equal(whole.includes('T'.repeat(65)), false);
		assert.ok(whole.includes('D'.repeat(40)), 'a DCS under the limit passes');
		for (const size of [1, 2, 3, 7, 64, 65, 1000]) {
			assert.equal(filterAll(new StringSequenceCap(64), split(text, size)), whole, `pieces of ${size}`);
		}
	});

	it('random mixes of introducers and terminators: every split agrees with the whole, and no payload passes the limit', () => {
		const alphabet = ['\u001B', ']', 'P', '_', 'X', '^', '[', 'a', 'b', '\u0007', '\u009C', '\u009D', '\u0090', '\u009F', '\u0018', '\u001A', '\\', '\n', 'é', '中'];
		let seed = 12_345;
		const random = (below: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed % below;
		};

		for (let round = 0; round < 200; round++) {
			let text = '';
			for (let index = 0; index < 400; index++) {
				// Runs of plain text make long payloads likely.
				text += random(4) === 0 ? alphabet[random(alphabet.length)] : 'x'.repeat(random(6));
			}

			const whole = new StringSequenceCap(8).filter(text);
			const cap = new StringSequenceCap(8);
			const pieces: string[] = [];
			for (let index = 0; index < text.length; ) {
				const size = 1 + random(20);
				pieces.push(text.slice(index, index + size));
				index += size;
			}

			assert.equal(filterAll(cap, pieces), whole, `round ${round}`);
			// Replayed through xterm.js's rules, no string payload in the output is longer than the limit.
			assert.equal(/(\u001B[\]P_X^]|[\u0090\u009D\u009F])[^\u0007\u0018\u001A\u001B\u0080-\u009F]{9}/.test(whole), false, `round ${round}: ${JSON.stringify(whole)}`);
		}
	});

	it('with xterm.js: an OSC title over 1 MB is dropped whole, one under it is kept, and the text after both is drawn', async () => {
		for (const [length, kept] of [
			[stringSequenceLimit + 1000, false],
			[stringSequenceLimit - 100, true],
			[11 * 1024 * 1024, false],
		] as const) {
			const terminal = createTerminal(40, 5);
			let title = '';
			terminal.onTitleChange(value => {
				title = value;
			});
			const cap = new StringSequenceCap();
			const payload = 't'.repeat(length);
			for (const piece of split(`\u001B]2;${payload}\u0007after ${length}`, 32 * 1024)) {
				await write(terminal, cap.filter(piece));
			}

			assert.equal(title.length, kept ? length : 0, `a title of ${length}`);
			assert.equal(rowText(terminal, 0), `after ${length}`);
			assert.equal(cap.dropped, kept ? 0 : 1);
			terminal.dispose();
		}
	});

	it('with xterm.js: a cancelled DCS answers nothing and leaves the screen as it was', async () => {
		const terminal = createTerminal(40, 5);
		const replies: string[] = [];
		terminal.onData(data => replies.push(data));
		const cap = new StringSequenceCap(1000);
		// DECRQSS for SGR with a long tail: answered when whole, dropped when over the limit.
		await write(terminal, cap.filter('\u001BP$qm\u001B\\'));
		assert.equal(replies.length, 1);
		await write(terminal, cap.filter(`\u001BP$qm${'m'.repeat(5000)}\u001B\\ok`));
		assert.equal(replies.length, 1);
		assert.equal(rowText(terminal, 0), 'ok');
		terminal.dispose();
	});
});
