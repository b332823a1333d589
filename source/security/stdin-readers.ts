import path from 'node:path';
import {isStdinAlias} from './command-walker.js';
import {isShell} from './interpreter-rules.js';
import {type CommandView, deny, type Hit} from './rule-types.js';

// Interpreters that read a program from standard input when given no program (or `-`).
const repls =
	/^(irb|ipython\d*|php[\d.]*|lua[\d.]*|luajit|R|Rscript|racket|guile|scheme|sbcl|clisp|ghci|jshell|scala|groovysh|erl|iex|tclsh[\d.]*|wish|node|nodejs|python[\d.]*|pypy[\d.]*|perl[\d.]*|ruby|deno|bun|osascript|expect)$/;

// ssh options that take a value (so the value is not the host).
const sshValues = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-P']);

/** Whether a word names standard input or a generated file (`-`, `/dev/stdin`, `/dev/fd/N`). */
function readsInput(value: string | undefined): boolean {
	if (value === undefined) return false;
	if (value === '-' || isStdinAlias(value) || value.startsWith('<(')) return true;
	return value.startsWith('/') && /^\/(dev\/fd|proc\/[^/]+\/fd)\/\d+$/.test(path.posix.normalize(value));
}

/** The network stream a command's stdin comes from (`< /dev/tcp/host/port`), if any. */
export function isNetworkPath(value: string): boolean {
	return value.startsWith('/') && /^\/dev\/(tcp|udp)\//.test(path.posix.normalize(value));
}

/** Whether the command runs its standard input as a program or as commands, given how it is called. */
function runsStdin(view: CommandView): boolean {
	const values = view.values;
	const name = view.name;
	const operands = values.filter(value => !value.startsWith('-') || value === '-');
	if (repls.test(name)) {
		if (/^Rscript$/.test(name)) return operands[0] === '-' || readsInput(operands[0]);
		return operands.length === 0 || readsInput(operands[0]);
	}

	if (/^(g?make|bmake|ninja)$/.test(name)) {
		return values.some((value, index) =>
			value === '-f' || value === '--file' || value === '--makefile'
				? readsInput(values[index + 1])
				: /^(-f|--file=|--makefile=)/.test(value) && readsInput(value.replace(/^(-f|--file=|--makefile=)/, '')),
		);
	}

	if (/^(awk|gawk|mawk|nawk|sed|gsed)$/.test(name)) {
		return values.some((value, index) => (value === '-f' || value === '--file' ? readsInput(values[index + 1]) : value.startsWith('--file=') && readsInput(value.slice(7))));
	}

	if (/^(vim?|nvim|ex|view|vimdiff)$/.test(name)) {
		// Ex mode reads commands (including `:!cmd`) from stdin.
		return name === 'ex' || values.some(value => /^-[a-zA-Z]*e[a-zA-Z]*$/.test(value) || value === '-es' || value === '-Es');
	}

	if (name === 'sudo' || name === 'doas' || name === 'run0') {
		const command = operands.find(value => !/^[A-Za-z_]\w*=/.test(value));
		const shell = values.some(value => /^-[a-zA-Z]*[si][a-zA-Z]*$/.test(value) || value === '--shell' || value === '--login');
		return (shell && command === undefined) || command === 'su' || command === 'bash' || command === 'sh';
	}

	if (name === 'su' || name === 'runuser' || name === 'login' || name === 'machinectl') {
		return !values.some(value => /^(-c|--command|--session-command)/.test(value));
	}

	if (name === 'ssh' || name === 'mosh' || name === 'autossh') {
		let index = 0;
		while (index < values.length && values[index]!.startsWith('-')) index += sshValues.has(values[index]!) ? 2 : 1;
		const remote = values.slice(index + 1);
		return remote.length === 0 || isShell(path.posix.basename(remote[0]!)) || remote.some(value => /(^|\s)(sh|bash|zsh|python3?|perl|ruby)(\s|$)/.test(value));
	}

	return false;
}

/** Text from a pipe, a download or a network stream that a command runs as a program. */
export function stdinReaderHit(view: CommandView): Hit | undefined {
	if (view.args.some(word => word.processSubstitution && word.value.startsWith('<(')) && runsStdin(view)) {
		return deny('run-generated', `'${view.name}' runs a program from a process substitution: ${view.text}`);
	}

	const stdin = view.bulk ? undefined : view.stdin;
	if (!stdin) return undefined;
	const network = stdin.kind === 'file' && isNetworkPath(stdin.path.value);
	if (network && (isShell(view.name) || repls.test(view.name))) {
		return deny('network-shell', `'${view.name}' runs commands read from a network connection: ${view.text}`);
	}

	if (stdin.kind !== 'pipe' && stdin.kind !== 'generated' && !network) return undefined;
	if (!runsStdin(view)) return undefined;
	return deny('pipe-to-shell', `'${view.name}' runs the text piped into it: ${view.text}`);
}

/** `bash /dev//stdin`, `python3 /proc/thread-self/fd/0`: a script that is standard input in another spelling. */
export function stdinScriptHit(view: CommandView, script: string | undefined): Hit | undefined {
	if (script === undefined || !readsInput(script) || script === '-' || script.startsWith('<(')) return undefined;
	if (!isShell(view.name) && !repls.test(view.name) && view.name !== 'source' && view.name !== '.') return undefined;
	return deny('run-generated', `'${view.name}' runs standard input or a generated file as a script (${script}): ${view.text}`);
}

/** `bash --rcfile <(curl …)`: a start-up file that is generated text. */
export function generatedStartupHit(view: CommandView): Hit | undefined {
	if (!isShell(view.name)) return undefined;
	for (let index = 0; index < view.args.length; index++) {
		const word = view.args[index]!;
		const [option, inline] = word.value.split(/=(.*)/s, 2);
		if (option !== '--rcfile' && option !== '--init-file') continue;
		const file = inline === undefined ? view.args[index + 1] : {...word, value: inline};
		if (file && (file.processSubstitution || file.substitution || readsInput(file.value) || /^<\(/.test(file.value))) {
			return deny('run-generated', `'${view.name} ${option}' loads generated text as its start-up file: ${view.text}`);
		}
	}

	return undefined;
}

/** `nc -e /bin/sh host port`, `socat tcp:host:port exec:bash`: a shell served over the network. */
export function networkShellHit(view: CommandView): Hit | undefined {
	if (/^(nc|ncat|netcat|nc\.traditional|nc\.openbsd)$/.test(view.name)) {
		const index = view.values.findIndex(value => /^-[a-zA-Z]*[ec]$/.test(value) || /^--(exec|sh-exec|lua-exec)(=|$)/.test(value));
		return index === -1 ? undefined : deny('network-shell', `'${view.name}' serves a program over the network: ${view.text}`);
	}

	if (view.name === 'socat') {
		return view.values.some(value => /^(exec|system):/i.test(value) || /,\s*(exec|system):/i.test(value)) ? deny('network-shell', `'socat' connects a program to a socket: ${view.text}`) : undefined;
	}

	return undefined;
}
