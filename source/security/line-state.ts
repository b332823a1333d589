import {type CommandView, confirm, type Hit} from './rule-types.js';
import type {Verdict} from './verdict.js';

/**
 * What earlier lines of one pane set up, as far as the policy saw them. The input gate keeps one
 * per pane and passes it to every classification, so a function or alias defined earlier is
 * judged where it is called.
 */
export interface PaneContext {
	/** Functions and aliases defined in the pane, with the verdict of what they run. */
	readonly functions: Map<string, Verdict>;
	/** The pane's working directory when known: relative writes are resolved against it. */
	cwd?: string;
	/** False where `!` is literal (not an interactive shell's prompt). */
	historyExpansion?: boolean;
}

/** A fresh context for a new pane. */
export function createPaneContext(cwd?: string): PaneContext {
	return {functions: new Map(), cwd};
}

/** A context for a command an agent runs in its own non-interactive shell, where `!` is literal. */
export function agentCommandContext(cwd?: string): PaneContext {
	return {functions: new Map(), cwd, historyExpansion: false};
}

/** What a state-changing builtin embeds: command text to judge, and a floor of `confirm`. */
export interface StateFindings {
	hits: Hit[];
	/** Command text the builtin will run later, judged as a line. */
	lines: string[];
	/** Names this line defines (aliases), with the text they stand for. */
	defines: Array<{name: string; text: string}>;
}

/** `alias`, `trap`, `hash -p`, `enable -f`, `complete -C`, `bind -x`: they change what later lines run. */
export function stateFindings(view: CommandView): StateFindings | undefined {
	const values = view.values;
	const text = view.text;
	switch (view.name) {
		case 'alias': {
			const defines: StateFindings['defines'] = [];
			for (const value of values) {
				const match = /^([^=\s]+)=(.*)$/s.exec(value);
				if (match) defines.push({name: match[1]!, text: match[2]!});
			}

			if (defines.length === 0) return undefined;
			return {
				hits: [confirm('alias-definition', `'${text}' makes a name run other commands in later lines`)],
				lines: defines.map(define => define.text),
				defines,
			};
		}

		case 'trap': {
			const operands = values.filter(value => !/^-[lp]$/.test(value) && value !== '--');
			if (values.some(value => value === '-l' || value === '-p') || operands.length < 2) return undefined;
			const [action] = operands;
			if (action === undefined || action === '-' || action === '') return undefined;
			return {hits: [confirm('trap-command', `'${text}' runs a command later, on a signal or at exit`)], lines: [action], defines: []};
		}

		case 'hash': {
			return values.some(value => /^-[a-zA-Z]*p/.test(value)) ? {hits: [confirm('hash-path', `'${text}' makes a command name run another file`)], lines: [], defines: []} : undefined;
		}

		case 'enable': {
			return values.some(value => /^-[a-zA-Z]*[fn]/.test(value)) ? {hits: [confirm('enable-builtin', `'${text}' loads or hides shell builtins`)], lines: [], defines: []} : undefined;
		}

		case 'complete':
		case 'compgen': {
			const index = values.indexOf('-C');
			if (index === -1) return undefined;
			return {hits: [confirm('completion-command', `'${text}' runs a command whenever completion is asked for`)], lines: [values[index + 1] ?? ''], defines: []};
		}

		case 'bind': {
			const index = values.findIndex(value => /^-[a-zA-Z]*x/.test(value));
			if (index === -1) return undefined;
			const spec = values[index]!.length > 2 ? values[index]!.replace(/^-[a-zA-Z]*x/, '') : (values[index + 1] ?? '');
			const command = /^\s*"(?:[^"\\]|\\.)*"\s*:\s*(.*)$/s.exec(spec)?.[1] ?? spec;
			return {hits: [confirm('bind-command', `'${text}' binds a key to a shell command`)], lines: [command.replace(/^"(.*)"$/s, '$1')], defines: []};
		}

		case 'fc': {
			// `fc -s` and `fc -e -` run earlier commands again, unseen.
			return values.some(value => /^-[a-zA-Z]*[se]/.test(value)) ? {hits: [confirm('history-rerun', `'${text}' runs commands from the shell's history again`)], lines: [], defines: []} : undefined;
		}

		default: {
			return undefined;
		}
	}
}

/**
 * The history expansion an interactive bash would perform on this line (`!!`, `!$`, `!-2`,
 * `!git`, `^a^b`), or undefined. `!` followed by a blank, `=`, `(` or the end is literal, as is
 * `!` in single quotes, after a backslash, in `$!` and `${!x}`, and before a closing `"`.
 */
export function historyExpansion(line: string): string | undefined {
	if (/^\s*\^[^^\s]*\^/.test(line)) return line.trim().split(/\s/)[0];
	let single = false;
	let double = false;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (single) {
			if (char === "'") single = false;
			continue;
		}

		if (char === '\\') {
			index++;
			continue;
		}

		if (char === "'" && !double) {
			single = true;
			continue;
		}

		if (char === '"') {
			double = !double;
			continue;
		}

		if (char !== '!') continue;
		const next = line[index + 1];
		const previous = line[index - 1];
		if (next === undefined || /[\s=(]/.test(next) || (double && next === '"')) continue;
		if (previous === '$' || (previous === '{' && line[index - 2] === '$') || previous === '[') continue;
		return line.slice(index, index + 12).split(/\s/)[0];
	}

	return undefined;
}
