import assert from 'node:assert/strict';
import {test} from 'node:test';
import {type BurstCase, runBurstCases} from '../helpers/burst-cases.js';

// Issue 8, faults 2 and 4: what a pane writes is untrusted. Bytes the emulator
// cannot parse must not make it write log text over the screen (fault 2), and
// huge counts must not make it loop once per unit while every pane waits (fault 4).

const bytesCases: BurstCase[] = [
	{name: "fault 2: a DEL between letters (printf 'a\\177b\\n')", burst: {parts: [{text: 'a\u007Fb\n'}], rounds: 5, gapMs: 40}},
	{name: 'fault 2: ESC é', burst: {parts: [{text: '\u001Bé'}], rounds: 5, gapMs: 40}},
	{name: 'fault 2: 10,000 DELs', burst: {parts: [{text: 'x'}, {text: '\u007F', times: 10_000}], rounds: 3, gapMs: 40}},
	{name: 'fault 2, the class: ESC before non-ASCII letters of every width', burst: {parts: [{text: '\u001Bà\u001Bß\u001B€\u001B漢\u001B🙂\u001B\u00A0'}], rounds: 5, gapMs: 40}},
	{name: 'fault 2, the class: C1 controls written as UTF-8', burst: {parts: [{text: '\u0084\u0085\u0088\u008D\u0090\u0096\u0098\u009A\u009B\u009C\u009D\u009E\u009F'}], rounds: 5, gapMs: 40}},
	{
		name: 'fault 2, the class: invalid UTF-8 (lone continuations, overlongs, surrogates, truncations)',
		burst: {parts: [{hex: 'fffe80bfc080c1bfe082eda080f4908080f8888080e282'}, {text: 'ok\r\n'}], rounds: 5, gapMs: 40},
	},
	{name: 'fault 2, the class: NUL and every other C0 control', burst: {parts: [{hex: '000102030405060e0f101112131415161718191a1c1d1e1f'}], rounds: 5, gapMs: 40}},
	{name: 'fault 2, the class: ESC followed by controls, DEL and ESC', burst: {parts: [{text: '\u001B\u0000\u001B\u0007\u001B\u007F\u001B\u001B\u001B\u0018\u001B\u001A'}], rounds: 5, gapMs: 40}},
	{
		name: 'fault 2, the class: charset and line-size escapes with bad finals',
		burst: {parts: [{text: '\u001B(\u007F\u001B)\u00E9\u001B#\u007F\u001B %\u0000\u001B(Z\u001B#9\u001B%\u00FF'}], rounds: 5, gapMs: 40},
	},
	{
		name: 'fault 2, the class: CSI, OSC and DCS cut by stray bytes',
		burst: {parts: [{text: '\u001B[1;\u007F2H\u001B[\u00E9m\u001B]0;\u007Ft\u00E9\u0007\u001BP\u007Fq\u001B\\\u001B[?\u0000h'}], rounds: 5, gapMs: 40},
	},
];

test("fault 2: bytes a pane writes that are not valid sequences never reach the user's terminal as log text", async t => {
	await runBurstCases(t, 'bytes', bytesCases, {reset: true});
});

/** What a burst that scrolls or deletes everything leaves: none of its `keep` rows on screen. */
function keepGone(tag: string) {
	return (am: {findRow: (text: string) => number; screenDump: () => string}) => {
		assert.equal(am.findRow(`keep-${tag}`), -1, `the ${tag} rows were scrolled or deleted away:\n${am.screenDump()}`);
	};
}

/** Two rows of text, then the cursor home: a huge scroll, insert or delete at home clears both. */
function atHome(tag: string, sequence: string, times = 1) {
	return {parts: [{text: `\u001B[2J\u001B[Hkeep-${tag}\r\nkeep-${tag}\r\n\u001B[H`}, {text: sequence, times}], rounds: 4, gapMs: 40};
}

