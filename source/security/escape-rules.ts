import {given, isOn, type OptionSpec, optionSpec, optionValue, parseArgs, readings, resolveAbbreviation, valuesOf} from './getopt.js';
import {type CommandView, confirm, deny, type Hit, type Rule, strongestHit} from './rule-types.js';

/**
 * Programs that run shell text from one of their options (GTFOBins' "shell"
 * entries): the option's text is a shell command, so it is denied as
 * `sh -c` is, unless it is plainly a pager, compressor or ssh.
 */
const plainProgram =
	/^(less|more|most|cat|bat|batcat|pg|w3m|lynx|vim?|nvim|nano|gzip|gunzip|pigz|unpigz|bzip2|pbzip2|lbzip2|xz|pixz|zstd|zstdmt|lz4|lzip|plzip|lzma|lzop|brotli|compress|ssh|autossh|mosh|nc|ncat|netcat|connect-proxy|corkscrew|proxytunnel|cloudflared|tsh|sshpass)$/;

/** Whether shell text is just a known program with plain words (`less -R`, `zstd -T0`, `ssh -p 2222`). */
export function isPlainProgram(text: string): boolean {
	const words = text.trim().split(/\s+/);
	const program = words[0]?.split('/').at(-1) ?? '';
	// `ssh -o ProxyCommand=…` inside a plain-looking value is a command again.
	return plainProgram.test(program) && words.slice(1).every(word => /^[-\w.=,:/+@%~]*$/.test(word) && !/command/i.test(word));
}

const shellText = (view: CommandView, option: string): Hit => deny('shell-escape', `'${view.name} ${option}' runs a shell command: ${view.text}`);

/** Judges option values that are shell text. */
const shellOptions =
	(spec: OptionSpec, options: Record<string, 'shell' | 'program'>): Rule =>
	view => {
		const parsed = parseArgs(view.values, spec);
		for (const [name, kind] of Object.entries(options)) {
			for (const value of valuesOf(parsed, name)) {
				if (kind === 'shell' && !isPlainProgram(value)) return shellText(view, `--${name}`);
				if (kind === 'program' && !isPlainProgram(value)) return confirm('shell-escape', `'${view.name} --${name}' runs the program ${value}: ${view.text}`);
			}
		}

		return undefined;
	};

const tarSpec = optionSpec(
	[
		'--to-command= --checkpoint-action= -F=|--info-script=|--new-volume-script= -I=|--use-compress-program= --rsh-command= -f=|--file= -C=|--directory=',
		'-T=|--files-from= -X=|--exclude-from= --exclude= -b=|--blocking-factor= -H=|--format= -V=|--label= -g=|--listed-incremental= -K=|--starting-file=',
		'-N=|--newer= --owner= --group= --mode= --mtime= --transform= --xform= --checkpoint=? -L=|--tape-length= --exclude-tag= --suffix= --strip-components=',
		'-x|--extract|--get -c|--create -t|--list -z|--gzip -j|--bzip2 -J|--xz -v|--verbose -p|--preserve-permissions -k|--keep-old-files --overwrite',
	].join(' '),
);

const tar: Rule = view => {
	// Old-style `tar xzf x` bundles: the first word is options without a dash.
	const values = /^[a-zA-Z]+$/.test(view.values[0] ?? '') && !view.values[0]!.startsWith('-') ? [`-${view.values[0]!}`, ...view.values.slice(1)] : view.values;
	const parsed = parseArgs(values, tarSpec);
	for (const action of valuesOf(parsed, 'checkpoint-action')) {
		if (action.startsWith('exec')) return shellText(view, '--checkpoint-action=exec');
	}

	if (given(parsed, 'to-command')) return shellText(view, '--to-command');
	if (given(parsed, 'info-script')) return shellText(view, '--info-script');
	for (const program of valuesOf(parsed, 'use-compress-program')) {
		if (!isPlainProgram(program)) return shellText(view, '--use-compress-program');
	}

	if (given(parsed, 'rsh-command')) return confirm('shell-escape', `'tar --rsh-command' runs a program: ${view.text}`);
	return undefined;
};

