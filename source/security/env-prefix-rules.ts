import type {Assignment} from './command-walker.js';
import {type CommandView, confirm, deny, type Hit} from './rule-types.js';

/** What an assignment makes a shell or program run: findings, and command text to judge as a line. */
export interface AssignmentFindings {
	hits: Hit[];
	/** Shell text the value holds; each is judged as a command line (and is at least `confirm` when `floor` says so). */
	lines: Array<{text: string; floor?: Hit}>;
}

// Variables whose value a program runs as a command (through a shell or as argv).
const commandVariables = new Set([
	'GIT_SSH_COMMAND',
	'GIT_SSH',
	'GIT_PAGER',
	'PAGER',
	'MANPAGER',
	'SYSTEMD_PAGER',
	'BAT_PAGER',
	'DELTA_PAGER',
	'EDITOR',
	'VISUAL',
	'GIT_EDITOR',
	'GIT_SEQUENCE_EDITOR',
	'SVN_EDITOR',
	'FCEDIT',
	'SUDO_EDITOR',
	'GIT_EXTERNAL_DIFF',
	'GIT_ASKPASS',
	'SSH_ASKPASS',
	'SUDO_ASKPASS',
	'GIT_PROXY_COMMAND',
	'LESSOPEN',
	'LESSCLOSE',
	'BROWSER',
	'TERMINAL',
	'RSYNC_RSH',
	'CVS_RSH',
	'RSYNC_CONNECT_PROG',
]);
// Variables that make a shell or interpreter load code before it does anything else.
const loaderVariables = new Set([
	'LD_PRELOAD',
	'LD_AUDIT',
	'DYLD_INSERT_LIBRARIES',
	'DYLD_LIBRARY_PATH',
	'DYLD_FRAMEWORK_PATH',
	'PYTHONSTARTUP',
	'PERL5OPT',
	'PERL5DB',
	'RUBYOPT',
	'BASH_ENV',
	'ENV',
	'ZDOTDIR',
	'PROMPT_COMMAND',
	'JAVA_TOOL_OPTIONS',
	'_JAVA_OPTIONS',
	'GCONV_PATH',
]);
const promptVariables = new Set(['PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT', 'RPROMPT', 'RPS1']);

/** Whether a PATH-like entry is one a project or anyone can write: `.`, empty, relative, or a temporary folder. */
function writableEntry(entry: string): boolean {
	if (entry === '' || entry === '.' || entry === '..') return true;
	if (/^(~|\$HOME|\$\{HOME\}|\$PATH|\$\{PATH\}|\$\w)/.test(entry)) return false;
	if (!entry.startsWith('/')) return true;
	return /^\/(tmp|var\/tmp|dev\/shm)(\/|$)/.test(entry);
}