const countCases: BurstCase[] = [
	// The cases, with the effect a real terminal gives them.
	{name: 'fault 4: CSI 99999999 S (scroll up)', burst: atHome('S', '\u001B[99999999S'), effect: keepGone('S')},
	{name: 'fault 4: CSI 99999999 T (scroll down)', burst: atHome('T', '\u001B[99999999T'), effect: keepGone('T')},
	{name: 'fault 4: CSI 99999999 L (insert lines)', burst: atHome('L', '\u001B[99999999L'), effect: keepGone('L')},
	{name: 'fault 4: CSI 99999999 M (delete lines)', burst: atHome('M', '\u001B[99999999M'), effect: keepGone('M')},
	{name: 'fault 4: CSI 99999999 Z (back tab)', burst: {parts: [{text: '\u001B[99999999Z'}], rounds: 4, gapMs: 40}},
	{name: 'fault 4: CSI 99999999 I (forward tab)', burst: {parts: [{text: '\u001B[99999999I'}], rounds: 4, gapMs: 40}},
	{name: 'fault 4: x CSI 99999999 b (repeat)', burst: {parts: [{text: 'x\u001B[99999999b'}], rounds: 4, gapMs: 40}},
	{name: 'fault 4: CSI < 2147483647 u (pop kitty flags)', burst: {parts: [{text: '\u001B[>1u\u001B[>3u\u001B[<2147483647u'}], rounds: 4, gapMs: 40}},
	// The class: every count-taking sequence, at 2^31-1 and at the edges.
	{name: 'fault 4, the class: CSI 2147483647 S, T, L, M', burst: atHome('31', '\u001B[2147483647S\u001B[2147483647T\u001B[2147483647L\u001B[2147483647M'), effect: keepGone('31')},
	{name: 'fault 4, the class: CSI 2147483647 Z, I and b', burst: {parts: [{text: 'y\u001B[2147483647b\u001B[2147483647I\u001B[2147483647Z'}], rounds: 4, gapMs: 40}},
	{
		name: 'fault 4, the class: insert, delete and erase characters (@ P X)',
		burst: {parts: [{text: '\u001B[2J\u001B[Hkeep-chars\u001B[H\u001B[99999999P\u001B[99999999@\u001B[2147483647X'}], rounds: 4, gapMs: 40},
		effect: keepGone('chars'),
	},
	{
		name: "fault 4, the class: shift and insert/delete columns (SP @, SP A, ' }, ' ~)",
		burst: {parts: [{text: "\u001B[99999999 @\u001B[99999999 A\u001B[99999999'}\u001B[99999999'~"}], rounds: 4, gapMs: 40},
	},
	{
		name: 'fault 4, the class: cursor moves and positions (A B C D E F G d H f)',
		burst: {
			parts: [
				{
					text: '\u001B[99999999A\u001B[99999999B\u001B[99999999C\u001B[99999999D\u001B[99999999E\u001B[99999999F\u001B[99999999G\u001B[99999999d\u001B[99999999;99999999H\u001B[2147483647;2147483647f',
				},
			],
			rounds: 4,
			gapMs: 40,
		},
	},
	{name: 'fault 4, the class: scroll margins and tab clears with huge values', burst: {parts: [{text: '\u001B[99999999;2147483647r\u001B[0;99999999r\u001B[99999999g\u001B[r'}], rounds: 4, gapMs: 40}},
	{
		name: 'fault 4, the class: kitty flags pushed 10,000 times, then popped with a huge count',
		burst: {parts: [{text: '\u001B[>1u', times: 10_000}, {text: '\u001B[<99999999u\u001B[<u'}], rounds: 4, gapMs: 40},
	},
	{
		name: 'fault 4, the class: counts past 2^32 and past 2^53',
		burst: {parts: [{text: '\u001B[4294967297S\u001B[9007199254740993L\u001B[99999999999999999999999999M\u001B[<99999999999999999999u'}], rounds: 4, gapMs: 40},
	},
	{
		name: 'fault 4, the class: a CSI with 10,000 parameters',
		burst: {parts: [{text: '\u001B['}, {text: '99999999;', times: 10_000}, {text: 'S\u001B['}, {text: '1;', times: 10_000}, {text: 'm'}], rounds: 3, gapMs: 40},
	},
	{
		name: 'fault 4, the class: window operations asking for a huge size',
		burst: {parts: [{text: '\u001B[8;99999999;99999999t\u001B[4;99999999;99999999t\u001B[9999999t\u001B[?99999999h'}], rounds: 4, gapMs: 40},
	},
];

test('fault 4: huge counts from a pane neither freeze agentmux nor lose their effect', async t => {
	await runBurstCases(t, 'counts', countCases);
});