const zip: Rule = view => {
	const index = view.values.findIndex(value => value === '-TT' || value.startsWith('--unzip-command') || /^-[a-zA-Z]*TT/.test(value));
	return index === -1 ? undefined : shellText(view, '-TT');
};

const scp: Rule = view => {
	const parsed = parseArgs(view.values, optionSpec('-S= -o= -F= -i= -P= -c= -l= -J= -X= -D= -3 -4 -6 -A -B -C -O -p -q -R -r -s -T -v'));
	const program = optionValue(parsed, 'S');
	if (program !== undefined && !isPlainProgram(program)) return confirm('shell-escape', `'${view.name} -S' runs the program ${program}: ${view.text}`);
	return sshOptions(view, valuesOf(parsed, 'o'));
};

// ssh -o settings whose value is a local command run by the user's shell.
const sshCommandSettings = /^(proxycommand|localcommand|knownhostscommand|remotecommand|permitlocalcommand)\s*[= ]\s*(.*)$/is;

function sshOptions(view: CommandView, settings: string[]): Hit | undefined {
	for (const setting of settings) {
		const match = sshCommandSettings.exec(setting.trim());
		if (!match) continue;
		const [, key, value] = match;
		if (/^permitlocalcommand$/i.test(key!)) {
			if (/^yes$/i.test(value!.trim())) return confirm('ssh-local-command', `'ssh -o PermitLocalCommand=yes' runs a local command on connect: ${view.text}`);
			continue;
		}

		if (/^remotecommand$/i.test(key!)) continue;
		if (/^none$/i.test(value!.trim()) || isPlainProgram(value!)) continue;
		return confirm('ssh-local-command', `'ssh -o ${key}' runs a local command: ${view.text}`);
	}

	return undefined;
}

/** ssh's options (the remote command itself is unwrapped and judged as a line). */
export const sshSpec = optionSpec('-B= -b= -c= -D= -E= -e= -F= -I= -i= -J= -L= -l= -m= -O= -o= -p= -Q= -R= -S= -W= -w= -4 -6 -A -a -C -f -G -g -K -k -M -N -n -q -s -T -t -V -v -X -x -Y -y', {
	permute: false,
	abbreviate: false,
});

const ssh: Rule = view => sshOptions(view, valuesOf(parseArgs(view.values, sshSpec), 'o'));

const rsyncSpec = optionSpec(
	[
		'-e=|--rsh= --rsync-path= --delete --del --delete-before --delete-during --delete-delay --delete-after --delete-excluded --delete-missing-args',
		'--remove-source-files --remove-sent-files -n|--dry-run --exclude= --include= --exclude-from= --include-from= --files-from= -f=|--filter= --log-file=',
		'--backup-dir= --suffix= -T=|--temp-dir= --compare-dest= --copy-dest= --link-dest= --chmod= --chown= --usermap= --groupmap= --timeout= --contimeout=',
		'--port= --password-file= --bwlimit= --max-size= --min-size= --max-delete= --partial-dir= --out-format= --info= --debug= -B=|--block-size= --iconv= -M=|--remote-option=',
		'-a|--archive -v|--verbose -z|--compress -r|--recursive -u|--update -P --progress -h|--human-readable -q|--quiet -c|--checksum',
	].join(' '),
);

const rsync: Rule = view => {
	const parsed = parseArgs(view.values, rsyncSpec);
	if (isOn(parsed, 'dry-run')) return undefined;
	const shell = optionValue(parsed, 'rsh');
	if (shell !== undefined && !isPlainProgram(shell)) return shellText(view, '-e');
	if (given(parsed, 'rsync-path') && !/^(sudo )?(\/[\w/.-]*\/)?rsync( [-\w=]+)*$/.test(optionValue(parsed, 'rsync-path') ?? '')) return shellText(view, '--rsync-path');
	if (parsed.options.some(option => option.name.startsWith('del') || option.name.startsWith('remove-'))) {
		return confirm('rsync-delete', `'${view.text}' deletes files at the destination or source`);
	}

	return undefined;
};

