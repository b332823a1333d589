import type {Node} from 'web-tree-sitter';

/** A shell word resolved to the value the shell would pass, as far as it is static. */
export interface Word {
	/** Value with quotes and escapes removed; expansions keep their source text. */
	value: string;
	/** Some part comes from an expansion or substitution, so `value` is not what runs. */
	dynamic: boolean;
	/** Some part is a command substitution `$(...)` or backticks. */
	substitution: boolean;
	/** The whole word is a process substitution `<(...)` / `>(...)`. */
	processSubstitution: boolean;
	/** Unquoted glob characters that the shell would expand (`/???/r?`). */
	glob: boolean;
	/** The whole word is a single variable expansion, e.g. `$CMD` or `"${CMD}"`; holds its name. */
	variable?: string;
	/**
	 * What the shell makes of the word is unknown and may be an option or several words: an
	 * expansion starts it (`"$o"`, `$(echo -rf)`), is unquoted (`./$o` splits), or is `"$@"`.
	 * Well-known variables that hold a path or a number (`$HOME`, `$PWD`, `$$`) do not count.
	 */
	mayBeOption: boolean;
	/** Some expansion reads a variable other than the well-known ones, or runs a command. */
	unknown: boolean;
	/** The default of a sole `${NAME:-default}` expansion, as written. */
	fallback?: string;
	/** Source text, for messages. */
	source: string;
}

// Variables whose values are paths, names or numbers the user's own session set: never options.
const knownVariables = new Set([
	'HOME',
	'PWD',
	'OLDPWD',
	'USER',
	'LOGNAME',
	'HOSTNAME',
	'TMPDIR',
	'UID',
	'EUID',
	'PPID',
	'BASHPID',
	'RANDOM',
	'SECONDS',
	'LINENO',
	'SHLVL',
	'XDG_CONFIG_HOME',
	'XDG_DATA_HOME',
	'XDG_CACHE_HOME',
	'XDG_STATE_HOME',
	'XDG_RUNTIME_DIR',
	'$',
	'!',
	'?',
	'#',
	'0',
]);

const simpleEscapes: Record<string, string> = {
	a: '\u0007',
	b: '\b',
	e: '\u001B',
	E: '\u001B',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
	v: '\v',
	'\\': '\\',
	"'": "'",
	'"': '"',
	'?': '?',
};

