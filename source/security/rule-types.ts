import type {StdinSource} from './command-walker.js';
import type {Word} from './shell-words.js';
import type {Decision} from './verdict.js';

/** A command as the built-in rules see it, after wrappers were peeled off. */
export interface CommandView {
	/** Basename of the command, e.g. `rm` for `/bin/rm`. */
	name: string;
	args: Word[];
	/** `args[i].value`, for convenience. */
	values: string[];
	/** Source text of the whole simple command, wrappers included. */
	text: string;
	stdin?: StdinSource;
	/** Run over many inputs by xargs or find -exec. */
	bulk: boolean;
}

/** A built-in rule's finding for one command. */
export interface Hit {
	decision: Decision;
	rule: string;
	reason: string;
}

/** Shorthand constructors that keep rule tables readable. */
export const deny = (rule: string, reason: string): Hit => ({decision: 'deny', rule, reason});
export const confirm = (rule: string, reason: string): Hit => ({decision: 'confirm', rule, reason});

/** A built-in rule for one command name. */
export type Rule = (view: CommandView) => Hit | undefined;

/** The strongest of several findings (deny over confirm); the first on a tie. */
export function strongestHit(hits: Array<Hit | undefined>): Hit | undefined {
	return hits.find(hit => hit?.decision === 'deny') ?? hits.find(hit => hit !== undefined);
}