/** Command substitutions in a prompt string: the prompt runs them every time it is drawn. */
function promptCommands(raw: string): string[] {
	const found: string[] = [];
	for (const match of raw.matchAll(/\$\(([^()]*(?:\([^()]*\)[^()]*)*)\)|`([^`]*)`/g)) found.push(match[1] ?? match[2] ?? '');
	return found;
}

/** Judges one `NAME=value` for what it makes later commands run. */
export function judgeAssignment(assignment: Assignment): AssignmentFindings {
	const {name, value, raw} = assignment;
	const text = assignment.text;
	const findings: AssignmentFindings = {hits: [], lines: []};
	const unknown = value.dynamic && (value.substitution || value.mayBeOption);
	if (commandVariables.has(name) || /^GIT_CONFIG_VALUE_\d+$/.test(name)) {
		// LESSOPEN='|cmd %s' and git's `!cmd` aliases mark shell text with a leading character.
		const code = value.value.replace(/^\s*(\|\|?|-|!)/, '').replaceAll('%s', 'file');
		if (unknown) findings.hits.push(confirm('env-command', `'${text}' sets ${name} to a command only the shell knows`));
		else if (code.trim() !== '') findings.lines.push({text: code});
	}

	if (name === 'BASH_ALIASES' || name === 'BASH_CMDS') {
		findings.hits.push(confirm('alias-definition', `'${text}' makes a name run other commands in later lines`));
		if (value.value.trim() !== '') findings.lines.push({text: value.value});
	}

	if (/^GIT_CONFIG_(COUNT|KEY_\d+|PARAMETERS|GLOBAL|SYSTEM)$|^GIT_CONFIG$/.test(name)) {
		findings.hits.push(confirm('git-config-env', `'${text}' changes git settings through the environment`));
	}

	if (loaderVariables.has(name)) {
		if (value.processSubstitution || value.substitution) {
			findings.hits.push(deny('run-generated', `'${text}' makes the shell load generated text as code`));
		} else {
			findings.hits.push(confirm('loader-env', `'${text}' makes programs load code from ${name}`));
			if (name === 'PROMPT_COMMAND' && value.value.trim() !== '') findings.lines.push({text: value.value});
		}
	}

	if (name === 'LD_LIBRARY_PATH' && value.value.split(':').some(entry => writableEntry(entry))) {
		findings.hits.push(confirm('loader-env', `'${text}' loads libraries from a folder anyone or the project can write`));
	}

	if (name === 'NODE_OPTIONS' && /(^|\s)(-r|--require|--import|--loader|--experimental-loader)\b/.test(value.value)) {
		findings.hits.push(confirm('loader-env', `'${text}' makes every node process load a module first`));
	}

	if (promptVariables.has(name)) {
		const commands = promptCommands(raw.startsWith("'") || raw.startsWith('"') ? raw.slice(1, -1) : raw);
		const floor = confirm('prompt-command', `'${text}' runs a command every time the prompt is drawn`);
		for (const command of commands) findings.lines.push({text: command, floor});
		if (commands.length === 0 && /\$\(|`/.test(raw)) findings.hits.push(floor);
	}

	if (name === 'PATH') {
		const entries = value.value.split(':');
		const end = entries.findIndex(entry => /^\$\{?PATH\}?$/.test(entry));
		const first = end === -1 ? entries : entries.slice(0, end);
		if (first.some(entry => writableEntry(entry))) {
			findings.hits.push(confirm('path-hijack', `'${text}' puts a folder the project or anyone can write before the system's commands`));
		}
	}

	return findings;
}

/** `NAME=value` words a wrapper takes before its command (`env A=1 cmd`, `sudo A=1 cmd`), as assignments. */
export function leadingAssignments(words: Array<{value: string; source: string} & Assignment['value']>, text: string): Assignment[] {
	const found: Assignment[] = [];
	for (const word of words) {
		const match = /^([A-Za-z_]\w*)=(.*)$/s.exec(word.value);
		if (!match) {
			if (word.value.startsWith('-')) continue;
			break;
		}

		found.push({name: match[1]!, value: {...word, value: match[2]!}, raw: match[2]!, append: false, text, start: 0});
	}

	return found;
}

/** `node --import=data:…`, `node -r https://…`: a loader option that brings code from no file on disk. */
export function loaderOptionHit(view: CommandView): Hit | undefined {
	if (!/^(node|nodejs|bun|deno|tsx|ts-node)$/.test(view.name)) return undefined;
	for (let index = 0; index < view.values.length; index++) {
		const value = view.values[index]!;
		const [option, inline] = value.split(/=(.*)/s, 2);
		if (!['-r', '--require', '--import', '--loader', '--experimental-loader', '--preload'].includes(option ?? '')) continue;
		const module = inline ?? view.values[index + 1] ?? '';
		if (/^(data|https?):/i.test(module) || view.args[inline === undefined ? index + 1 : index]?.unknown) {
			return confirm('loader-option', `'${view.text}' loads code that is not a file on disk (${module.slice(0, 40)})`);
		}
	}

	return undefined;
}
