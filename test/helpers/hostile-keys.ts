import type {SeededRandom} from './seeded-random.js';

// What can arrive on agentmux's stdin: keys in every encoding a terminal uses,
// with numbers nobody checked, mouse reports, focus events, pastes cut short,
// and plain garbage. The prefix key is left out (in every encoding), so a run
// cannot quit agentmux or close its panes on purpose: anything it does is a fault.

const extremeNumbers = ['0', '1', '-1', '', '27', '127', '55296', '57343', '1114111', '1114112', '65535', '99999999', '2147483647', '4294967296', '99999999999999999999'];

function number(random: SeededRandom): string {
	return random.chance(0.5) ? random.pick(extremeNumbers) : String(random.int(random.pick([10, 128, 70_000])));
}

function printable(random: SeededRandom, length: number): string {
	let text = '';
	for (let index = 0; index < length; index++) {
		text += random.chance(0.1) ? random.pick(['é', '漢', '🙂', 'ß', '€', 'ｱ']) : String.fromCodePoint(random.between(0x20, 0x7e));
	}

	return text;
}

function keySequence(random: SeededRandom): string {
	return random.weighted<() => string>([
		// Kitty keyboard protocol: code[:shifted[:base]] ; modifiers[:event] ; text
		[
			6,
			() =>
				`\u001B[${number(random)}${random.chance(0.3) ? `:${number(random)}` : ''}${random.chance(0.6) ? `;${number(random)}${random.chance(0.3) ? `:${number(random)}` : ''}` : ''}${random.chance(0.2) ? `;${number(random)}:${number(random)}` : ''}u`,
		],
		[2, () => `\u001B[${random.pick(['', '?', '>', '<', '='])}${number(random)}u`],
		// xterm modifyOtherKeys: CSI 27 ; modifiers ; code ~
		[4, () => `\u001B[27;${number(random)};${number(random)}~`],
		[3, () => `\u001B[${number(random)}${random.chance(0.5) ? `;${number(random)}` : ''}~`],
		[3, () => `\u001B[${random.chance(0.5) ? `1;${number(random)}` : number(random)}${random.pick([...'ABCDEFHPQRS'])}`],
		[2, () => `\u001BO${random.pick([...'ABCDFHPQRSabcdjklmnopqrstuvwxy', '\u0001', '\u007F'])}`],
		// SGR mouse, X10 mouse (raw bytes past the screen), urxvt mouse.
		[3, () => `\u001B[<${number(random)};${number(random)};${number(random)}${random.pick(['M', 'm'])}`],
		[1, () => `\u001B[M${String.fromCodePoint(random.int(256))}${String.fromCodePoint(random.int(256))}${String.fromCodePoint(random.int(256))}`],
		[1, () => `\u001B[${number(random)};${number(random)};${number(random)}M`],
		[2, () => random.pick(['\u001B[I', '\u001B[O'])],
		// Alt with a key, and ESC at the end of a read.
		[3, () => `\u001B${random.chance(0.8) ? printable(random, 1) : String.fromCodePoint(random.int(0x20))}`],
		[1, () => '\u001B'],
		// CSI with many or odd parameters and finals.
		[2, () => `\u001B[${Array.from({length: random.between(2, 40)}, () => number(random)).join(random.pick([';', ':']))}${String.fromCodePoint(random.between(0x40, 0x7e))}`],
		// Terminal answers arriving as if typed: DA, DSR, DECRQM, OSC colours.
		[1, () => random.pick(['\u001B[?62;22c', '\u001B[12;40R', '\u001B[?2026;2$y', '\u001B]11;rgb:0000/0000/0000\u001B\\', '\u001BP1$r0m\u001B\\'])],
	])();
}

function paste(random: SeededRandom): string {
	const body = random.weighted<() => string>([
		[4, () => printable(random, random.int(200))],
		[2, () => Array.from({length: random.between(1, 50)}, () => `# ${printable(random, random.int(60))}`).join(random.pick(['\n', '\r', '\r\n']))],
		[1, () => '\u001B[200~nested'],
		[1, () => keySequence(random)],
	])();
	// Sometimes never ended, sometimes ended twice, sometimes only an end.
	return random.weighted([
		[6, `\u001B[200~${body}\u001B[201~`],
		[1, `\u001B[200~${body}`],
		[1, `${body}\u001B[201~`],
		[1, `\u001B[200~${body}\u001B[201~\u001B[201~`],
	] as const);
}

/** Never the prefix: Ctrl-\ as a byte, or as a kitty or modifyOtherKeys code (92 is '\\', 28 the control byte). */
function withoutPrefix(input: string): string {
	return input.replaceAll('\u001C', '').replaceAll(/(?<![\d])(?:92|28)(?![\d])/g, '93');
}

/** About `size` characters of hostile keyboard input. */
export function hostileKeyboardInput(random: SeededRandom, size: number): string {
	let input = '';
	while (input.length < size) {
		input += random.weighted<() => string>([
			[8, () => printable(random, random.int(40))],
			[3, () => String.fromCodePoint(random.pick([0x00, 0x01, 0x03, 0x04, 0x08, 0x09, 0x0d, 0x0a, 0x11, 0x13, 0x15, 0x17, 0x1a, 0x1b, 0x1d, 0x1e, 0x1f, 0x7f]))],
			[14, () => keySequence(random)],
			[2, () => paste(random)],
			// A sequence cut at the end of a read.
			[2, () => `\u001B${random.pick(['[', '[1;', '[27;5;', '[<0;', 'O', '[200', '[M'])}`],
		])();
	}

	return withoutPrefix(input);
}
