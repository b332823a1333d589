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
	/** Source text, for messages. */
	source: string;
}

const simpleEscapes: Record<string, string> = {
	a: '\u0007', b: '\b', e: '\u001B', E: '\u001B', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
	'\\': '\\', '\'': '\'', '"': '"', '?': '?',
};

/** Decodes the body of a `$'...'` string the way bash does. */
export function decodeAnsiC(body: string): string {
	return body.replaceAll(
		/\\(x[\da-fA-F]{1,2}|u[\da-fA-F]{1,4}|U[\da-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs,
		(whole, escape: string) => {
			const head = escape[0]!;
			if (head === 'x' || head === 'u' || head === 'U') {
				return String.fromCodePoint(Number.parseInt(escape.slice(1), 16));
			}

			if (/[0-7]/.test(head)) return String.fromCodePoint(Number.parseInt(escape, 8));
			if (head === 'c') return String.fromCodePoint((escape.codePointAt(1) ?? 64) & 0x1F);
			return simpleEscapes[head] ?? whole;
		},
	);
}

function unescapeBare(text: string): string {
	// Outside quotes a backslash quotes the next character; backslash-newline vanishes.
	return text.replaceAll(/\\\n/g, '').replaceAll(/\\(.)/gs, '$1');
}

function unescapeDouble(text: string): string {
	return text.replaceAll(/\\\n/g, '').replaceAll(/\\([$`"\\])/g, '$1');
}

const expansionTypes = new Set(['simple_expansion', 'expansion', 'arithmetic_expansion']);
const substitutionTypes = new Set(['command_substitution']);

function blank(source: string): Word {
	return {value: '', dynamic: false, substitution: false, processSubstitution: false, glob: false, source};
}

/** Resolves a word-like node (`word`, strings, concatenations, expansions) to a {@link Word}. */
export function resolveWord(node: Node): Word {
	const word = blank(node.text);
	append(node, word, false);
	const only = soleExpansion(node);
	if (only) word.variable = only;
	return word;
}

function soleExpansion(node: Node): string | undefined {
	let target: Node | null = node;
	if (target.type === 'string' && target.namedChildCount === 1) target = target.namedChild(0);
	if (!target) return undefined;
	if (target.type === 'simple_expansion' || target.type === 'expansion') {
		// `${!ref}` and `${x:-y}` are still variable-driven names; keep the first variable.
		const name = target.descendantsOfType('variable_name')[0] ?? target.descendantsOfType('special_variable_name')[0];
		return name?.text ?? target.text;
	}

	return undefined;
}

function append(node: Node, word: Word, quoted: boolean): void {
	switch (node.type) {
		case 'word': {
			const text = node.text;
			if (!quoted && /(?<!\\)[*?[]/.test(text)) word.glob = true;
			word.value += unescapeBare(text);
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
			} else if (expansionTypes.has(node.type)) {
				word.dynamic = true;
				if (node.descendantsOfType('command_substitution').length > 0) word.substitution = true;
			} else if (node.type !== 'number') {
				// Unknown shapes (brace expressions, errors) are not trusted as literals.
				word.dynamic = true;
			}

			word.value += node.text;
		}
	}
}
