import type {SeededRandom} from './seeded-random.js';

// What a hostile or broken program writes to its terminal: random bytes, UTF-8
// fragments, and well- and ill-formed CSI, OSC, DCS and friends with extreme
// parameters. Everything a pane writes goes through agentmux's emulator.

/** Numbers that break code which trusts them: zero, edges of integer types, absurd counts. */
const extremeNumbers = ['0', '1', '255', '65535', '65536', '99999999', '2147483647', '2147483648', '4294967295', '4294967296', '9007199254740993', '99999999999999999999999', '-1', ''];
const privateModes = [1, 3, 5, 6, 7, 12, 25, 47, 66, 69, 1000, 1002, 1003, 1004, 1005, 1006, 1015, 1016, 1047, 1048, 1049, 2004, 2026, 2027, 2031, 9001];
const oscNumbers = [0, 1, 2, 4, 7, 8, 9, 10, 11, 12, 52, 104, 110, 111, 133, 633, 777, 1337, 5113, 7501, 99999999];

function number(random: SeededRandom): string {
	return random.chance(0.4) ? random.pick(extremeNumbers) : String(random.int(random.pick([10, 100, 1000])));
}

function parameters(random: SeededRandom, count: number): string {
	const parts: string[] = [];
	for (let index = 0; index < count; index++) {
		parts.push(number(random) + (random.chance(0.1) ? `:${number(random)}` : ''));
	}

	return parts.join(';');
}

function printable(random: SeededRandom, length: number): string {
	let text = '';
	for (let index = 0; index < length; index++) {
		text += String.fromCodePoint(random.between(0x20, 0x7e));
	}

	return text;
}

function terminator(random: SeededRandom): Buffer {
	return Buffer.from(
		random.weighted([
			[5, '\u0007'],
			[5, '\u001B\\'],
			[1, '\u009C'],
			[1, ''],
			[1, '\u0018'],
		] as const),
		random.chance(0.5) ? 'utf8' : 'latin1',
	);
}

/** Characters of every width and UTF-8 fragments: cut sequences, overlongs, surrogates, bytes past U+10FFFF. */
function unicode(random: SeededRandom): Buffer {
	return random.weighted<() => Buffer>([
		[4, () => Buffer.from(random.pick(['漢字', '🙂', 'e\u0301', '\u200D', '\u{1F469}\u200D\u{1F4BB}', 'ﾊ', '\u0E01\u0E49', '\uFEFF', '\u00AD', '\u2028', '𝄞', '\u{E0001}']), 'utf8')],
		[2, () => Buffer.from(random.pick(['漢', '🙂', 'é', '€']), 'utf8').subarray(0, random.between(1, 2))],
		[2, () => Buffer.from(random.pick(['c080', 'e08080', 'f0808080', 'eda080', 'edbfbf', 'f4908080', 'f888808080', 'fe', 'ff', '80', 'bf']), 'hex')],
		[1, () => Buffer.from(String.fromCodePoint(random.between(0x80, 0x9f)), 'utf8')],
	])();
}

function csi(random: SeededRandom): string {
	const prefix = random.weighted([
		[6, ''],
		[2, '?'],
		[1, '>'],
		[1, '<'],
		[1, '='],
		[1, '!'],
	] as const);
	const intermediate = random.weighted([
		[8, ''],
		[1, ' '],
		[1, '$'],
		[1, "'"],
		[1, '"'],
		[1, '#'],
		[1, '*'],
	] as const);
	const final = random.chance(0.8) ? random.pick([...'@ABCDEFGHIJKLMPSTXZ`abcdefghlmnpqrstuxz{|}~']) : String.fromCodePoint(random.between(0x40, 0x7e));
	const count = random.weighted([
		[3, 0],
		[6, 1],
		[4, 2],
		[2, random.between(3, 16)],
		[1, random.between(17, 300)],
	] as const);
	return `\u001B[${prefix}${parameters(random, count)}${intermediate}${final}`;
}

