/**
 * Reads a program's arguments the way its own option parser does
 * (getopt_long, git's parse-options, Go's flag package, pflag, nopt), from a
 * small table of the options it knows. Rules then ask for canonical option
 * names, so `rm --rec`, `rm -Rf` and `rm --recursive` read the same.
 */

/** Whether an option takes a value. */
export type ArgKind = 'none' | 'required' | 'optional';

interface OptionDef {
	/** Canonical name: the first long name, or the letter. */
	name: string;
	kind: ArgKind;
}

/** How one program reads its options. */
export interface OptionSpec {
	short: Map<string, OptionDef>;
	long: Map<string, OptionDef>;
	longNames: string[];
	/** `-name` is a long option too (Go's flag package, terraform, find). */
	singleDash: boolean;
	/** Options may follow operands (GNU permutation); else the first operand ends them. */
	permute: boolean;
	/** Unique prefixes of long options are accepted (getopt_long, git parse-options, nopt). */
	abbreviate: boolean;
	/** `--no-NAME` turns a boolean option off (git, npm). */
	negation: boolean;
}

/** Settings for {@link optionSpec}; every default is getopt_long's. */
export type SpecSettings = Partial<Pick<OptionSpec, 'singleDash' | 'permute' | 'abbreviate' | 'negation'>>;

/**
 * Builds a spec from a compact list: groups separated by spaces, aliases by
 * `|`, `=` after an alias for a required value and `=?` for an optional one.
 * Example: `'-r|-R|--recursive -f|--force --interactive=? -o=|--output='`.
 */
export function optionSpec(definitions: string, settings: SpecSettings = {}): OptionSpec {
	const spec: OptionSpec = {
		short: new Map(),
		long: new Map(),
		longNames: [],
		singleDash: settings.singleDash ?? false,
		permute: settings.permute ?? true,
		abbreviate: settings.abbreviate ?? true,
		negation: settings.negation ?? false,
	};
	for (const group of definitions.split(/\s+/).filter(Boolean)) {
		const aliases = group.split('|');
		const kind: ArgKind = aliases.some(alias => alias.endsWith('=?')) ? 'optional' : aliases.some(alias => alias.endsWith('=')) ? 'required' : 'none';
		const names = aliases.map(alias => alias.replace(/=\??$/, ''));
		const longName = names.find(alias => alias.startsWith('--') || (spec.singleDash && alias.length > 2));
		const definition: OptionDef = {name: (longName ?? names[0]!).replace(/^-+/, ''), kind};
		for (const alias of names) {
			if (alias.startsWith('--') || (spec.singleDash && alias.length > 2)) {
				spec.long.set(alias.replace(/^-+/, ''), definition);
				spec.longNames.push(alias.replace(/^-+/, ''));
			} else {
				spec.short.set(alias.slice(1), definition);
			}
		}
	}

	return spec;
}

/** One option as given, by canonical name. */
export interface FoundOption {
	name: string;
	value?: string;
	/** Given as `--no-NAME`. */
	negated: boolean;
}

/** A program's arguments as its option parser sees them. */
export interface ParsedArgs {
	options: FoundOption[];
	operands: string[];
	/** Options the spec does not know, as given. */
	unknown: string[];
	/** Index in the values where option reading stopped (first operand without permutation, or the end). */
	stop: number;
}

/** Values that turn a boolean option off when given as `--flag=VALUE`. */
const falseValues = /^(false|f|0|no|off|n)$/i;

/** Whether a boolean option is in effect: given, not negated, not `=false`; the last one wins. */
export function isOn(parsed: ParsedArgs, ...names: string[]): boolean {
	for (let index = parsed.options.length - 1; index >= 0; index--) {
		const option = parsed.options[index]!;
		if (!names.includes(option.name)) continue;
		return !option.negated && !(option.value !== undefined && falseValues.test(option.value));
	}

	return false;
}

/** The value of the last occurrence of an option. */
export function optionValue(parsed: ParsedArgs, ...names: string[]): string | undefined {
	for (let index = parsed.options.length - 1; index >= 0; index--) {
		const option = parsed.options[index]!;
		if (names.includes(option.name) && !option.negated) return option.value;
	}

	return undefined;
}

/** Every value given to an option. */
export function valuesOf(parsed: ParsedArgs, ...names: string[]): string[] {
	return parsed.options.filter(option => names.includes(option.name) && option.value !== undefined).map(option => option.value!);
}

/** Whether an option was given at all (even negated or with a value). */
export function given(parsed: ParsedArgs, ...names: string[]): boolean {
	return parsed.options.some(option => names.includes(option.name) && !option.negated);
}

/**
 * The definitions a long name stands for: an exact match, else every option
 * it is a unique or ambiguous prefix of (a parser rejects the ambiguous
 * ones; rules treat them as all given, which is the cautious reading).
 */
function lookupLong(spec: OptionSpec, name: string): OptionDef[] {
	const exact = spec.long.get(name);
	if (exact) return [exact];
	if (!spec.abbreviate || name === '') return [];
	const matches = new Map<string, OptionDef>();
	for (const candidate of spec.longNames) {
		if (candidate.startsWith(name)) {
			const definition = spec.long.get(candidate)!;
			matches.set(definition.name, definition);
		}
	}

	return [...matches.values()];
}

/**
 * Parses `values` with `spec`, from `start`. Unknown long options take no
 * value unless their index is in `assumeValue` (see {@link readings}).
 */
