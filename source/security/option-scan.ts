/**
 * Small helpers to read options the way GNU tools do: options may follow
 * operands, `--` ends them, short options cluster (`-rf`).
 */

/** Arguments before a `--` terminator. */
export function optionPart(values: string[]): string[] {
	const end = values.indexOf('--');
	return end === -1 ? values : values.slice(0, end);
}

/** The set of single-letter options given in clusters like `-rf`. */
export function shortFlags(values: string[], valueOptions = ''): Set<string> {
	const flags = new Set<string>();
	for (const value of optionPart(values)) {
		if (!/^-[^-]/.test(value)) continue;
		for (const letter of value.slice(1)) {
			flags.add(letter);
			// The rest of the cluster is that option's value (`-n9`).
			if (valueOptions.includes(letter)) break;
		}
	}

	return flags;
}

/** A long option given as `--name` or `--name=value`. */
export function hasLong(values: string[], ...names: string[]): boolean {
	return optionPart(values).some(value => names.some(name => value === name || value.startsWith(`${name}=`)));
}

/** Value of `--name=value`, `--name value`, `-x value` or `-xvalue`. */
export function optionValue(values: string[], ...names: string[]): string | undefined {
	const options = optionPart(values);
	for (let index = 0; index < options.length; index++) {
		const value = options[index]!;
		for (const name of names) {
			if (value === name) return options[index + 1];
			if (name.startsWith('--') && value.startsWith(`${name}=`)) return value.slice(name.length + 1);
			if (!name.startsWith('--') && value.startsWith(name) && value.length > name.length) return value.slice(name.length);
		}
	}

	return undefined;
}

/** Operands: arguments that are not options or option values. */
export function operands(values: string[], valueOptions: string[] = []): string[] {
	const takesValue = new Set(valueOptions);
	const result: string[] = [];
	let ended = false;
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (ended) {
			result.push(value);
		} else if (value === '--') {
			ended = true;
		} else if (value.startsWith('-') && value !== '-') {
			if (takesValue.has(value)) index++;
		} else {
			result.push(value);
		}
	}

	return result;
}

/** First operand, taken as a subcommand (`git push`, `kubectl delete`). */
export function subcommand(values: string[], valueOptions: string[] = []): {name?: string; rest: string[]} {
	const takesValue = new Set(valueOptions);
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (value === '--') return {name: values[index + 1], rest: values.slice(index + 2)};
		if (value.startsWith('-')) {
			if (takesValue.has(value)) index++;
			continue;
		}

		return {name: value, rest: values.slice(index + 1)};
	}

	return {rest: []};
}
