import type {Word} from './shell-words.js';

/** What a wrapper command (sudo, env, xargs, find -exec, …) runs. */
export type Unwrapped =
	/** An inner command given as argv. `bulk`: run over many inputs (xargs, find -exec). */
	| {kind: 'command'; name: Word; args: Word[]; bulk: boolean; detachStdin: boolean}
	/** A string the wrapper hands to a shell (`su -c`, `flock -c`, `script -c`). */
	| {kind: 'shell-string'; code: string; option: string}
	/** A string the wrapper splits into a new command line (`env -S`, `watch 'cmd'`). */
	| {kind: 'line'; text: string};

interface WrapperSpec {
	/** Options that take a value (`-u root`, `--user root`; `--user=root` is always understood). */
	values?: string[];
	/** Options whose value is handed to a shell. */
	shellString?: string[];
	/** Options whose value is split into words and run (env -S). */
	splitString?: string[];
	/** Options after which no command is run (`command -v`, `sudo -l`). */
	noCommand?: string[];
	/** `VAR=value` words may precede the command. */
	assignments?: boolean;
	/** Shell-string options may also follow operands (`su root -c …`, `flock file -c …`). */
	scanAll?: boolean;
	/** Positional operands before the command (timeout's duration, flock's lock file). */
	skip?: number;
	/** The positional operands are not a command (script's output file). */
	noPositionalCommand?: boolean;
	bulk?: boolean;
	/** The inner command does not read the wrapper's stdin as a program (xargs feeds it arguments). */
	detachStdin?: boolean;
}

// Wrappers that run their operands as a command. Option lists only need the
// value-taking options: everything else starting with `-` is skipped as a flag.
const wrappers: Record<string, WrapperSpec> = {
	sudo: {
		values: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-T', '-U', '-R', '--user', '--group', '--host', '--prompt',
			'--close-from', '--chdir', '--role', '--type', '--command-timeout', '--other-user', '--chroot'],
		noCommand: ['-e', '--edit', '-l', '--list', '-v', '--validate', '-K', '--remove-timestamp', '-V', '--version', '-h', '--help'],
		assignments: true,
	},
	doas: {values: ['-u', '-C']},
	pkexec: {values: ['--user']},
	run0: {values: ['-u', '--user', '-g', '--group', '-D', '--chdir', '--unit', '-p', '--property', '--description', '--slice', '--nice', '--setenv', '--machine']},
	runuser: {values: ['-u', '-g', '-G', '-s', '-w', '--user', '--group', '--supp-group', '--shell', '--whitelist-environment'], shellString: ['-c', '--command'], scanAll: true},
	env: {values: ['-u', '-C', '--unset', '--chdir'], splitString: ['-S', '--split-string'], assignments: true},
	command: {noCommand: ['-v', '-V']},
	builtin: {},
	exec: {values: ['-a']},
	nohup: {},
	time: {values: ['-f', '-o', '--format', '--output']},
	nice: {values: ['-n', '--adjustment']},
	ionice: {values: ['-c', '-n', '--class', '--classdata'], noCommand: ['-p', '-P', '-u', '--pid', '--pgid', '--uid']},
	chrt: {values: ['-T', '-P', '-D'], noCommand: ['-p', '--pid'], skip: 1},
	taskset: {noCommand: ['-p', '--pid'], skip: 1},
	timeout: {values: ['-s', '-k', '--signal', '--kill-after'], skip: 1},
	stdbuf: {values: ['-i', '-o', '-e', '--input', '--output', '--error']},
	setsid: {},
	unbuffer: {},
	torsocks: {values: ['-u', '-p', '-a', '-P']},
	proxychains: {values: ['-f']},
	proxychains4: {values: ['-f']},
	firejail: {},
	strace: {values: ['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-O', '-S', '-X', '-b', '-I', '-P']},
	ltrace: {values: ['-o', '-e', '-p', '-s', '-u', '-a', '-n', '-l']},
	'xvfb-run': {values: ['-n', '-s', '-e', '-f', '-p', '-w', '--server-num', '--server-args', '--error-file', '--auth-file']},
	caffeinate: {values: ['-t', '-w']},
	'systemd-run': {values: ['-p', '-u', '-E', '-M', '-H', '--unit', '--property', '--setenv', '--description', '--slice', '--uid', '--gid', '--working-directory', '--machine', '--host']},
	chroot: {skip: 1},
	nsenter: {values: ['-t', '-S', '-G', '--target', '--setuid', '--setgid']},
	unshare: {},
	'dbus-run-session': {},
	flock: {values: ['-w', '-E', '--timeout', '--conflict-exit-code'], shellString: ['-c', '--command'], skip: 1, scanAll: true},
	script: {values: ['-T', '-I', '-O', '-B', '-E', '-m', '--log-timing', '--log-in', '--log-out', '--log-io', '--echo', '--logging-format'], shellString: ['-c', '--command'], noPositionalCommand: true},
	su: {values: ['-s', '-g', '-G', '-w', '--shell', '--group', '--supp-group', '--whitelist-environment'], shellString: ['-c', '--command', '--session-command'], noPositionalCommand: true, scanAll: true},
	npx: {values: ['-p', '--package'], shellString: ['-c', '--call']},
	pnpx: {values: ['-p', '--package'], shellString: ['-c', '--call']},
	bunx: {values: ['-p', '--package']},
	xargs: {
		values: ['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a', '--max-args', '--max-procs', '--max-lines', '--delimiter', '--eof', '--max-chars', '--arg-file', '--process-slot-var', '--replace'],
		bulk: true,
		detachStdin: true,
	},
};

/** Names treated as transparent wrappers (their operands are a command). */
export const wrapperNames: ReadonlySet<string> = new Set([...Object.keys(wrappers), 'busybox', 'toybox', 'watch', 'find']);

