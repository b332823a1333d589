import type {StdinSource} from './command-walker.js';
import {confirm, deny, type CommandView, type Hit} from './rule-types.js';

const shells = new Set([
	'sh', 'bash', 'zsh', 'dash', 'ksh', 'ksh93', 'mksh', 'pdksh', 'oksh', 'ash', 'fish', 'csh', 'tcsh', 'yash', 'posh',
	'rbash', 'nu', 'xonsh', 'elvish', 'pwsh', 'powershell', 'pwsh.exe', 'powershell.exe',
]);

/** Whether a command name is a shell. */
export function isShell(name: string): boolean {
	return shells.has(name);
}

interface Language {
	/** Options whose value is program text. */
	inline: string[];
	/** Letters that carry program text when clustered (`perl -ne`, `python -Ic`). */
	inlineLetters?: string;
	/** Options that take a separate value (so that value is not the script operand). */
	values: string[];
	/** Options that name the program some other way (`python -m mod`, `awk -f prog`). */
	program?: string[];
	/** The program is the first operand, not a file (awk). */
	programIsOperand?: boolean;
	/** Languages where backticks run a command. */
	backticks?: boolean;
}

const languages: Array<[RegExp, Language]> = [
	[/^(python[\d.]*|pypy[\d.]*)$/, {inline: ['-c'], inlineLetters: 'c', values: ['-W', '-X', '-Q'], program: ['-m']}],
	[/^(node|nodejs|ts-node|tsx)$/, {inline: ['-e', '--eval', '-p', '--print'], inlineLetters: 'ep', values: ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions']}],
	[/^bun$/, {inline: ['-e', '--eval', '-p', '--print'], values: ['-r', '--preload', '--cwd']}],
	[/^perl[\d.]*$/, {inline: ['-e', '-E'], inlineLetters: 'eE', values: ['-I', '-M', '-m', '-x'], backticks: true}],
	[/^(ruby|jruby|truffleruby)$/, {inline: ['-e'], inlineLetters: 'e', values: ['-I', '-r', '-C'], backticks: true}],
	[/^php[\d.]*$/, {inline: ['-r'], values: ['-c', '-d', '-z'], program: ['-f'], backticks: true}],
	[/^(lua[\d.]*|luajit)$/, {inline: ['-e'], values: ['-l']}],
	[/^(Rscript|R)$/, {inline: ['-e', '--expr'], values: []}],
	[/^osascript$/, {inline: ['-e'], values: ['-l']}],
	[/^julia$/, {inline: ['-e', '-E', '--eval', '--print'], values: ['-L', '--load', '-J', '-t', '-p']}],
	[/^(tclsh[\d.]*|wish)$/, {inline: [], values: []}],
	[/^(awk|gawk|mawk|nawk)$/, {inline: ['--source', '-e'], values: ['-F', '-v', '--assign', '--field-separator'], program: ['-f', '--file'], programIsOperand: true, backticks: false}],
];

/** The interpreter description for a command name, if it is one. */
function languageOf(name: string): Language | undefined {
	return languages.find(([pattern]) => pattern.test(name))?.[1];
}

// Inline code that starts processes (or evaluates strings into code, which
// hides the same thing one level down).
const spawnPatterns: RegExp[] = [
	/\bos\s*\.\s*(system|popen|exec\w*|spawn\w*|posix_spawn\w*|fork\w*|execute)\b/,
	/\bsubprocess\b/, /\bpty\s*\.\s*spawn/, /\bcommands\s*\.\s*getoutput/, /\bctypes\b/,
	/\bchild_process\b/, /\bexec(Sync|File|FileSync|v|vp|vpe|l|lp|le|ve)?\s*\(/, /\bspawn(Sync)?\s*\(/, /\bfork\s*\(/,
	/\bsystem2?\s*\(/, /\b(system|exec)\s+["'$`[]/, /\bpopen\b/, /\b(proc_open|shell_exec|passthru|pcntl_exec)\b/,
	/\bOpen3\b/, /\bKernel\s*\.\s*(exec|system|spawn)/, /\bProcess\s*\.\s*spawn/, /\bIO\s*\.\s*popen/,
	/\bDeno\s*\.\s*(run|Command)\b/, /\bBun\s*\.\s*(spawn\w*|\$)/, /\bdo\s+shell\s+script\b/,
	/\bprocess\s*\.\s*binding\b/, /\b__import__\b/, /\bimportlib\b/, /\beval\s*\(/, /\bnew\s+Function\s*\(/,
	/\bqx\s*[{(\[/|'"]/, /%x[{(\[|]/, /\bsystem\s*\(|\|\s*getline|print[^;]*\|\s*"/,
];

const deletePatterns: RegExp[] = [
	/\bshutil\s*\.\s*rmtree\b/, /\brm(dir)?Sync\s*\(/, /\bfs\s*\.\s*(promises\s*\.\s*)?(rm|rmdir|unlink)\s*\(/, /\brimraf\b/,
	/\bFileUtils\s*\.\s*rm/, /\bos\s*\.\s*(remove|unlink|rmdir|removedirs)\b/, /\bunlink\s*\(/, /\bDeno\s*\.\s*remove/,
	/\brmtree\b/,
];

/** Whether program text starts processes. */
export function codeStartsProcesses(code: string, backticks = true): boolean {
	if (spawnPatterns.some((pattern) => pattern.test(code))) return true;
	return backticks && /`[^`]+`/.test(code);
}

function judgeCode(view: CommandView, code: string, language: Language, how: string): Hit | undefined {
	if (codeStartsProcesses(code, language.backticks ?? false)) {
		return deny('inline-code-exec', `'${view.name}' runs ${how} that starts processes`);
	}

	if (deletePatterns.some((pattern) => pattern.test(code))) {
		return confirm('inline-code-delete', `'${view.name}' runs ${how} that deletes files`);
	}

	return undefined;
}

/**
 * Program text from a short-option cluster: `-ne` and `-pe` take the next
 * argument, `-c'print(1)'` carries it attached. '' means "next argument",
 * undefined means the cluster has no inline-code letter.
 */
function clusteredCode(value: string, letters: string): string | undefined {
	if (value.startsWith('--')) return undefined;
	for (let index = 1; index < value.length && /[a-zA-Z]/.test(value[index]!); index++) {
		if (!letters.includes(value[index]!)) continue;
		const rest = value.slice(index + 1);
		return /^[a-zA-Z]*$/.test(rest) ? '' : rest;
	}

	return undefined;
}

function isGeneratedPath(value: string): boolean {
	return /^(\/dev\/stdin|\/dev\/fd\/\d+|\/proc\/self\/fd\/\d+|\/proc\/\d+\/fd\/\d+)$/.test(value);
}

/** The pipeline feeding a command, for messages: `curl … | sh`. */
function pipelineText(view: CommandView): string {
	if (view.stdin?.kind !== 'pipe' || view.stdin.upstream.length === 0) return view.text;
	return `${view.stdin.upstream.map((command) => command.text).join(' | ')} | ${view.text}`;
}

function stdinKind(stdin: StdinSource | undefined, bulk: boolean): StdinSource['kind'] | undefined {
	return bulk ? undefined : stdin?.kind;
}

/** Rules for shells: `-c` strings, piped programs, generated scripts. */
export function checkShell(view: CommandView): Hit | undefined {
	if (!isShell(view.name)) return undefined;
	let script: string | undefined;
	let scriptWord: CommandView['args'][number] | undefined;
	let readsStdin = false;
	const powershell = /^(pwsh|powershell)/.test(view.name);
	for (let index = 0; index < view.args.length; index++) {
		const word = view.args[index]!;
		const value = word.value;
		if (value === '--' || value === '-') {
			scriptWord = view.args[index + 1];
			script = scriptWord?.value;
			if (value === '-') readsStdin = true;
			break;
		}

		if (/^[-+]/.test(value) && value.length > 1) {
			const lower = value.toLowerCase();
			if (powershell
				? /^-(c|command|e|ec|encodedcommand|commandwithargs|cwa)$/.test(lower)
				: /^-[a-zA-Z]*c[a-zA-Z]*$/.test(value) || ['--command', '--commands', '--init-command'].includes(value)
					|| (view.name === 'fish' && value === '-C')) {
				return deny('shell-string', `'${view.name}' runs a shell string: ${view.text}`);
			}

			if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(value) && !powershell) readsStdin = true;
			if (['-o', '+o', '-O', '+O', '--rcfile', '--init-file'].includes(value)) index++;
			if (powershell && /^-(file|f)$/.test(lower)) {
				scriptWord = view.args[index + 1];
				script = scriptWord?.value;
				break;
			}

			continue;
		}

		scriptWord = word;
		script = value;
		break;
	}

	if (scriptWord && (scriptWord.processSubstitution || scriptWord.substitution || isGeneratedPath(scriptWord.value))) {
		return deny('run-generated', `'${view.name}' runs a generated or downloaded script: ${view.text}`);
	}

	if (script !== undefined && !readsStdin && script !== '-') return undefined;
	switch (stdinKind(view.stdin, view.bulk)) {
		case 'pipe': {
			return deny('pipe-to-shell', `text piped into '${view.name}' runs as commands: ${pipelineText(view)}`);
		}

		case 'heredoc':
		case 'herestring': {
			return deny('shell-string', `'${view.name}' runs a here-document as commands: ${view.text}`);
		}

		case 'generated': {
			return deny('run-generated', `'${view.name}' runs generated text as commands: ${view.text}`);
		}

		default: {
			return undefined;
		}
	}
}

/** Rules for interpreters: inline code that starts processes, piped or generated programs. */
export function checkInterpreter(view: CommandView): Hit | undefined {
	const language = languageOf(view.name);
	if (view.name === 'deno') return checkDeno(view);
	if (!language) return undefined;
	const inline = new Set(language.inline);
	const values = new Set(language.values);
	const program = new Set(language.program);
	let code: string | undefined;
	let hasProgram = false;
	let operand: CommandView['args'][number] | undefined;
	for (let index = 0; index < view.args.length; index++) {
		const word = view.args[index]!;
		const value = word.value;
		if (value === '--') {
			operand = view.args[index + 1];
			break;
		}

		if (value.startsWith('-') && value.length > 1) {
			const eq = value.indexOf('=');
			const option = value.startsWith('--') && eq !== -1 ? value.slice(0, eq) : value;
			if (inline.has(option)) {
				code = eq === -1 || !value.startsWith('--') ? view.args[index + 1]?.value : value.slice(eq + 1);
				break;
			}

			const attached = clusteredCode(value, language.inlineLetters ?? '');
			if (attached !== undefined) {
				code = attached === '' ? view.args[index + 1]?.value : attached;
				break;
			}

			if (program.has(option)) {
				hasProgram = true;
				break;
			}

			if (values.has(value)) index++;
			continue;
		}

		operand = word;
		break;
	}

	if (code === undefined && language.programIsOperand && operand && !hasProgram) {
		code = operand.value;
		operand = undefined;
		hasProgram = true;
	}

	if (code !== undefined) return judgeCode(view, code, language, 'inline code');
	if (hasProgram) return undefined;
	if (operand && (operand.processSubstitution || operand.substitution || isGeneratedPath(operand.value))) {
		return deny('run-generated', `'${view.name}' runs a generated or downloaded program: ${view.text}`);
	}

	if (operand && operand.value !== '-') return undefined;
	const stdin = view.bulk ? undefined : view.stdin;
	switch (stdin?.kind) {
		case 'pipe': {
			return deny('pipe-to-interpreter', `text piped into '${view.name}' runs as a program: ${pipelineText(view)}`);
		}

		case 'heredoc':
		case 'herestring': {
			return judgeCode(view, stdin.text, language, 'a here-document program');
		}

		case 'generated': {
			return deny('run-generated', `'${view.name}' runs generated text as a program: ${view.text}`);
		}

		default: {
			return undefined;
		}
	}
}

function checkDeno(view: CommandView): Hit | undefined {
	const [sub, ...rest] = view.values.filter((value) => !value.startsWith('-'));
	const language: Language = {inline: [], values: []};
	if (sub === 'eval' && rest[0] !== undefined) return judgeCode(view, rest.join(' '), language, 'inline code');
	if (sub === 'run' || sub === undefined) {
		const target = view.args.find((word) => word.value === rest[0]);
		if (target && (target.processSubstitution || isGeneratedPath(target.value))) {
			return deny('run-generated', `'deno' runs a generated program: ${view.text}`);
		}

		if (rest[0] === '-' && view.stdin?.kind === 'pipe') {
			return deny('pipe-to-interpreter', `text piped into 'deno' runs as a program: ${view.text}`);
		}
	}

	return undefined;
}