const man: Rule = shellOptions(
	optionSpec(
		'-P=|--pager= -H=|--html=? -C=|--config-file= -M=|--manpath= -L=|--locale= -m=|--systems= -S=|-s=|--sections= -e=|--extension= -p=|--preprocessor= -T=|--troff-device=? -E=|--encoding= -R=|--recode= -r=|--prompt=',
	),
	{pager: 'shell', html: 'shell', preprocessor: 'program'},
);

// sed: the `e` command and the `e` flag of `s` run shell commands; `w FILE` writes.
const sedSpec = optionSpec(
	'-e=|--expression= -f=|--file= -l=|--line-length= -i=?|--in-place=? -s|--separate -n|--quiet|--silent -E|-r|--regexp-extended -z|--null-data -u|--unbuffered --debug --posix --sandbox --follow-symlinks -b|--binary',
);

/** Whether a sed script runs a command (`e`, `s///e`); a small reader of sed's syntax. */
export function sedRunsCommand(script: string): boolean {
	let index = 0;
	const length = script.length;
	const skipSpace = () => {
		while (index < length && /[\s;]/.test(script[index]!)) index++;
	};

	const skipAddress = () => {
		for (let part = 0; part < 2; part++) {
			if (/\d/.test(script[index] ?? '')) {
				while (/[\d~]/.test(script[index] ?? '')) index++;
			} else if (script[index] === '$') {
				index++;
			} else if (script[index] === '/' || script[index] === '\\') {
				const delimiter = script[index] === '\\' ? script[++index] : '/';
				index++;
				while (index < length && script[index] !== delimiter) index += script[index] === '\\' ? 2 : 1;
				index++;
				while (/[IM]/.test(script[index] ?? '')) index++;
			} else if (part === 1 && /[+~]/.test(script[index] ?? '')) {
				index++;
				while (/\d/.test(script[index] ?? '')) index++;
			}

			while (script[index] === ' ') index++;
			if (part === 0 && script[index] === ',') {
				index++;
				while (script[index] === ' ') index++;
				continue;
			}

			break;
		}

		while (script[index] === '!' || script[index] === ' ') index++;
	};

	const toLineEnd = () => {
		while (index < length && script[index] !== '\n') index++;
	};

	let guard = 0;
	while (index < length && guard++ < 10_000) {
		skipSpace();
		if (index >= length) break;
		skipAddress();
		const command = script[index++];
		switch (command) {
			case 'e': {
				return true;
			}

			case 's':
			case 'y': {
				const delimiter = script[index++];
				if (delimiter === undefined || delimiter === '\n' || delimiter === '\\') return false;
				for (let part = 0; part < 2; part++) {
					while (index < length && script[index] !== delimiter) index += script[index] === '\\' ? 2 : 1;
					index++;
				}

				if (command === 's') {
					const flags = /^[\dgpiImMe]*/.exec(script.slice(index))![0];
					if (flags.includes('e')) return true;
					index += flags.length;
					if (script[index] === 'w') toLineEnd();
				}

				break;
			}

			case '{':
			case '}': {
				break;
			}

			case 'a':
			case 'i':
			case 'c':
			case 'r':
			case 'R':
			case 'w':
			case 'W':
			case '#': {
				toLineEnd();
				break;
			}

			case 'b':
			case 't':
			case 'T':
			case ':': {
				// GNU sed ends a label at a newline or a semicolon.
				while (index < length && !/[\n;]/.test(script[index]!)) index++;
				break;
			}

			default: {
				break;
			}
		}
	}

	return false;
}

const sed: Rule = view => {
	const parsed = parseArgs(view.values, sedSpec);
	const scripts = valuesOf(parsed, 'expression');
	if (scripts.length === 0 && !given(parsed, 'file') && parsed.operands[0] !== undefined) scripts.push(parsed.operands[0]);
	if (isOn(parsed, 'sandbox')) return undefined;
	return scripts.some(script => sedRunsCommand(script)) ? deny('shell-escape', `'sed' runs a shell command from its script (the e command): ${view.text}`) : undefined;
};

