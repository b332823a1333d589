/** A key press, as parsed from the user's terminal. */
export type Key = {
	/** A single character ("a", "?", "1") or a named key ("enter", "up", "f5", "escape"). */
	name: string;
	ctrl: boolean;
	alt: boolean;
	shift: boolean;
};

export type MouseAction = 'press' | 'release' | 'move' | 'wheel-up' | 'wheel-down';

export type InputEvent =
	| {type: 'key'; key: Key; raw: string}
	| {type: 'paste'; text: string}
	/** A bracketed paste went over the size limit and was dropped whole. */
	| {type: 'paste-dropped'; limit: number}
	| {type: 'mouse'; action: MouseAction; button: number; x: number; y: number; shift: boolean; alt: boolean; ctrl: boolean}
	| {type: 'focus'; focused: boolean}
	/** Bytes that are no key agentmux knows; they go to the pane as they came. */
	| {type: 'raw'; raw: string};

/** Builds a Key with no modifiers unless given. */
export function key(name: string, modifiers: Partial<Omit<Key, 'name'>> = {}): Key {
	return {name, ctrl: false, alt: false, shift: false, ...modifiers};
}

/** Whether a key matches a binding (same name and modifiers). */
export function keyMatches(pressed: Key, binding: Key): boolean {
	return (
		pressed.name === binding.name &&
		pressed.ctrl === binding.ctrl &&
		pressed.alt === binding.alt &&
		// Shift is part of the character for printable keys ("?" is Shift-/), so it only counts for named keys.
		(pressed.name.length === 1 || pressed.shift === binding.shift)
	);
}