/** Decodes the body of a `$'...'` string the way bash does: a NUL ends the string there. */
export function decodeAnsiC(body: string): string {
	const decoded = body.replaceAll(/\\(x[\da-fA-F]{1,2}|u[\da-fA-F]{1,4}|U[\da-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (whole, sequence: string) => {
		const head = sequence[0]!;
		if (head === 'x' || head === 'u' || head === 'U') {
			const code = Number.parseInt(sequence.slice(1), 16);
			return code > 0x10_ffff ? '' : String.fromCodePoint(code);
		}

		if (/[0-7]/.test(head)) return String.fromCodePoint(Number.parseInt(sequence, 8) & 0xff);
		if (head === 'c') return String.fromCodePoint((sequence.codePointAt(1) ?? 64) & 0x1f);
		return simpleEscapes[head] ?? whole;
	});
	const nul = decoded.indexOf('\0');
	return nul === -1 ? decoded : decoded.slice(0, nul);
}

function unescapeDouble(text: string): string {
	return text.replaceAll(/\\\n/g, '').replaceAll(/\\([$`"\\])/g, '$1');
}

// Unquoted `{`, `,` and `}` are kept as these private-use marks until brace expansion has run.
const open = '\uE000';
const comma = '\uE001';
const close = '\uE002';
const marks = /[\uE000-\uE002]/g;
const split = '\uE003';
const markText: Record<string, string> = {[open]: '{', [comma]: ',', [close]: '}'};
/** More words than this from one word's braces: the word is treated as unknown instead. */
const maxBraceWords = 64;
const maxBraceText = 4096;

const expansionTypes = new Set(['simple_expansion', 'expansion', 'arithmetic_expansion']);
const substitutionTypes = new Set(['command_substitution']);

function blank(source: string): Word {
	return {value: '', dynamic: false, substitution: false, processSubstitution: false, glob: false, mayBeOption: false, unknown: false, source};
}

/** Resolves a word-like node (`word`, strings, concatenations, expansions) to a {@link Word}. */
export function resolveWord(node: Node): Word {
	const [first] = resolveWords(node);
	return first ?? blank(node.text);
}

/** Resolves a word-like node to the words bash makes of it after brace expansion (`{-rf,~}` is two). */
export function resolveWords(node: Node): Word[] {
	const word = blank(node.text);
	append(node, word, false);
	const only = soleExpansion(node);
	if (only) {
		word.variable = only.name;
		if (only.fallback !== undefined) word.fallback = only.fallback;
	}

	if (!/[\uE000-\uE003]/.test(word.value)) return [word];
	// A word this long with braces is not worth expanding: unknown, and never a spin.
	const values = word.value.length > maxBraceText ? undefined : expandBraces(word.value);
	if (!values) return [{...word, value: word.value.replaceAll(marks, mark => markText[mark]!).replaceAll(split, ' '), dynamic: true, mayBeOption: true, unknown: true}];
	return values.flatMap(value => value.split(split).filter(part => part !== '')).map(value => ({...word, value}));
}

/** Brace-expands an unquoted word's text (`{a,b}c` → `ac bc`); undefined if it makes too many words. */
export function expandBraceText(text: string): string[] | undefined {
	if (text.length > maxBraceText) return undefined;
	return expandBraces(text.replaceAll('{', open).replaceAll(',', comma).replaceAll('}', close));
}

/** Bash brace expansion over marked text; undefined when it would make too many words. */
function expandBraces(text: string): string[] | undefined {
	let results = [text];
	for (let round = 0; round < 16; round++) {
		const next: string[] = [];
		let changed = false;
		for (const item of results) {
			const expanded = expandFirst(item);
			if (expanded) changed = true;
			next.push(...(expanded ?? [item]));
			if (next.length > maxBraceWords) return undefined;
		}

		results = next;
		if (!changed) break;
	}

	return results.map(item => item.replaceAll(marks, mark => markText[mark]!));
}

/** Expands the first brace group that bash would expand, or undefined if there is none. */
function expandFirst(text: string): string[] | undefined {
	for (let start = text.indexOf(open); start !== -1; start = text.indexOf(open, start + 1)) {
		let depth = 0;
		const commas: number[] = [];
		for (let index = start; index < text.length; index++) {
			const char = text[index];
			if (char === open) depth++;
			else if (char === comma && depth === 1) commas.push(index);
			else if (char === close && --depth === 0) {
				const head = text.slice(0, start);
				const tail = text.slice(index + 1);
				if (commas.length > 0) {
					const parts: string[] = [];
					let from = start + 1;
					for (const at of [...commas, index]) {
						parts.push(text.slice(from, at));
						from = at + 1;
					}

					return parts.map(part => head + part + tail);
				}

				const sequence = expandSequence(text.slice(start + 1, index));
				if (sequence) return sequence.map(part => head + part + tail);
				break;
			}
		}
	}

	return undefined;
}

function expandSequence(body: string): string[] | undefined {
	const numbers = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
	const letters = /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
	const match = numbers ?? letters;
	if (!match) return undefined;
	const from = numbers ? Number(match[1]) : match[1]!.codePointAt(0)!;
	const to = numbers ? Number(match[2]) : match[2]!.codePointAt(0)!;
	const step = Math.max(1, Math.abs(Number(match[3] ?? 1)));
	if (Math.abs(to - from) / step > maxBraceWords) return [String(match[1]), String(match[2])];
	const values: string[] = [];
	for (let at = from; from <= to ? at <= to : at >= to; at += from <= to ? step : -step) {
		values.push(numbers ? String(at) : String.fromCodePoint(at));
	}

	return values;
}

function soleExpansion(node: Node): {name: string; fallback?: string} | undefined {
	let target: Node | null = node;
	if (target.type === 'string' && target.namedChildCount === 1) target = target.namedChild(0);
	if (!target) return undefined;
	if (target.type === 'simple_expansion' || target.type === 'expansion') {
		// `${!ref}` and `${x:-y}` are still variable-driven names; keep the first variable.
		const name = target.descendantsOfType('variable_name')[0] ?? target.descendantsOfType('special_variable_name')[0];
		const fallback = /^\$\{[#!]?\w+:?[-=](.*)\}$/s.exec(target.text)?.[1];
		return {name: name?.text ?? target.text, fallback: fallback?.replaceAll(/^["']|["']$/g, '')};
	}

	return undefined;
}

/** Appends a bare (unquoted) word: escapes are removed, unquoted braces are marked. */
function appendBare(text: string, word: Word, quoted: boolean): void {
	let out = '';
	for (let index = 0; index < text.length; index++) {
		const char = text[index]!;
		if (char === '\\') {
			const next = text[index + 1];
			index++;
			if (next !== undefined && next !== '\n') out += next;
		} else if (!quoted && char === '{') {
			out += open;
		} else if (!quoted && char === ',') {
			out += comma;
		} else if (!quoted && char === '}') {
			out += close;
		} else {
			out += char;
		}
	}

	word.value += out;
}

/** The variable an expansion reads (`$x`, `${x:-y}`, `${a[@]}`), if it is a plain one. */
function expansionVariable(node: Node): string | undefined {
	if (node.type === 'arithmetic_expansion') return undefined;
	const name = node.descendantsOfType(['variable_name', 'special_variable_name'])[0];
	return name?.text;
}

function markUnknown(node: Node, word: Word, quoted: boolean): void {
	const variable = expansionVariable(node);
	const text = node.text;
	// `"$@"`, `"$*"` and `"${a[@]}"` become several words even inside quotes.
	const many = variable === '@' || variable === '*' || /\[[@*]\]/.test(text);
	const known = variable !== undefined && knownVariables.has(variable) && !/[:#%/^,]|\[/.test(text.replace(/^\$\{?[#!]?/, '').replace(/\}$/, ''));
	if (node.type === 'arithmetic_expansion') return;
	if (!known) word.unknown = true;
	if (many || (!known && (!quoted || word.value === ''))) word.mayBeOption = true;
}

function append(node: Node, word: Word, quoted: boolean): void {
	switch (node.type) {
		case 'word': {
			const text = node.text;
			if (!quoted && /(?<!\\)[*?[]/.test(text)) word.glob = true;
			appendBare(text, word, quoted);
			return;
		}

		case 'raw_string': {
			word.value += node.text.slice(1, -1);
			return;
		}

		case 'ansi_c_string': {
			word.value += decodeAnsiC(node.text.slice(2, -1));
			return;
		}

		case 'string_content': {
			word.value += unescapeDouble(node.text);
			return;
		}

		case 'string':
		case 'translated_string':
		case 'concatenation': {
			const inside = quoted || node.type !== 'concatenation';
			for (const child of node.namedChildren) {
				if (child) append(child, word, inside);
			}

			return;
		}

		case 'brace_expression': {
			if (quoted) {
				word.value += node.text;
			} else {
				word.value += `${open}${node.text.slice(1, -1)}${close}`;
			}

			return;
		}

		case 'process_substitution': {
			word.processSubstitution = true;
			word.dynamic = true;
			word.value += node.text;
			return;
		}

		default: {
			if (substitutionTypes.has(node.type)) {
				word.substitution = true;
				word.dynamic = true;
				word.unknown = true;
				if (!quoted || word.value === '') word.mayBeOption = true;
			} else if (!quoted && /^\$(IFS|\{IFS(:\d+(:\d+)?)?\})$/.test(node.text)) {
				// Unquoted `$IFS` splits the word where it stands: `bash${IFS}-c${IFS}id` is three words.
				word.value += split;
				return;
			} else if (expansionTypes.has(node.type)) {
				word.dynamic = true;
				if (node.descendantsOfType('command_substitution').length > 0) word.substitution = true;
				markUnknown(node, word, quoted);
			} else if (node.type !== 'number') {
				// Unknown shapes (errors) are not trusted as literals.
				word.dynamic = true;
				word.mayBeOption = true;
				word.unknown = true;
			}

			word.value += node.text;
		}
	}
}
