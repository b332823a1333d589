import {z} from 'zod';

/** A key as the user names it in the config: "ctrl+\\", "alt+1", "space", "z", "left". */
export type KeySpec = {
	name: string;
	ctrl: boolean;
	alt: boolean;
	shift: boolean;
};

const namedKeys = new Set([
	'enter',
	'tab',
	'space',
	'escape',
	'backspace',
	'delete',
	'insert',
	'up',
	'down',
	'left',
	'right',
	'home',
	'end',
	'pageup',
	'pagedown',
	'f1',
	'f2',
	'f3',
	'f4',
	'f5',
	'f6',
	'f7',
	'f8',
	'f9',
	'f10',
	'f11',
	'f12',
]);

/** Parses "ctrl+shift+left" into a KeySpec; returns an error message when it is not a key. */
export function parseKeySpec(text: string): KeySpec | string {
	const parts = text.toLowerCase().split('+');
	// "ctrl++" names the plus key itself.
	if (text.endsWith('++')) {
		parts.splice(-2, 2, '+');
	}

	const name = parts.pop() ?? '';
	const spec: KeySpec = {name, ctrl: false, alt: false, shift: false};
	for (const modifier of parts) {
		if (modifier === 'ctrl' || modifier === 'control') {
			spec.ctrl = true;
		} else if (modifier === 'alt' || modifier === 'meta' || modifier === 'option') {
			spec.alt = true;
		} else if (modifier === 'shift') {
			spec.shift = true;
		} else {
			return `unknown modifier "${modifier}" in "${text}"`;
		}
	}

	if ([...name].length !== 1 && !namedKeys.has(name)) {
		return `unknown key "${name}" in "${text}"`;
	}

	return spec;
}

/** Formats a KeySpec the way the status bar and help show it. */
export function formatKeySpec(spec: KeySpec): string {
	const parts: string[] = [];
	if (spec.ctrl) parts.push('Ctrl');
	if (spec.alt) parts.push('Alt');
	if (spec.shift) parts.push('Shift');
	parts.push(spec.name.length === 1 ? spec.name : spec.name[0]!.toUpperCase() + spec.name.slice(1));
	return parts.join('-');
}

/** Zod schema for a key given as text in the config. */
export const keySpecSchema = z.string().transform((text, context) => {
	const parsed = parseKeySpec(text);
	if (typeof parsed === 'string') {
		context.addIssue({code: 'custom', message: parsed});
		return z.NEVER;
	}

	return parsed;
});