/** Whether an awk program runs commands: `system()`, `cmd | getline`, `print | "cmd"`, `|&` coprocesses. */
export function awkRunsCommand(program: string): boolean {
	// Drop strings and regex literals first: `/a|b/` and `"x|y"` are not pipes.
	const code = program.replaceAll(/"(?:[^"\\\n]|\\.)*"/g, '""').replaceAll(/(^|[\s(,{;!~&|])\/(?:[^/\\\n]|\\.)+\//g, '$1//');
	return /\bsystem\s*\(/.test(code) || /(?<!\|)\|(?!\|)/.test(code) || /\bgetline\s*<\s*"\/inet/.test(program) || /\/inet\//.test(program);
}

const awkSpec = optionSpec(
	'-F=|--field-separator= -v=|--assign= -f=|--file= -e=|--source= -i=|--include= -l=|--load= -E=|--exec= -o=?|--pretty-print=? -W= -b|--characters-as-bytes -c|--traditional -P|--posix -S|--sandbox --re-interval -n|--non-decimal-data -O|--optimize -M|--bignum -s|--no-optimize',
	{permute: false},
);

const awk: Rule = view => {
	const parsed = parseArgs(view.values, awkSpec);
	if (isOn(parsed, 'sandbox')) return undefined;
	const programs = valuesOf(parsed, 'source');
	if (programs.length === 0 && !given(parsed, 'file', 'exec')) programs.push(parsed.operands[0] ?? '');
	return programs.some(program => awkRunsCommand(program)) ? deny('shell-escape', `'${view.name}' runs shell commands from its program: ${view.text}`) : undefined;
};

