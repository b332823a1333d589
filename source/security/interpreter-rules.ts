import type {CodeJudgment} from './code-judgment.js';
import {type CodeLanguage, withCodeTree} from './code-parsers.js';
import type {StdinSource} from './command-walker.js';
import {judgeJavaScript} from './javascript-code-rules.js';
import {judgePython} from './python-code-rules.js';
import {type CommandView, confirm, deny, type Hit} from './rule-types.js';
import type {Word} from './shell-words.js';

const shells = new Set([
	'sh',
	'bash',
	'zsh',
	'dash',
	'ksh',
	'ksh93',
	'mksh',
	'pdksh',
	'oksh',
	'ash',
	'fish',
	'csh',
	'tcsh',
	'yash',
	'posh',
	'rbash',
	'nu',
	'xonsh',
	'elvish',
	'pwsh',
	'powershell',
	'pwsh.exe',
	'powershell.exe',
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
	/** A grammar reads the code; otherwise text patterns do. */
	grammar?: CodeLanguage;
	/** Without a grammar: shapes that look like an exec primitive or reflection, so `confirm`. */
	suspicious?: RegExp[];
}

// Shapes without a grammar that may hide a process or run text as code.
const perlSuspicious = [/\b(eval|exec|system|fork|syscall|kill|do\s+["'$]|require\s+\$)\b/, /&\$\w|&\{|->\s*\$\w+\s*\(|\*\{|\bcan\s*\(|::\{/, /\/[a-z]*e[a-z]*e[a-z]*\s*(;|$)/];
const rubySuspicious = [
	/\b(send|public_send|__send__|instance_eval|class_eval|module_eval|instance_exec|class_exec|define_method|const_get|method|binding|eval|fork|exec|system|spawn|syscall|trap|load|Kernel|ObjectSpace|Fiddle|DL)\b/,
	/\brequire\s*\(?\s*[^'"\s(]/,
];
const phpSuspicious = [
	/\$\w+\s*\(|\$\{|\$\$\w|\(\s*\$\w+\s*\)\s*\(/,
	/\b(call_user_func(_array)?|create_function|assert|array_map|array_filter|array_walk|usort|uasort|uksort|register_shutdown_function|register_tick_function|forward_static_call(_array)?|include|include_once|require|require_once|eval|pcntl_fork|mail|putenv|dl|FFI|Reflection\w*|Closure::fromCallable|invoke|invokeArgs)\b/i,
];
const luaSuspicious = [
	/\b(load|loadstring|dofile|loadfile|require|setfenv|getfenv|debug|package\.loadlib|_ENV|jobstart|termopen|nvim_command|nvim_exec2?|nvim_call_function)\b/,
	/_G\s*\[|\bvim\s*\.\s*(cmd|fn|api|uv|loop)\b/,
];
const rSuspicious = [/\b(eval|evalq|parse|do\.call|get|get0|mget|match\.fun|source|sys\.source|shell|pipe|dyn\.load|Recall)\s*\(/];
const juliaSuspicious = [/\b(eval|include|include_string|ccall|Meta\.parse|@eval|run|pipeline|spawn|open)\b/];
const osascriptSuspicious = [/\b(run script|do script|load script|call method|current application)\b/i];

const languages: Array<[RegExp, Language]> = [
	[/^(python[\d.]*|pypy[\d.]*)$/, {inline: ['-c'], inlineLetters: 'c', values: ['-W', '-X', '-Q'], program: ['-m'], grammar: 'python'}],
	[
		/^(node|nodejs|ts-node|tsx)$/,
		{inline: ['-e', '--eval', '-p', '--print'], inlineLetters: 'ep', values: ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions'], grammar: 'javascript'},
	],
	[/^bun$/, {inline: ['-e', '--eval', '-p', '--print'], values: ['-r', '--preload', '--cwd'], grammar: 'javascript'}],
	[/^perl[\d.]*$/, {inline: ['-e', '-E'], inlineLetters: 'eE', values: ['-I', '-M', '-m', '-x'], backticks: true, suspicious: perlSuspicious}],
	[/^(ruby|jruby|truffleruby)$/, {inline: ['-e'], inlineLetters: 'e', values: ['-I', '-r', '-C'], backticks: true, suspicious: rubySuspicious}],
	[/^php[\d.]*$/, {inline: ['-r'], values: ['-c', '-d', '-z'], program: ['-f'], backticks: true, suspicious: phpSuspicious}],
	[/^(lua[\d.]*|luajit)$/, {inline: ['-e'], values: ['-l'], suspicious: luaSuspicious}],
	[/^(Rscript|R)$/, {inline: ['-e', '--expr'], values: [], suspicious: rSuspicious}],
	[/^osascript$/, {inline: ['-e'], values: ['-l'], suspicious: osascriptSuspicious}],
	[/^julia$/, {inline: ['-e', '-E', '--eval', '--print'], values: ['-L', '--load', '-J', '-t', '-p'], backticks: true, suspicious: juliaSuspicious}],
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
	/\bsubprocess\b/,
	/\bpty\s*\.\s*spawn/,
	/\bcommands\s*\.\s*getoutput/,
	/\bctypes\b/,
	/\bchild_process\b/,
	/\bexec(Sync|File|FileSync|v|vp|vpe|l|lp|le|ve)?\s*\(/,
	/\bspawn(Sync)?\s*\(/,
	/\bfork\s*\(/,
	/\bsystem2?\s*\(/,
	/\b(system|exec)\s+["'$`[]/,
	/\bpopen\b/,
	/\b(proc_open|shell_exec|passthru|pcntl_exec)\b/,
	/\bOpen3\b/,
	/\bKernel\s*\.\s*(exec|system|spawn)/,
	/\bProcess\s*\.\s*spawn/,
	/\bIO\s*\.\s*popen/,
	/\bDeno\s*\.\s*(run|Command)\b/,
	/\bBun\s*\.\s*(spawn\w*|\$)/,
	/\bdo\s+shell\s+script\b/,
	/\bprocess\s*\.\s*binding\b/,
	/\b__import__\b/,
	/\bimportlib\b/,
	/\beval\s*\(/,
	/\bnew\s+Function\s*\(/,
	/\bqx\s*[{([/|'"]/,
	/%x[{([|]/,
	/\bsystem\s*\(|\|\s*getline|print[^;]*\|\s*"/,
	// `system q(id)`, Ruby's `spawn "id"`, and pipe opens: `open(F, "|sh")`, `open("| id")`, `open(F, "-|")`.
	/\b(system|exec|spawn)\s+q[qwx]?\s*[^\w\s]/,
	/\bspawn\s+["'$`[%]/,
	/\bopen\s*\(?[^;]*?(["']\s*\||\|\s*["']|["'](-\||\|-)["'])/,
];

// A string that names an exec primitive is how a variable function or `send` call is aimed.
const primitiveNames = /["'](system|exec|shell_exec|passthru|popen|proc_open|spawn|pcntl_exec|eval|assert|create_function|call_user_func|syscall|fork|execute)["']/;

const deletePatterns: RegExp[] = [
	/\bshutil\s*\.\s*rmtree\b/,
	/\brm(dir)?Sync\s*\(/,
	/\bfs\s*\.\s*(promises\s*\.\s*)?(rm|rmdir|unlink)\s*\(/,
	/\brimraf\b/,
	/\bFileUtils\s*\.\s*rm/,
	/\bos\s*\.\s*(remove|unlink|rmdir|removedirs)\b/,
	/\bunlink\s*\(/,
	/\bDeno\s*\.\s*remove/,
	/\brmtree\b/,
];

/** Whether program text starts processes. */
export function codeStartsProcesses(code: string, backticks = true): boolean {
	if (spawnPatterns.some(pattern => pattern.test(code))) return true;
	return backticks && /`[^`]+`/.test(code);
}

function judgeCode(view: CommandView, code: string, language: Language, how: string): Hit | undefined {
	if (language.grammar) return judgeParsed(view, code, language.grammar, how);
	if (codeStartsProcesses(code, language.backticks ?? false)) {
		return deny('inline-code-exec', `'${view.name}' runs ${how} that starts processes`);
	}

	if (deletePatterns.some(pattern => pattern.test(code))) {
		return confirm('inline-code-delete', `'${view.name}' runs ${how} that deletes files`);
	}

	if (language.suspicious?.some(pattern => pattern.test(code)) || (language.suspicious && primitiveNames.test(code))) {
		return confirm('inline-code-unclear', `'${view.name}' runs ${how} that may start processes or run text as code`);
	}

	return undefined;
}

const judges: Record<CodeLanguage, (tree: Parameters<typeof judgePython>[0]) => CodeJudgment> = {python: judgePython, javascript: judgeJavaScript};

/** Inline Python or JavaScript, read by its grammar. */
function judgeParsed(view: CommandView, code: string, grammar: CodeLanguage, how: string): Hit | undefined {
	const judgment = withCodeTree(grammar, code, judges[grammar]);
	if (!judgment) return confirm('inline-code-unchecked', `'${view.name}' runs ${how} that could not be checked (no ${grammar} parser loaded)`);
	const reason = `'${view.name}' runs ${how} that ${judgment.what}`;
	if (judgment.decision === 'deny') return deny('inline-code-exec', reason);
	if (judgment.decision === 'allow') return undefined;
	if (judgment.what.startsWith('deletes')) return confirm('inline-code-delete', reason);
	return confirm(judgment.what.startsWith('cannot be parsed') ? 'inline-code-unparsed' : 'inline-code-unclear', reason);
}

/** Code whose text the shell computes (`"$(curl …)"`, `"$X"`) cannot be judged before it runs. */
function dynamicCode(view: CommandView, word: Word | undefined, language?: Language): Hit | undefined {
	if (!word?.dynamic) return undefined;
	// `awk "/$name/"` is an everyday way to pass a value, if an unsafe one: ask rather than block.
	if (language?.programIsOperand) return confirm('inline-code-dynamic', `'${view.name}' runs a program the shell fills in at run time: ${word.source}`);
	return deny('inline-code-dynamic', `'${view.name}' runs inline code the shell computes at run time: ${word.source}`);
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
	return `${view.stdin.upstream.map(command => command.text).join(' | ')} | ${view.text}`;
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
			if (
				powershell
					? /^-(c|command|e|ec|encodedcommand|commandwithargs|cwa)$/.test(lower)
					: /^-[a-zA-Z]*c[a-zA-Z]*$/.test(value) || ['--command', '--commands', '--init-command'].includes(value) || (view.name === 'fish' && value === '-C')
			) {
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
	let codeWord: Word | undefined;
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
				codeWord = eq === -1 || !value.startsWith('--') ? view.args[index + 1] : word;
				code = eq === -1 || !value.startsWith('--') ? codeWord?.value : value.slice(eq + 1);
				break;
			}

			const attached = clusteredCode(value, language.inlineLetters ?? '');
			if (attached !== undefined) {
				codeWord = attached === '' ? view.args[index + 1] : word;
				code = attached === '' ? codeWord?.value : attached;
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
		codeWord = operand;
		operand = undefined;
		hasProgram = true;
	}

	if (code !== undefined) return dynamicCode(view, codeWord, language) ?? judgeCode(view, code, language, 'inline code');
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
	const [sub, ...rest] = view.values.filter(value => !value.startsWith('-'));
	const language: Language = {inline: [], values: [], grammar: 'javascript'};
	if (sub === 'eval' && rest[0] !== undefined) {
		const words = view.args.filter(word => rest.includes(word.value));
		return (
			dynamicCode(
				view,
				words.find(word => word.dynamic),
			) ?? judgeCode(view, rest.join(' '), language, 'inline code')
		);
	}
	if (sub === 'run' || sub === undefined) {
		const target = view.args.find(word => word.value === rest[0]);
		if (target && (target.processSubstitution || isGeneratedPath(target.value))) {
			return deny('run-generated', `'deno' runs a generated program: ${view.text}`);
		}

		if (rest[0] === '-' && view.stdin?.kind === 'pipe') {
			return deny('pipe-to-interpreter', `text piped into 'deno' runs as a program: ${view.text}`);
		}
	}

	return undefined;
}
