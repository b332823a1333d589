import {z} from 'zod';

const regex = z.string().refine(
	source => {
		try {
			// eslint-disable-next-line no-new
			new RegExp(source);
			return true;
		} catch {
			return false;
		}
	},
	{message: 'not a valid regular expression'},
);

/**
 * A user policy rule. It matches a simple command by name (basename: a rule
 * for `rm` also matches `/bin/rm`) and optionally by arguments, at any
 * wrapper layer (`sudo rm …` is judged as `sudo …` and as `rm …`).
 */
export const userRuleSchema = z
	.object({
		id: z.string().min(1),
		command: z.string().min(1),
		/** Regexes; each must match at least one argument. */
		args: z.array(regex).optional(),
		/** Regex over the arguments joined by single spaces. */
		argsPattern: regex.optional(),
		decision: z.enum(['allow', 'confirm', 'deny']),
		reason: z.string().min(1),
	})
	.strict()
	.refine(rule => !(rule.args && rule.argsPattern), {message: 'use either args or argsPattern, not both', path: ['argsPattern']});

/** A validated user policy rule. */
export type UserRule = z.infer<typeof userRuleSchema>;

/** A list of user rules, e.g. from a config file. */
export const userRulesSchema = z.array(userRuleSchema);

/** Validates user rules; throws an Error listing `path: message` for every problem. */
export function parseUserRules(input: unknown): UserRule[] {
	const result = userRulesSchema.safeParse(input);
	if (result.success) return result.data;
	const lines = result.error.issues.map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
	throw new Error(`invalid policy rules:\n${lines.join('\n')}`);
}