/** Whether an Ex command line (vim `-c`, `+cmd`) runs a shell command or code. */
export function exCommandRuns(command: string): boolean {
	return command.split(/(?<!\\)\|/).some(part => {
		// Command modifiers (`:silent !id`, `:vert term`) do not change what runs.
		const bare = part
			.replace(/^[\s:]*/, '')
			.replace(
				/^((sil(e(n(t)?)?)?!?|uns(i(l(e(n(t)?)?)?)?)?|noa(u(t(o(c(m(d)?)?)?)?)?)?|keep\w*|loc(k(m(a(r(k(s)?)?)?)?)?)?|verb(o(s(e)?)?)?|vert(i(c(a(l)?)?)?)?|hor(i(z(o(n(t(a(l)?)?)?)?)?)?)?|to(p(l(e(f(t)?)?)?)?)?|bo(t(r(i(g(h(t)?)?)?)?)?)?|abo(v(e(l(e(f(t)?)?)?)?)?)?|bel(o(w(r(i(g(h(t)?)?)?)?)?)?)?|tab|conf(i(r(m)?)?)?|bro(w(s(e)?)?)?|filt(e(r)?)?!?\s*\/[^/]*\/)\s*\d*\s*)+/,
				'',
			);
		const body = bare.replace(/^(\d+|[.$%]|'[a-z<>]|\/[^/]*\/)?(,(\d+|[.$]|'[a-z<>]))?\s*/, '');
		return (
			/^(!|r(e(a(d)?)?)?\s*!|w(r(i(t(e)?)?)?)?\s*!|ter(m(i(n(a(l)?)?)?)?)?\b|sh(e(l(l)?)?)?\b|py(t(h(o(n)?)?)?)?3?\b|pyx?\b|pyf|lua\b|luado|luafile|perl\b|perld|rub(y)?\b|rubyd|mz|tcl\b|exe(c(u(t(e)?)?)?)?\b|so(u(r(c(e)?)?)?)?\b|ru(n(t(i(m(e)?)?)?)?)?\b|norm(a(l)?)?!?\s.*:|au(t(o(c(m(d)?)?)?)?)?\b|do(a(u(t(o(c(m(d)?)?)?)?)?)?)?\b|redir|mak(e)?\b|gr(e(p)?)?\b|lgr|vim(g(r(e(p)?)?)?)?\b.*`|argdo|bufdo|windo|tabdo|cdo|ldo|cfdo|lfdo)/.test(
				body,
			) || /\b(system|systemlist|jobstart|termopen|libcall|libcallnr)\s*\(/.test(body)
		);
	});
}

const vim: Rule = view => {
	const commands: string[] = [];
	const values = view.values;
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (value === '--') break;
		if (value === '-c' || value === '--cmd' || value === '--remote-send' || value === '--remote-expr') commands.push(values[++index] ?? '');
		else if (value.startsWith('+') && value.length > 1) commands.push(value.slice(1));
		else if (/^-c./.test(value)) commands.push(value.slice(2));
	}

	if (commands.some(command => exCommandRuns(command))) return deny('shell-escape', `'${view.name}' runs a shell command from its command line: ${view.text}`);
	const exMode = view.name === 'ex' || values.some(value => /^-(e|E|es|Es)$/.test(value));
	if (exMode && (view.stdin?.kind === 'pipe' || view.stdin?.kind === 'heredoc' || view.stdin?.kind === 'herestring')) {
		return deny('shell-escape', `'${view.name}' in Ex mode runs the commands it reads from standard input: ${view.text}`);
	}

	return undefined;
};

// Emacs Lisp that starts processes or evaluates more code.
const elispExec =
	/\((shell-command|async-shell-command|call-process|call-process-shell-command|process-lines|start-process|start-process-shell-command|make-process|start-file-process|process-file|eval|load|compile|term|ansi-term|shell|eshell|make-network-process|open-network-stream|url-retrieve)\b/;
const elispDelete = /\((delete-file|delete-directory|dired-delete-file|move-file-to-trash|write-region|rename-file)\b/;

const emacs: Rule = view => {
	const code: string[] = [];
	const values = view.values;
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (/^--?eval$|^--execute$|^-execute$/.test(value)) code.push(values[++index] ?? '');
		else if (/^--?(eval|execute)=/.test(value)) code.push(value.slice(value.indexOf('=') + 1));
		else if (/^(-f|--funcall|-funcall)$/.test(value) && /shell|term|process/.test(values[index + 1] ?? '')) code.push(`(${values[++index]!})`);
	}

	if (code.some(text => elispExec.test(text))) return deny('shell-escape', `'${view.name}' evaluates Lisp that runs commands: ${view.text}`);
	if (code.some(text => elispDelete.test(text))) return confirm('inline-code-delete', `'${view.name}' evaluates Lisp that deletes or writes files: ${view.text}`);
	return undefined;
};

const gdbCommand =
	/^\s*(!|shell\b|pipe\b|\||python\b|python-interactive\b|pi\b|py\b|guile\b|gu\b|source\b|make\b|call\s+(\(\w+\))?\s*(system|execve?|execl\w*|popen)\b|print\s+(\(\w+\))?\s*(system|execve?|popen)\b|p\s+(system|execve?|popen)\b)/;

const gdb: Rule = view => {
	const values = view.values;
	const commands: string[] = [];
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (/^--?(ex|iex|eval-command|init-eval-command)$/.test(value)) commands.push(values[++index] ?? '');
		else if (/^--?(eval-command|init-eval-command|ex|iex)=/.test(value)) commands.push(value.slice(value.indexOf('=') + 1));
	}

	return commands.some(command => gdbCommand.test(command)) ? deny('shell-escape', `'${view.name}' runs a shell command or script from its command line: ${view.text}`) : undefined;
};

const expect: Rule = view => {
	const values = view.values;
	const code: string[] = [];
	for (let index = 0; index < values.length; index++) {
		if (values[index] === '-c') code.push(values[++index] ?? '');
	}

	if (code.some(text => /\b(exec|system|open\s+"?\|)\b/.test(text) || /\bspawn\s+(-\w+\s+)*(\S*\/)?(ba|z|da|k|c|tc|fi)?sh\b/.test(text))) {
		return deny('shell-escape', `'expect -c' runs commands: ${view.text}`);
	}

	return code.some(text => /\bspawn\b/.test(text)) ? confirm('shell-escape', `'expect -c' starts a program and types into it: ${view.text}`) : undefined;
};

// PowerShell reads `-Command`, `-EncodedCommand` and `-CommandWithArgs` by any unique prefix, with `-`, `--` or `/`.
const powershellValues =
	/^(ex|ep|executionpolicy|wd|workingdirectory|configurationname|config|configurationfile|settingsfile|custompipename|outputformat|of|o|inputformat|if|inp|windowstyle|w|version|v)$/;

const powershell: Rule = view => {
	const values = view.values;
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		const lower = value.toLowerCase();
		const name = lower.replace(/^(--|-|\/)/, '').replace(/[:=].*$/, '');
		if (name === lower) {
			// pwsh runs a bare operand as a script file; Windows PowerShell runs it as a command.
			return /^pwsh/.test(view.name) || /\.ps1$/i.test(value) ? undefined : deny('shell-string', `'${view.name}' runs a command string: ${view.text}`);
		}

		if (
			name === 'c' ||
			name === 'e' ||
			name === 'ec' ||
			name === 'cwa' ||
			(name.length >= 3 && ('command'.startsWith(name) || 'commandwithargs'.startsWith(name))) ||
			(name.length >= 2 && 'encodedcommand'.startsWith(name))
		) {
			return deny('shell-string', `'${view.name} ${value}' runs a command string: ${view.text}`);
		}

		if (name === 'f' || name === 'file') {
			return values[index + 1] === '-' ? deny('shell-string', `'${view.name} -File -' runs standard input: ${view.text}`) : undefined;
		}

		if (powershellValues.test(name) && !/[:=]/.test(value)) index++;
	}

	return undefined;
};

const fishSpec = optionSpec(
	'-c=|--command= -C=|--init-command= -d=|--debug= -o=|--debug-output= -f=|--features= -p=|--profile= --profile-startup= -i|--interactive -l|--login -N|--no-config -n|--no-execute -P|--private --print-rusage-self --print-debug-categories -v|--version -h|--help',
);

const fish: Rule = view => {
	const parsed = parseArgs(view.values, {...fishSpec, permute: false});
	return given(parsed, 'command', 'init-command') ? deny('shell-string', `'fish' runs a shell string: ${view.text}`) : undefined;
};

// tmux commands (any unique prefix, or an alias) that type into panes or run shell commands.
const tmuxCommands = [
	'send-keys',
	'send-prefix',
	'paste-buffer',
	'run-shell',
	'if-shell',
	'pipe-pane',
	'new-session',
	'new-window',
	'split-window',
	'respawn-pane',
	'respawn-window',
	'display-popup',
	'attach-session',
	'list-sessions',
	'kill-server',
	'kill-session',
	'source-file',
	'set-option',
	'set-buffer',
	'load-buffer',
	'select-pane',
	'list-windows',
	'has-session',
	'switch-client',
	'detach-client',
	'rename-session',
	'display-message',
	'show-options',
	'capture-pane',
	'command-prompt',
	'confirm-before',
	'bind-key',
];
const tmuxAliases: Record<string, string> = {
	send: 'send-keys',
	pasteb: 'paste-buffer',
	run: 'run-shell',
	if: 'if-shell',
	pipep: 'pipe-pane',
	new: 'new-session',
	neww: 'new-window',
	splitw: 'split-window',
	respawnp: 'respawn-pane',
	respawnw: 'respawn-window',
	popup: 'display-popup',
	attach: 'attach-session',
	a: 'attach-session',
	at: 'attach-session',
	ls: 'list-sessions',
	source: 'source-file',
	set: 'set-option',
	setb: 'set-buffer',
	loadb: 'load-buffer',
	bind: 'bind-key',
	confirm: 'confirm-before',
};
const tmuxSpecs: Record<string, OptionSpec> = {
	'new-session': optionSpec('-c= -e= -F= -n= -s= -t= -x= -y= -f= -A -d -D -E -P -X', {permute: false}),
	'new-window': optionSpec('-c= -e= -F= -n= -t= -a -b -d -k -P -S', {permute: false}),
	'split-window': optionSpec('-c= -e= -l= -t= -F= -p= -b -d -f -h -I -v -P -Z', {permute: false}),
	'respawn-pane': optionSpec('-c= -e= -t= -k', {permute: false}),
	'respawn-window': optionSpec('-c= -e= -t= -k', {permute: false}),
	'display-popup': optionSpec('-b= -c= -d= -e= -h= -s= -S= -t= -T= -w= -x= -y= -B -C -E -N', {permute: false}),
	'pipe-pane': optionSpec('-t= -I -O -o', {permute: false}),
};

const tmuxGlobals = optionSpec('-L= -S= -f= -c= -T= -2 -C -D -l -N -u -v -V', {permute: false, abbreviate: false});

const tmux: Rule = view =>
	strongestHit(
		readings(view.values, tmuxGlobals).map(globals => {
			if (given(globals, 'c')) return deny('pane-typing', `'tmux -c' runs a shell command outside agentmux's gate: ${view.text}`);
			const rest = view.values.slice(globals.stop);
			// Commands are separated by `;` words (`\;` on the command line).
			const sequences: string[][] = [[]];
			for (const word of rest) {
				if (word === ';') sequences.push([]);
				else sequences.at(-1)!.push(word.endsWith('\\;') ? word.slice(0, -2) : word);
			}

			return strongestHit(sequences.map(([word, ...args]) => judgeTmuxCommand(view, word, args)));
		}),
	);

function judgeTmuxCommand(view: CommandView, word: string | undefined, args: string[]): Hit | undefined {
	const command = tmuxAliases[word ?? ''] ?? resolveAbbreviation(word, tmuxCommands);
	if (command === 'send-keys' || command === 'paste-buffer' || command === 'send-prefix') {
		return deny('pane-typing', `'tmux ${word}' types into another pane, past agentmux's gate: ${view.text}`);
	}

	if (command === 'run-shell' || command === 'if-shell') return deny('pane-typing', `'tmux ${word}' runs a shell command outside agentmux's gate: ${view.text}`);
	const spec = command ? tmuxSpecs[command] : undefined;
	if (spec && parseArgs(args, spec).operands.length > 0) {
		return deny('pane-typing', `'tmux ${word}' starts a command in a pane outside agentmux's gate: ${view.text}`);
	}

	if (command === 'source-file' || command === 'bind-key') return confirm('pane-typing', `'tmux ${word}' loads or binds tmux commands: ${view.text}`);
	return undefined;
}

const screen: Rule = view => {
	const index = view.values.findIndex(value => /^-[a-zA-Z]*[XQ]$/.test(value));
	if (index === -1) return undefined;
	const command = view.values[index + 1] ?? '';
	return /^(stuff|exec|eval|paste|source|register|at|screen|bind|bindkey)$/.test(command)
		? deny('pane-typing', `'screen -X ${command}' types or runs commands in a session outside agentmux's gate: ${view.text}`)
		: undefined;
};

const typing =
	(pattern: RegExp): Rule =>
	view =>
		pattern.test(view.values.join(' ')) ? deny('pane-typing', `'${view.name}' types into another terminal or window, past agentmux's gate: ${view.text}`) : undefined;

/** Rules for programs with a shell escape in their options, and for typing into other panes. */
export const escapeRules: Record<string, Rule> = {
	tar,
	bsdtar: tar,
	gtar: tar,
	zip,
	scp,
	sftp: scp,
	ssh,
	autossh: ssh,
	rsync,
	man,
	sed,
	gsed: sed,
	awk,
	gawk: awk,
	mawk: awk,
	nawk: awk,
	vim,
	vi: vim,
	nvim: vim,
	view: vim,
	gvim: vim,
	vimdiff: vim,
	ex: vim,
	rvim: vim,
	emacs,
	emacsclient: emacs,
	gdb,
	lldb: view =>
		view.values.some((value, index) => /^(-o|--one-line|-O|--one-line-before-file)$/.test(view.values[index - 1] ?? '') && /^\s*(platform\s+shell|script|command\s+script)/.test(value))
			? deny('shell-escape', `'lldb' runs a shell command or script: ${view.text}`)
			: undefined,
	expect,
	pwsh: powershell,
	powershell,
	'pwsh.exe': powershell,
	'powershell.exe': powershell,
	fish,
	tmux,
	screen,
	zellij: typing(/^(action\s+(write|write-chars)\b|run\b)/),
	kitty: typing(/^@\s+(send-text|launch)\b/),
	kitten: typing(/^@\s+(send-text|launch)\b/),
	wezterm: typing(/^cli\s+(send-text|spawn)\b/),
	xdotool: typing(/\b(type|key|keydown)\b/),
	ydotool: typing(/\b(type|key)\b/),
	wtype: typing(/./),
};
