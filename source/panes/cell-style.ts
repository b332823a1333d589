import type {IBufferCell} from '@xterm/headless';

// Attribute bits, packed so that two cells compare with three integers.
const bold = 1;
const dim = 2;
const italic = 4;
const underline = 8;
const blink = 16;
const inverse = 32;
const invisible = 64;
const strikethrough = 128;
const overline = 256;

/** A cell's attributes as one integer. */
export function cellFlags(cell: IBufferCell): number {
	return (
		(cell.isBold() ? bold : 0) |
		(cell.isDim() ? dim : 0) |
		(cell.isItalic() ? italic : 0) |
		(cell.isUnderline() ? underline : 0) |
		(cell.isBlink() ? blink : 0) |
		(cell.isInverse() ? inverse : 0) |
		(cell.isInvisible() ? invisible : 0) |
		(cell.isStrikethrough() ? strikethrough : 0) |
		(cell.isOverline() ? overline : 0)
	);
}

// xterm.js colour modes, as getFgColorMode() returns them.
const modeDefault = 0;
const modePalette16 = 0x1_00_00_00;
const modePalette256 = 0x2_00_00_00;
const modeRgb = 0x3_00_00_00;

/** A cell's foreground as one integer: its colour mode plus its colour. */
export function cellForeground(cell: IBufferCell): number {
	// getFgColor() is -1 for the default colour.
	return cell.getFgColorMode() + Math.max(0, cell.getFgColor());
}

/** A cell's background as one integer: its colour mode plus its colour. */
export function cellBackground(cell: IBufferCell): number {
	return cell.getBgColorMode() + Math.max(0, cell.getBgColor());
}

function colorParameters(value: number, isBackground: boolean): string {
	const mode = value & 0x3_00_00_00;
	const color = value & 0xff_ff_ff;
	switch (mode) {
		case modeDefault: {
			return '';
		}

		case modePalette16: {
			if (color < 8) {
				return `;${(isBackground ? 40 : 30) + color}`;
			}

			return `;${(isBackground ? 100 : 90) + color - 8}`;
		}

		case modePalette256: {
			return `;${isBackground ? 48 : 38};5;${color}`;
		}

		case modeRgb: {
			return `;${isBackground ? 48 : 38};2;${(color >> 16) & 0xff};${(color >> 8) & 0xff};${color & 0xff}`;
		}

		default: {
			return '';
		}
	}
}

/** The SGR sequence that sets exactly this style, starting from a reset so it never depends on what came before. */
export function sgr(flags: number, foreground: number, background: number): string {
	let parameters = '0';
	if (flags & bold) parameters += ';1';
	if (flags & dim) parameters += ';2';
	if (flags & italic) parameters += ';3';
	if (flags & underline) parameters += ';4';
	if (flags & blink) parameters += ';5';
	if (flags & inverse) parameters += ';7';
	if (flags & invisible) parameters += ';8';
	if (flags & strikethrough) parameters += ';9';
	if (flags & overline) parameters += ';53';
	parameters += colorParameters(foreground, false);
	parameters += colorParameters(background, true);
	return `\u001B[${parameters}m`;
}

/** Whether a background counts as "default", so that erasing with it is the same as leaving the cell blank. */
export function isDefaultColor(value: number): boolean {
	return (value & 0x3_00_00_00) === modeDefault;
}
