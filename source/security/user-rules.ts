import path from 'node:path';
import type {UserRule} from './rule-schema.js';

/** A user rule with its regexes compiled once. */
export interface CompiledRule {
	rule: UserRule;
	matches(name: string, args: string[]): boolean;
}

/** Compiles user rules for matching; order is kept because the first match wins. */
export function compileUserRules(rules: UserRule[]): CompiledRule[] {
	return rules.map(rule => {
		const command = path.posix.basename(rule.command);
		const args = rule.args?.map(source => new RegExp(source));
		const joined = rule.argsPattern === undefined ? undefined : new RegExp(rule.argsPattern);
		return {
			rule,
			matches(name, values) {
				if (name !== command) return false;
				if (args && !args.every(pattern => values.some(value => pattern.test(value)))) return false;
				return !joined || joined.test(values.join(' '));
			},
		};
	});
}
