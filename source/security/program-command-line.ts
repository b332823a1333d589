import {quoteArgv} from './quote-argv.js';
import {stronger, type Verdict} from './verdict.js';

/** Full-screen programs whose own command line can run shell commands. */
export type ProgramFamily = 'vim' | 'pager';

const vimNames = /^(g?vim?|nvim|n?view|vimdiff|nvi|elvis|vile|ex|vimx|mvim)$/;
// Editors whose prompt for a shell command is a labelled line: emacs's `M-!`, nano's `^T`.
const promptEditors = /^(emacs|emacs-nox|emacs-\d.*|mg|nano|rnano|pico|jed)$/;
const pagerNames = /^(less|more|most|pg|man)$/;
// Programs that run an editor or a pager in their own process group (`git commit`, `git log`),
// so the pane's foreground process has their name, not the editor's.
const hostNames = /^(git|hg|svn|crontab|visudo|sudoedit|journalctl|systemctl|psql|mysql|mariadb|mycli|pgcli|sqlite3|gdb|ipython3?)$/;
// Interactive programs whose input line runs a shell command after their prompt:
// IPython `In [3]: !cmd`, psql `db=# \! cmd`, mysql `mysql> \! cmd` / `system cmd`,
// sqlite `sqlite> .shell cmd`, gdb `(gdb) shell cmd`.
const replEscape = /^(?:In \[\d+\]: (?=!)|\S*[=-][#>] \\!|(?:mysql|MariaDB \[[^\]]*\])> (?:\\!|system\b)|sqlite> \.(?:system|shell)\b|\(gdb\) (?:shell\b|!))/;

/** The visible screen of a pane, as the gate reads it on Enter. */
export interface ProgramScreen {
	/** Foreground process name (basename). */
	program: string | undefined;
	/** Visible rows, untrimmed except for what the terminal never drew. */
	rows: string[];
	cursorRow: number;
	cols: number;
}

/**
 * Whether Enter in this program may run a command line it shows: vim's `:`
 * line or a pager's `!` prompt. Known programs are always read (after the
 * pane has settled); any other program only when its cursor is on the last
 * row, where such a line is drawn.
 */
export function mayShowCommandLine(program: string | undefined, cursorOnLastRow: boolean): boolean {
	const name = program?.split('/').at(-1) ?? '';
	return vimNames.test(name) || pagerNames.test(name) || promptEditors.test(name) || hostNames.test(name) || cursorOnLastRow;
}

/**
 * The command line the program shows where the cursor is: the last rows of
 * the screen, joined where vim wrapped a long one. Undefined when the cursor
 * is not on the last row or the row is not a command line.
 */
export function readCommandLine(screen: ProgramScreen): string | undefined {
	const repl = replEscape.exec(screen.rows[screen.cursorRow] ?? '');
	if (repl) {
		const rest = (screen.rows[screen.cursorRow] ?? '').slice(repl[0].length).trimEnd();
		return rest.startsWith('!') ? rest : `!${rest}`;
	}

	const labelled = promptLabel.exec(screen.rows[screen.cursorRow] ?? '');
	if (labelled) return labelled[0] + (screen.rows[screen.cursorRow] ?? '').slice(labelled[0].length).trimEnd();
	const last = screen.rows.length - 1;
	if (screen.cursorRow !== last) return undefined;
	let start = last;
	// A long command line wraps onto full rows above the last one.
	while (start > 0 && !/^[:!]/.test(screen.rows[start]!) && screen.rows[start - 1]!.trimEnd().length >= screen.cols) start--;
	const text = screen.rows
		.slice(start, last + 1)
		.map((row, index, all) => (index < all.length - 1 ? row.padEnd(screen.cols).slice(0, screen.cols) : row))
		.join('')
		.trimEnd();
	return /^[:!]/.test(text) ? text : undefined;
}

// Prompts that take a shell command, where the cursor is: emacs's minibuffer, nano's prompt bar.
const promptLabel = /^\s*(?:(?:Async )?[Ss]hell command(?: on region)?(?: in [^:]*)?|Command to execute(?: in a new buffer)?|Execute command|Pipe to command|Filter through):\s*/;

/** What a command line will run, before the classifier judges it. */
type Step = {command: string} | {opaque: string};

/**
 * The verdict for a program's command line on Enter, or undefined when it runs
 * nothing outside the program. Shell text is judged by `classify` like a typed
 * shell line; what cannot be read through (a repeat of the last command, a
 * terminal the gate cannot see, an option that changes the shell) is confirm.
 */
export function judgeCommandLine(line: string, classify: (text: string) => Verdict): Verdict | undefined {
	const label = promptLabel.exec(line);
	const steps = label ? labelledSteps(line.slice(label[0].length), /region|Pipe|Filter/.test(label[0])) : line.startsWith('!') ? pagerSteps(line.slice(1)) : vimSteps(line.replace(/^[:\s]+/, ''));
	let verdict: Verdict | undefined;
	for (const step of steps) {
		const judged: Verdict = 'command' in step ? classify(step.command) : {decision: 'confirm', rule: 'program-command-line', reason: `${step.opaque}: ${line}`, command: line};
		verdict = verdict ? stronger(verdict, judged) : judged;
	}

	return verdict;
}

function labelledSteps(command: string, fedText: boolean): Step[] {
	if (command.trim() === '') return [];
	return [fedText ? {command: `cat editor-text | ${command}`} : {command: command}];
}

function pagerSteps(command: string): Step[] {
	// `!` alone starts an interactive shell, whose lines the gate reads as it reads any shell's.
	if (command.trim() === '') return [];
	if (command.startsWith('!')) return [{opaque: 'repeats the last shell command, which is not on screen'}];
	return [{command: command}];
}

// Ex ranges and counts before a command: `%`, `.,$`, `'<,'>`, `/pat/`, `?pat?`, `+3`, `10`.
const range = /^(?:[%.$]|\d+|'[a-zA-Z<>[\]'`"^.]|\/(?:\\.|[^/\\])*\/?|\?(?:\\.|[^?\\])*\??|[+-]\d*|[,;]|\s)+/;
// Modifiers that take another command after them.
const modifiers =
	/^(?:sil(?:e(?:n(?:t)?)?)?!?|uns(?:i(?:l(?:e(?:n(?:t)?)?)?)?)?|noa(?:u(?:t(?:o(?:c(?:m(?:d)?)?)?)?)?)?|keep\w*|vert(?:i(?:c(?:a(?:l)?)?)?)?|hor(?:i(?:z(?:o(?:n(?:t(?:a(?:l)?)?)?)?)?)?)?|tab|to(?:p(?:l(?:e(?:f(?:t)?)?)?)?)?|bo(?:t(?:r(?:i(?:g(?:h(?:t)?)?)?)?)?)?|abo(?:v(?:e(?:l(?:e(?:f(?:t)?)?)?)?)?)?|bel(?:o(?:w(?:r(?:i(?:g(?:h(?:t)?)?)?)?)?)?)?|lefta(?:b(?:o(?:v(?:e)?)?)?)?|rightb(?:e(?:l(?:o(?:w)?)?)?)?|hid(?:e)?|verb(?:o(?:s(?:e)?)?)?|conf(?:i(?:r(?:m)?)?)?|lockm(?:a(?:r(?:k(?:s)?)?)?)?|sandbox|bro(?:w(?:s(?:e)?)?)?|windo|bufdo|tabdo|argdo|cdo|cfdo|ldo|lfdo|folddoopen|folddoc(?:losed)?|\d+)(?:\s+|$)/;
const interpreters: Array<[RegExp, string[]]> = [
	[/^(?:py(?:thon)?3?|pyx|pythonx|py3do|pydo|pyxdo)$/, ['python3', '-c']],
	[/^(?:lua|luado)$/, ['lua', '-e']],
	[/^(?:perl|perldo)$/, ['perl', '-e']],
	[/^(?:rub(?:y)?|rubydo)$/, ['ruby', '-e']],
];
// Options that name a program vim runs later, assigned: `:set shell=…`, `makeprg`, `grepprg`, `&shell`.
const programOptions =
	/(?:^|[\s&:])(?:shell|sh|shellcmdflag|shcf|shellpipe|sp|shellredir|srr|shellquote|shq|shellxquote|sxq|makeprg|mp|grepprg|gp|keywordprg|kp|equalprg|ep|formatprg|fp|diffexpr|dex|patchexpr|pex|printexpr|pexpr|charconvert|ccv|guipty)\s*[+^-]?=/;
// Vimscript functions that run processes.
const processFunctions = /\b(?:system|systemlist|jobstart|job_start|termopen|term_start|libcall|libcallnr|execute|luaeval|py3eval|pyeval|pyxeval|perleval|rubyeval|chansend|rpcstart|dllcall)\s*\(/;

/** The steps of a vim command line, `|`-separated commands included. */
function vimSteps(text: string): Step[] {
	const steps: Step[] = [];
	let rest = text;
	for (let guard = 0; rest.trim() !== '' && guard < 64; guard++) {
		const {steps: found, next} = vimCommand(rest);
		steps.push(...found);
		if (next === undefined) break;
		rest = next;
	}

	return steps;
}

/** One ex command: its steps and the text after its `|`, if any. */
function vimCommand(input: string): {steps: Step[]; next?: string} {
	let text = input.replace(/^[:\s]+/, '');
	let ranged = false;
	for (let guard = 0; guard < 32; guard++) {
		const before = text;
		const lines = range.exec(text)?.[0] ?? '';
		if (lines.trim() !== '') ranged = true;
		text = text.slice(lines.length);
		const modifier = modifiers.exec(text);
		if (modifier) text = text.slice(modifier[0].length);
		const global = /^(?:g(?:l(?:o(?:b(?:a(?:l)?)?)?)?)?!?|v(?:g(?:l(?:o(?:b(?:a(?:l)?)?)?)?)?)?)\s*([^\w\s"|])/.exec(text);
		if (global) {
			// `:g/pat/cmd`: the command after the pattern runs on every match.
			const delimiter = global[1]!;
			const end = text.indexOf(delimiter, global[0].length);
			text = end === -1 ? '' : text.slice(end + 1);
		}

		if (text === before) break;
	}

	if (text.startsWith('!')) {
		const command = text.slice(1);
		if (command.startsWith('!')) return {steps: [{opaque: 'repeats the last shell command, which is not on screen'}]};
		// `:%!cmd` filters lines through cmd: they are its standard input.
		return {steps: command.trim() === '' ? [] : [ranged ? fed(command) : {command: command}]};
	}

	const name = /^[a-zA-Z]+(?:\d[a-zA-Z]*)?|^[&~<>=@#*]/.exec(text)?.[0] ?? '';
	const bang = text.slice(name.length).startsWith('!');
	const argument = text.slice(name.length + (bang ? 1 : 0));
	const read = /^(?:r|re|rea|read)$/.test(name);
	const write = /^(?:w|wr|wri|writ|write|up|upd|upda|updat|update)$/.test(name);
	// `:r !cmd` and `:r!cmd` read a command's output; `:w !cmd` pipes to one (`:w!` is a forced write).
	if (read && bang) return {steps: [{command: argument}]};
	const piped = /^\s+(?:\+\+\S+\s+)*!(.*)$/s.exec(argument);
	if ((read || (write && !bang)) && piped) {
		const command = piped[1]!;
		return {steps: command.trim() === '' ? [] : [write ? fed(command) : {command: command}]};
	}
	if (/^(?:ter|term|termi|termin|termina|terminal)$/.test(name)) {
		const command = argument.replaceAll(/(?:^|\s)\+\+\S+/g, '').trim();
		return {steps: [command === '' ? {opaque: 'opens a terminal inside the program, whose commands the gate does not see'} : {command: command}]};
	}

	// `:sh` starts an interactive shell: its lines reach the gate as any shell's do.
	if (/^(?:sh|she|shel|shell)$/.test(name)) return {steps: []};
	if (/^(?:mak|make|lmak|lmake)$/.test(name)) return splitAt(argument, args => [{command: `make${args}`}]);
	if (/^(?:gr|gre|grep|lgr|lgre|lgrep|grepa|grepadd|lgrepa|lgrepadd)$/.test(name)) return splitAt(argument, args => [{command: `grep${args}`}]);
	for (const [pattern, argv] of interpreters) {
		if (pattern.test(name)) return {steps: [{command: quoteArgv([...argv, argument.trim()])}]};
	}

	if (/^(?:pyf|pyfile|py3f|py3file|pyxf|pyxfile|luaf|luafile|perlf|rubyf|rubyfile|tclf|tclfile|mzf|mzfile|tcl|tcldo|mz|mzscheme)$/.test(name)) {
		return {steps: [{opaque: "runs code in the program's built-in interpreter"}]};
	}

	if (/^(?:exe|exec|execu|execut|execute)$/.test(name)) {
		const literal = /^\s*(["'])([\s\S]*)\1\s*$/.exec(argument);
		// `:exe "!cmd"` and `:exe "r !cmd"` read like the line itself would.
		if (literal && !/["'.]/.test(literal[2]!)) return {steps: vimSteps(literal[2]!)};
		return {steps: [{opaque: 'builds a command at run time'}]};
	}

	if (/^(?:norm|norma|normal)$/.test(name)) {
		return {steps: /[!:]/.test(argument) ? [{opaque: 'types keys that may start a shell command'}] : []};
	}

	if (
		/^(?:au|aut|auto|autoc|autocm|autocmd|com|comm|comma|comman|command|nm|nma|nmap|map|nn|nno|nnor|nnore|nnorem|nnorema|nnoremap|no|nor|nore|norem|norema|noremap|im|imap|ino|inoremap|cm|cmap|cno|cnoremap|vm|vmap|vn|vnoremap|xm|xmap|xn|xnoremap|om|omap|ono|onoremap|fu|fun|func|funct|functi|functio|function)$/.test(
			name,
		)
	) {
		return {steps: /!|\bsystem/.test(argument) ? [{opaque: 'defines something that runs a shell command later'}] : []};
	}

	if (/^(?:se|set|setl|setlocal|setg|setglobal|let)$/.test(name) && (programOptions.test(argument) || processFunctions.test(argument))) {
		return splitAt(argument, () => [{opaque: processFunctions.test(argument) ? 'calls a function that runs processes' : 'changes the program vim runs for later commands'}]);
	}

	if (processFunctions.test(argument)) {
		const call = /\b(?:system|systemlist)\s*\(\s*(["'])((?:(?!\1).)*)\1\s*\)/.exec(argument);
		return splitAt(argument, () => [call ? {command: call[2]!} : {opaque: 'calls a function that runs processes'}]);
	}

	return splitAt(argument, () => []);
}

/** A command that reads the buffer's lines on its standard input, as a pipe would feed it. */
function fed(command: string): Step {
	return {command: `cat vim-buffer | ${command}`};
}

/** Splits a command's argument at its first `|` (outside quotes) and continues after it. */
function splitAt(argument: string, steps: (own: string) => Step[]): {steps: Step[]; next?: string} {
	let quote: string | undefined;
	for (let index = 0; index < argument.length; index++) {
		const character = argument[index]!;
		if (character === '\\') {
			index++;
		} else if (quote) {
			if (character === quote) quote = undefined;
		} else if (character === '"' || character === "'") {
			quote = character;
		} else if (character === '|') {
			return {steps: steps(argument.slice(0, index)), next: argument.slice(index + 1)};
		}
	}

	return {steps: steps(argument)};
}
