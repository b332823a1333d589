import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {sgr} from '../../source/panes/cell-style.js';
import {enterFullScreen, leaveFullScreen, mouseModeSequence} from '../../source/terminal/terminal-modes.js';
import {leakedLogText, scanOutput} from '../helpers/output-scanner.js';

// The scanner behind every hostile-input e2e test: it must accept all of
// agentmux's own drawing and flag everything else.

/** What agentmux writes around what Ink drew (multiplexer.inkWrote). */
const ink = (data: string) => `\u001B8\u001B[0m${data}\u001B7`;
/** A compositor frame: synchronized, cursor hidden, cells placed, cursor shown. */
const frame = (body: string) => `\u001B[?2026h\u001B[?25l${body}\u001B[3;5H\u001B[?25h\u001B[?2026l`;
const session = (middle: string) => `${enterFullScreen}${ink('\u001B[?2026h\u001B[?25l')}${middle}${leaveFullScreen}\u001B[?25h`;

const drawing = [
	ink('\r\n\r\n\u001B[7m\u001B[1m agentmux \u001B[22m\u001B[27m [tiled]\u001B[2K\u001B[1A\u001B[2K\u001B[G\u001B[E\u001B[K\u001B[J'),
	frame(`\u001B[2;2H${sgr(1, 0, 0)}bold 漢字 e\u0301\u001B[58X\u001B[58C${sgr(0, 0, 0)}🙂\u001B[3;2H  plain`),
	'\u001B[?25l\u001B[2;2Hone row, not synchronized',
	mouseModeSequence('drag'),
	mouseModeSequence('none'),
	'\u0007\u001B]9;agentmux: claude is waiting for you\u0007\u001B]777;notify;agentmux;agentmux: claude is waiting for you\u0007',
	'\u001B[0m\u001B[H\u001B[2J\u001B7',
	// The focused pane's cursor shape (a bar).
	'\u001B[5 q',
];

describe('scanOutput', () => {
	it("accepts a whole session of agentmux's own drawing", () => {
		const result = scanOutput(session(drawing.join('')));
		assert.deepEqual(result.findings, []);
		assert.equal(result.incompleteTail, '');
	});

	const leaks: Array<[string, string, RegExp]> = [
		['a library log line after a frame', `${frame('\u001B[2;2Hx')}xterm.js: Parsing error:  {\r\n  position: 1,\r\n}\r\n`, /text not placed|line break/],
		['a log line with no line break, after a frame that left the cursor placed', `${frame('\u001B[2;2Hx')}task queue exceeded allotted deadline`, /text not placed/],
		["a pane's OSC 52 clipboard write", '\u001B]52;c;aGVsbG8=\u0007', /OSC 52/],
		["a pane's title", '\u001B]0;pwned\u001B\\', /OSC 0/],
		["a pane's hyperlink", '\u001B]8;;http://x\u0007', /OSC 8/],
		['a cursor shape no terminal has', '\u001B[7 q', /intermediates/],
		['a DCS string', '\u001BP$qm\u001B\\', /DCS/],
		['an APC string', '\u001B_Gf=100;AAAA\u001B\\', /APC/],
		["a scroll-up with a pane's count", '\u001B[99999999S', /parameter over|CSI S/],
		['a cursor position query', '\u001B[6n', /CSI n/],
		['a device attributes query', '\u001B[c', /CSI c/],
		['a DEC mode agentmux never sets', '\u001B[?5h', /DEC private mode/],
		['a cursor position far past any screen', '\u001B[99999;1H', /parameter over/],
		['a C1 control', '\u009B31m', /control character U\+009B/],
		['a raw DEL', '\u001B[2;2Ha\u007Fb', /control character U\+007F/],
		['a reset of the whole terminal', '\u001Bc', /ESC "c"/],
		['a charset switch', '\u001B(0', /ESC "\("/],
		['a kitty flags push of an absurd value', '\u001B[>99u', /private sequence/],
	];
	for (const [what, bytes, reason] of leaks) {
		it(`flags ${what}`, () => {
			const {findings} = scanOutput(session(drawing[1]! + bytes + drawing[0]!));
			assert.ok(findings.length > 0, 'found');
			assert.ok(
				findings.some(finding => reason.test(finding.reason)),
				findings.map(finding => finding.reason).join('; '),
			);
		});
	}

	it('flags text before full screen and a crash report after it', () => {
		const {findings} = scanOutput(`oops${session(drawing[0]!)}agentmux crashed: RangeError\r\n`);
		assert.ok(findings.some(finding => /before agentmux entered full screen/.test(finding.reason)));
		assert.ok(findings.some(finding => /after agentmux left full screen/.test(finding.reason)));
	});

	it('leaves a sequence cut off at the end unjudged', () => {
		const result = scanOutput(`${enterFullScreen}${frame('\u001B[2;2Hx')}\u001B[38;5`);
		assert.deepEqual(result.findings, []);
		assert.equal(result.incompleteTail, '\u001B[38;5');
	});
});

describe('leakedLogText', () => {
	it('finds library logs and stack traces wherever they were drawn', () => {
		assert.ok(leakedLogText(ink('xterm.js: Parsing error')).length > 0);
		assert.equal(leakedLogText('Error: x\n    at f (file:///a.js:1:2)').length, 1);
		assert.deepEqual(leakedLogText(session(drawing.join(''))), []);
	});
});