/** Returns what a wrapper command runs, or `undefined` if `name` is no wrapper. */
export function unwrap(name: string, args: Word[]): Unwrapped[] | undefined {
	if (name === 'find') return unwrapFind(args);
	if (name === 'busybox' || name === 'toybox') {
		const [applet, ...rest] = args;
		if (!applet || applet.value.startsWith('-')) return [];
		return [{kind: 'command', name: applet, args: rest, bulk: false, detachStdin: false}];
	}

	if (name === 'watch') return unwrapWatch(args);
	if (/^python[\d.]*$/.test(name)) return unwrapPythonModule(args);
	if (!Object.hasOwn(wrappers, name)) return undefined;
	const spec = wrappers[name]!;
	if (spec.scanAll) {
		const shellString = new Set(spec.shellString);
		const end = args.findIndex((word) => word.value === '--');
		const options = end === -1 ? args : args.slice(0, end);
		for (const [index, word] of options.entries()) {
			const [option, inline] = word.value.startsWith('--') ? word.value.split(/=(.*)/s, 2) : [word.value];
			if (option && shellString.has(option)) {
				return [{kind: 'shell-string', code: inline ?? args[index + 1]?.value ?? '', option}];
			}
		}
	}

	return unwrapWithSpec(spec, name, args);
}

function unwrapWithSpec(spec: WrapperSpec, name: string, args: Word[]): Unwrapped[] {
	const values = new Set(spec.values);
	const shellString = new Set(spec.shellString);
	const splitString = new Set(spec.splitString);
	const noCommand = new Set(spec.noCommand);
	let index = 0;
	const special = (option: string, value: string | undefined, rest: number): Unwrapped[] | undefined => {
		if (shellString.has(option)) return [{kind: 'shell-string', code: value ?? '', option}];
		if (splitString.has(option)) {
			const tail = args.slice(rest).map((word) => word.source).join(' ');
			return [{kind: 'line', text: `${value ?? ''} ${tail}`.trim()}];
		}

		return noCommand.has(option) ? [] : undefined;
	};

	while (index < args.length) {
		const word = args[index]!.value;
		if (word === '--') {
			index++;
			break;
		}

		if (name === 'env' && word === '-') {
			index++;
			continue;
		}

		if (word.startsWith('--')) {
			const eq = word.indexOf('=');
			const option = eq === -1 ? word : word.slice(0, eq);
			const inline = eq === -1 ? undefined : word.slice(eq + 1);
			const takesNext = inline === undefined && (values.has(option) || shellString.has(option) || splitString.has(option));
			const value = inline ?? (takesNext ? args[index + 1]?.value : undefined);
			const next = index + (takesNext ? 2 : 1);
			const result = special(option, value, next);
			if (result) return result;
			index = next;
			continue;
		}

		if (word.startsWith('-') && word.length > 1) {
			let consumed = 1;
			for (let at = 1; at < word.length; at++) {
				const option = `-${word[at]}`;
				const attached = word.slice(at + 1);
				const needsValue = values.has(option) || shellString.has(option) || splitString.has(option);
				const value = needsValue ? (attached || args[index + 1]?.value) : undefined;
				if (needsValue && !attached) consumed = 2;
				const result = special(option, value, index + consumed);
				if (result) return result;
				if (needsValue) break;
			}

			index += consumed;
			continue;
		}

		if (spec.assignments && /^[A-Za-z_]\w*=/.test(word)) {
			index++;
			continue;
		}

		break;
	}

	index += spec.skip ?? 0;
	const [inner, ...rest] = args.slice(index);
	if (!inner || spec.noPositionalCommand) return [];
	return [{kind: 'command', name: inner, args: rest, bulk: spec.bulk ?? false, detachStdin: spec.detachStdin ?? false}];
}

function unwrapFind(args: Word[]): Unwrapped[] {
	const found: Unwrapped[] = [];
	for (let index = 0; index < args.length; index++) {
		if (!['-exec', '-execdir', '-ok', '-okdir'].includes(args[index]!.value)) continue;
		const start = index + 1;
		let end = start;
		while (end < args.length && ![';', '+'].includes(args[end]!.value)) end++;
		const [inner, ...rest] = args.slice(start, end);
		if (inner) found.push({kind: 'command', name: inner, args: rest, bulk: true, detachStdin: true});
		index = end;
	}

	return found;
}

/** `python -m module args` runs the module like a command (`python -m twine upload`). */
function unwrapPythonModule(args: Word[]): Unwrapped[] | undefined {
	const index = args.findIndex((word) => word.value === '-m' || /^-[a-zA-Z]*m$/.test(word.value));
	const module = index === -1 ? undefined : args[index + 1];
	if (!module || args.slice(0, index).some((word) => !word.value.startsWith('-'))) return undefined;
	return [{kind: 'command', name: module, args: args.slice(index + 2), bulk: false, detachStdin: false}];
}

function unwrapWatch(args: Word[]): Unwrapped[] {
	let index = 0;
	let exec = false;
	const values = new Set(['-n', '--interval', '-q', '--equexit']);
	while (index < args.length) {
		const word = args[index]!.value;
		if (word === '--') {
			index++;
			break;
		}

		if (!word.startsWith('-') || word === '-') break;
		if (word === '-x' || word === '--exec') exec = true;
		index += values.has(word) ? 2 : 1;
	}

	const rest = args.slice(index);
	if (rest.length === 0) return [];
	if (exec) {
		const [inner, ...tail] = rest;
		return [{kind: 'command', name: inner!, args: tail, bulk: false, detachStdin: true}];
	}

	// Without -x, watch joins its operands and runs them with `sh -c`.
	return [{kind: 'line', text: rest.map((word) => word.value).join(' ')}];
}