function privateMode(random: SeededRandom): string {
	const count = random.between(1, 3);
	const modes = Array.from({length: count}, () => (random.chance(0.9) ? String(random.pick(privateModes)) : number(random)));
	return `\u001B[?${modes.join(';')}${random.pick(['h', 'l', 'h', 'l', '$p', 's', 'r'])}`;
}

function osc(random: SeededRandom): Buffer {
	const size = random.weighted([
		[10, random.int(64)],
		[3, random.int(4096)],
		[1, random.int(200_000)],
	] as const);
	const body = `${random.chance(0.9) ? random.pick(oscNumbers) : number(random)};${random.chance(0.2) ? '?' : printable(random, size)}`;
	return Buffer.concat([Buffer.from(`\u001B]${body}`, 'utf8'), terminator(random)]);
}

function dcsLike(random: SeededRandom): Buffer {
	const opener = random.weighted([
		[4, 'P'],
		[1, '_'],
		[1, '^'],
		[1, 'X'],
	] as const);
	const head = opener === 'P' ? random.pick(['q', '$q', '+q', 'tmux;', '1$r', '=1s', '0;1;0q"1;1;100;100#0;2;0;0;0#0']) : '';
	const size = random.weighted([
		[10, random.int(64)],
		[2, random.int(8192)],
		[1, random.int(200_000)],
	] as const);
	return Buffer.concat([Buffer.from(`\u001B${opener}${parameters(random, random.int(3))}${head}${printable(random, size)}`, 'utf8'), terminator(random)]);
}

/** The freezers and their relatives: counts a terminal must clamp, not loop over. */
function hugeCount(random: SeededRandom): string {
	const count = random.pick(['99999999', '2147483647', '10000000', '4294967295']);
	return random.pick([
		`\u001B[${count}S`,
		`\u001B[${count}T`,
		`\u001B[${count}L`,
		`\u001B[${count}M`,
		`\u001B[${count}Z`,
		`\u001B[${count}I`,
		`x\u001B[${count}b`,
		`\u001B[<${count}u`,
		`\u001B[${count}@`,
		`\u001B[${count}P`,
		`\u001B[${count}X`,
		`\u001B[${count};${count}r`,
	]);
}

function escapeSequence(random: SeededRandom): string {
	return `\u001B${random.pick(['c', '7', '8', 'D', 'E', 'H', 'M', 'N', 'O', 'Z', '=', '>', '#8', '#3', '(0', '(B', ')0', '*A', '+B', ' F', ' G', '%G', '%@', 'n', 'o', '|', '}', '~', 'l', 'm', '6', '9'])}`;
}

const queries = [
	'\u001B[c',
	'\u001B[>c',
	'\u001B[=c',
	'\u001B[5n',
	'\u001B[6n',
	'\u001B[?6n',
	'\u001B[?2026$p',
	'\u001B[18t',
	'\u001B[14t',
	'\u001B]11;?\u0007',
	'\u001B[?u',
	'\u001BP$qm\u001B\\',
	'\u001B[>0q',
];

/** About `size` bytes of hostile pane output. */
export function hostilePaneOutput(random: SeededRandom, size: number): Buffer {
	const pieces: Buffer[] = [];
	let length = 0;
	while (length < size) {
		const piece = random.weighted<() => Buffer | string>([
			[10, () => printable(random, random.int(80))],
			[3, () => '\r\n'],
			[6, () => Buffer.from(Array.from({length: random.between(1, 64)}, () => random.int(256)))],
			[5, () => unicode(random)],
			[4, () => Buffer.from([random.pick([0x00, 0x05, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x18, 0x1a, 0x1b, 0x7f])])],
			[12, () => csi(random)],
			[4, () => privateMode(random)],
			[4, () => osc(random)],
			[2, () => dcsLike(random)],
			[3, () => escapeSequence(random)],
			[2, () => random.pick(queries)],
			[1, () => hugeCount(random)],
			// A sequence cut short, then something else.
			[2, () => `\u001B${random.pick(['[', '[?', '[1;', ']', ']0;', 'P', '(', '#'])}`],
		])();
		const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
		pieces.push(bytes);
		length += bytes.length;
	}

	return Buffer.concat(pieces);
}