export function parseArgs(values: string[], spec: OptionSpec, start = 0, assumeValue: ReadonlySet<number> = new Set()): ParsedArgs {
	const parsed: ParsedArgs = {options: [], operands: [], unknown: [], stop: values.length};
	let index = start;
	while (index < values.length) {
		const value = values[index]!;
		if (value === '--') {
			parsed.operands.push(...values.slice(index + 1));
			if (!spec.permute) parsed.stop = index + 1;
			break;
		}

		const isLong = value.startsWith('--') || (spec.singleDash && /^-[^-]{2,}/.test(value) && !spec.short.has(value.slice(1, 2)));
		if (isLong && value.length > 2) {
			index = readLong(values, index, spec, parsed, assumeValue);
			continue;
		}

		if (value.startsWith('-') && value.length > 1) {
			index = readShort(values, index, spec, parsed, assumeValue);
			continue;
		}

		if (!spec.permute) {
			parsed.stop = index;
			parsed.operands.push(...values.slice(index));
			break;
		}

		parsed.operands.push(value);
		index++;
	}

	return parsed;
}

function readLong(values: string[], index: number, spec: OptionSpec, parsed: ParsedArgs, assumeValue: ReadonlySet<number>): number {
	const word = values[index]!;
	const body = word.replace(/^--?/, '');
	const eq = body.indexOf('=');
	const name = eq === -1 ? body : body.slice(0, eq);
	const inline = eq === -1 ? undefined : body.slice(eq + 1);
	let definitions = lookupLong(spec, name);
	let negated = false;
	if (definitions.length === 0 && spec.negation && name.startsWith('no-')) {
		definitions = lookupLong(spec, name.slice(3));
		negated = definitions.length > 0;
	}

	if (definitions.length === 0) {
		parsed.unknown.push(word);
		if (inline === undefined && assumeValue.has(index)) {
			return index + 2;
		}

		return index + 1;
	}

	let next = index + 1;
	for (const definition of definitions) {
		let value = inline;
		if (value === undefined && definition.kind === 'required' && !negated && definitions.length === 1) {
			value = values[index + 1];
			next = index + 2;
		}

		parsed.options.push({name: definition.name, value, negated});
	}

	return next;
}

function readShort(values: string[], index: number, spec: OptionSpec, parsed: ParsedArgs, assumeValue: ReadonlySet<number>): number {
	const word = values[index]!;
	for (let at = 1; at < word.length; at++) {
		const letter = word[at]!;
		const definition = spec.short.get(letter);
		if (!definition) {
			parsed.unknown.push(`-${letter}`);
			// An unknown letter alone (`-v 6`) may take the next word as its value.
			if (word.length === 2 && assumeValue.has(index)) return index + 2;
			continue;
		}

		if (definition.kind === 'none') {
			parsed.options.push({name: definition.name, negated: false});
			continue;
		}

		const attached = word.slice(at + 1).replace(/^=/, '');
		if (attached !== '' || definition.kind === 'optional') {
			parsed.options.push({name: definition.name, value: attached === '' ? undefined : attached, negated: false});
			return index + 1;
		}

		parsed.options.push({name: definition.name, value: values[index + 1], negated: false});
		return index + 2;
	}

	return index + 1;
}

/**
 * Every plausible reading of a program's leading options when some are
 * unknown: an unknown option without `=value` may or may not take the next
 * word. Returns at least one reading; at most `limit`.
 */
export function readings(values: string[], spec: OptionSpec, limit = 4): ParsedArgs[] {
	const results: ParsedArgs[] = [];
	const queue: Array<Set<number>> = [new Set()];
	const decided = new Set<string>();
	while (queue.length > 0 && results.length < limit) {
		const assume = queue.shift()!;
		const parsed = parseArgs(values, spec, 0, assume);
		results.push(parsed);
		// Branch on each unknown option (before the stop) that could have taken a value.
		for (let index = 0; index < Math.min(parsed.stop, values.length); index++) {
			const word = values[index]!;
			if (assume.has(index) || !word.startsWith('-') || word.includes('=') || word === '--') continue;
			if (!isUnknownOption(word, spec)) continue;
			const next = new Set(assume).add(index);
			const key = [...next].sort().join(',');
			if (!decided.has(key)) {
				decided.add(key);
				queue.push(next);
			}
		}
	}

	return results;
}

function isUnknownOption(word: string, spec: OptionSpec): boolean {
	if (word.startsWith('--') || (spec.singleDash && word.length > 2)) {
		const name = word.replace(/^--?/, '');
		if (lookupLong(spec, name).length > 0) return false;
		return !(spec.negation && name.startsWith('no-') && lookupLong(spec, name.slice(3)).length > 0);
	}

	return word.length === 2 && !spec.short.has(word[1]!);
}

/** A program with subcommands: its leading options and the subcommand words that follow. */
export interface SubcommandReading {
	globals: ParsedArgs;
	/** The words from the subcommand on (`push`, `--force`, `origin`). */
	rest: string[];
}

/** Readings of `program [global options] subcommand …` (see {@link readings}). */
export function subcommandReadings(values: string[], globals: OptionSpec): SubcommandReading[] {
	const spec = globals.permute ? {...globals, permute: false} : globals;
	return readings(values, spec).map(parsed => ({globals: parsed, rest: values.slice(parsed.stop)}));
}

/**
 * Resolves a command word the way npm, cargo aliases or git's autocorrect do
 * not, but getopt-style CLIs with abbreviations do: exact name, else the
 * only command it is a prefix of.
 */
export function resolveAbbreviation(word: string | undefined, commands: readonly string[], minimum = 1): string | undefined {
	if (word === undefined) return undefined;
	if (commands.includes(word)) return word;
	if (word.length < minimum) return word;
	const matches = commands.filter(command => command.startsWith(word));
	return matches.length === 1 ? matches[0] : word;
}
