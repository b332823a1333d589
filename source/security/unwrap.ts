import {sshSpec} from './escape-rules.js';
import {parseArgs, valuesOf} from './getopt.js';
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
	/** Options whose value is a command line the wrapper runs through a shell (`nix-shell --run`): judged as a line. */
	lineOptions?: string[];
	/** The operands are joined and run through a shell (`watch`, `sg group cmd`, `hyperfine`): judged as a line each (`each`) or joined. */
	positionalLine?: 'joined' | 'each';
	/** Subcommand words that must come first (`npm exec`, `uv run`); other subcommands run nothing. */
	subcommands?: string[];
	/** A subcommand word that may come first and is skipped (`dotenv run cmd` and `dotenv cmd`). */
	optionalSubcommands?: string[];
	/** Options after which the remaining words are the command (`nix develop -c cmd args`, `xterm -e cmd`). */
	commandOptions?: string[];
	/** Options that take more than one value (`hyperfine -L name a,b`). */
	arity?: Record<string, number>;
	/** The operands end at this word (`parallel cmd ::: args`). */
	untilWord?: RegExp;
	/** The command follows `--` and nothing else (`gnome-terminal -- cmd`). */
	dashDashCommand?: boolean;
	/** Long options known to take no value (others may take the next word, and both readings are judged). */
	flags?: string[];
	/** The tool's own commands; any other first word runs an installed binary (`yarn jest`, `pnpm prisma`). */
	ownCommands?: string[];
}

// The package managers' own commands; any other first word is a script or an installed binary.
const pnpmCommands = [
	'add',
	'i',
	'install',
	'update',
	'up',
	'upgrade',
	'remove',
	'rm',
	'uninstall',
	'un',
	'link',
	'ln',
	'unlink',
	'import',
	'rebuild',
	'rb',
	'prune',
	'fetch',
	'patch',
	'patch-commit',
	'patch-remove',
	'audit',
	'list',
	'ls',
	'll',
	'la',
	'outdated',
	'why',
	'licenses',
	'run',
	'run-script',
	'test',
	't',
	'tst',
	'start',
	'restart',
	'stop',
	'create',
	'publish',
	'pack',
	'server',
	'store',
	'root',
	'bin',
	'setup',
	'init',
	'deploy',
	'doctor',
	'config',
	'c',
	'get',
	'set',
	'env',
	'recursive',
	'multi',
	'm',
	'cat-file',
	'cat-index',
	'find-hash',
	'dedupe',
	'help',
	'approve-builds',
	'ignored-builds',
	'self-update',
	'login',
	'logout',
	'adduser',
	'whoami',
	'owner',
	'dist-tag',
	'version',
	'docs',
	'home',
	'repo',
	'search',
	'view',
	'info',
	'show',
	'ci',
	'clean',
	'sbom',
];
const yarnCommands = [
	'add',
	'audit',
	'autoclean',
	'bin',
	'cache',
	'check',
	'config',
	'constraints',
	'create',
	'dedupe',
	'explain',
	'generate-lock-entry',
	'global',
	'help',
	'import',
	'info',
	'init',
	'install',
	'licenses',
	'link',
	'list',
	'login',
	'logout',
	'node',
	'npm',
	'outdated',
	'owner',
	'pack',
	'patch',
	'patch-commit',
	'plugin',
	'policies',
	'publish',
	'rebuild',
	'remove',
	'run',
	'search',
	'set',
	'stage',
	'tag',
	'team',
	'test',
	'unlink',
	'unplug',
	'up',
	'upgrade',
	'upgrade-interactive',
	'version',
	'versions',
	'why',
	'workspace',
	'workspaces',
	'start',
	'build',
	'dev',
	'lint',
	'format',
	'serve',
	'watch',
	'typecheck',
	'sdks',
	'info',
];

// Wrappers that run their operands as a command. Option lists only need the
// value-taking options: everything else starting with `-` is skipped as a flag.
const wrappers: Record<string, WrapperSpec> = {
	sudo: {
		values: [
			'-u',
			'-g',
			'-h',
			'-p',
			'-C',
			'-D',
			'-r',
			'-t',
			'-T',
			'-U',
			'-R',
			'--user',
			'--group',
			'--host',
			'--prompt',
			'--close-from',
			'--chdir',
			'--role',
			'--type',
			'--command-timeout',
			'--other-user',
			'--chroot',
		],
		noCommand: ['-e', '--edit', '-l', '--list', '-v', '--validate', '-K', '--remove-timestamp', '-V', '--version', '-h', '--help'],
		flags: ['--preserve-env', '--login', '--shell', '--non-interactive', '--background', '--stdin', '--reset-timestamp', '--set-home', '--preserve-groups', '--bell', '--askpass'],
		assignments: true,
	},
	doas: {values: ['-u', '-C']},
	pkexec: {values: ['--user']},
	run0: {values: ['-u', '--user', '-g', '--group', '-D', '--chdir', '--unit', '-p', '--property', '--description', '--slice', '--nice', '--setenv', '--machine']},
	runuser: {values: ['-u', '-g', '-G', '-s', '-w', '--user', '--group', '--supp-group', '--shell', '--whitelist-environment'], shellString: ['-c', '--command'], scanAll: true},
	env: {
		flags: ['--ignore-environment', '--null', '--debug', '--ignore-signal', '--default-signal', '--block-signal', '--list-signal-handling'],
		values: ['-u', '-C', '--unset', '--chdir'],
		splitString: ['-S', '--split-string'],
		assignments: true,
	},
	command: {noCommand: ['-v', '-V']},
	builtin: {},
	exec: {values: ['-a']},
	nohup: {},
	time: {values: ['-f', '-o', '--format', '--output']},
	nice: {values: ['-n', '--adjustment']},
	ionice: {values: ['-c', '-n', '--class', '--classdata'], noCommand: ['-p', '-P', '-u', '--pid', '--pgid', '--uid']},
	chrt: {values: ['-T', '-P', '-D'], noCommand: ['-p', '--pid'], skip: 1},
	taskset: {noCommand: ['-p', '--pid'], skip: 1},
	timeout: {flags: ['--preserve-status', '--foreground', '--verbose'], values: ['-s', '-k', '--signal', '--kill-after'], skip: 1},
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
	script: {
		values: ['-T', '-I', '-O', '-B', '-E', '-m', '--log-timing', '--log-in', '--log-out', '--log-io', '--echo', '--logging-format'],
		shellString: ['-c', '--command'],
		noPositionalCommand: true,
	},
	su: {
		values: ['-s', '-g', '-G', '-w', '--shell', '--group', '--supp-group', '--whitelist-environment'],
		shellString: ['-c', '--command', '--session-command'],
		noPositionalCommand: true,
		scanAll: true,
	},
	npx: {values: ['-p', '--package'], shellString: ['-c', '--call']},
	pnpx: {values: ['-p', '--package'], shellString: ['-c', '--call']},
	bunx: {values: ['-p', '--package']},
	gosu: {skip: 1},
	'su-exec': {skip: 1},
	sg: {shellString: ['-c'], skip: 1, scanAll: true, positionalLine: 'joined'},
	setpriv: {
		values: [
			'--reuid',
			'--regid',
			'--groups',
			'--inh-caps',
			'--ambient-caps',
			'--bounding-set',
			'--securebits',
			'--selinux-label',
			'--apparmor-profile',
			'--landlock-access',
			'--landlock-rule',
			'--pdeathsig',
			'--ruid',
			'--euid',
			'--rgid',
			'--egid',
		],
	},
	prlimit: {values: ['-p', '--pid', '-o', '--output']},
	numactl: {values: ['-i', '-m', '-N', '-C', '-p', '--interleave', '--membind', '--cpunodebind', '--physcpubind', '--preferred']},
	cpulimit: {values: ['-l', '-p', '-e', '--limit', '--pid', '--exe']},
	faketime: {values: ['-m', '-f'], skip: 1},
	eatmydata: {},
	fakeroot: {values: ['-l', '--lib', '--faked', '-s', '-i']},
	chronic: {},
	rlwrap: {values: ['-a', '-b', '-C', '-D', '-f', '-H', '-l', '-P', '-p', '-q', '-S', '-s', '-t', '-w', '-z', '-e', '-O', '-g', '-M', '-o']},
	valgrind: {},
	catchsegv: {},
	bwrap: {
		values: [
			'--bind',
			'--ro-bind',
			'--dev-bind',
			'--symlink',
			'--chdir',
			'--setenv',
			'--unsetenv',
			'--uid',
			'--gid',
			'--hostname',
			'--proc',
			'--dev',
			'--tmpfs',
			'--dir',
			'--file',
			'--bind-data',
			'--ro-bind-data',
			'--remount-ro',
			'--exec-label',
			'--file-label',
			'--seccomp',
			'--info-fd',
			'--lock-file',
			'--sync-fd',
			'--block-fd',
			'--userns',
			'--userns2',
			'--pidns',
			'--cap-add',
			'--cap-drop',
			'--args',
			'--perms',
			'--size',
			'--bind-try',
			'--ro-bind-try',
			'--dev-bind-try',
			'--overlay-src',
			'--overlay',
			'--tmp-overlay',
			'--ro-overlay',
			'--argv0',
		],
	},
	'aa-exec': {values: ['-p', '--profile', '-n', '--namespace']},
	'dbus-launch': {},
	sshpass: {values: ['-p', '-f', '-d', '-P']},
	direnv: {subcommands: ['exec'], skip: 1},
	op: {subcommands: ['run'], values: ['--env-file', '--account', '--config', '--session', '--cache']},
	doppler: {
		subcommands: ['run'],
		values: ['-p', '--project', '-c', '--config', '--token', '--mount', '--mount-format', '--mount-template', '--fallback', '--scope', '--name-transformer'],
		lineOptions: ['--command'],
	},
	infisical: {subcommands: ['run'], values: ['--env', '--path', '--projectId', '--token', '--tags', '--domain'], lineOptions: ['--command']},
	dotenvx: {subcommands: ['run'], values: ['-f', '--env-file', '-e', '--env', '--convention']},
	'aws-vault': {subcommands: ['exec'], values: ['-d', '--duration', '-t', '--mfa-token', '-r', '--region', '--prompt'], skip: 1},
	chamber: {subcommands: ['exec'], values: ['-b', '--backend', '-r', '--retries'], skip: 0},
	envchain: {skip: 1},
	teller: {subcommands: ['run'], values: ['-c', '--config']},
	poetry: {subcommands: ['run'], values: ['-C', '--directory', '-P', '--project']},
	pipenv: {subcommands: ['run']},
	pdm: {subcommands: ['run'], values: ['-p', '--project', '-v']},
	rye: {subcommands: ['run']},
	hatch: {subcommands: ['run'], values: ['-e', '--env']},
	conda: {subcommands: ['run'], values: ['-n', '--name', '-p', '--prefix', '--cwd']},
	mamba: {subcommands: ['run'], values: ['-n', '--name', '-p', '--prefix', '--cwd']},
	micromamba: {subcommands: ['run'], values: ['-n', '--name', '-p', '--prefix', '--cwd']},
	pixi: {subcommands: ['run', 'exec'], values: ['-e', '--environment', '--manifest-path', '-s', '--spec']},
	uv: {
		subcommands: ['run', 'tool'],
		values: [
			'--with',
			'--with-editable',
			'--with-requirements',
			'-p',
			'--python',
			'--project',
			'--directory',
			'--package',
			'--env-file',
			'--extra',
			'--group',
			'--index',
			'--index-url',
			'--default-index',
			'--extra-index-url',
			'--find-links',
			'-f',
			'--config-file',
			'--cache-dir',
			'--script',
			'--module',
			'-m',
			'--from',
			'--no-group',
			'--only-group',
			'--exclude-newer',
			'--prerelease',
			'--resolution',
			'--link-mode',
			'--refresh-package',
			'--reinstall-package',
			'--upgrade-package',
			'-P',
			'--python-preference',
			'--color',
		],
	},
	uvx: {values: ['--with', '--with-editable', '--with-requirements', '-p', '--python', '--from', '--index', '--index-url', '--extra-index-url', '--env-file', '--cache-dir', '--config-file']},
	pipx: {subcommands: ['run'], values: ['--spec', '--python', '--index-url', '--pip-args']},
	bundle: {subcommands: ['exec'], values: ['--gemfile']},
	bundler: {subcommands: ['exec'], values: ['--gemfile']},
	'nix-shell': {lineOptions: ['--run', '--command'], values: ['-p', '--packages', '-A', '--attr', '-I', '--arg', '--argstr', '--option', '--keep', '-k', '--expr', '-E'], noPositionalCommand: true},
	nix: {
		subcommands: ['develop', 'shell'],
		values: [
			'-i',
			'--ignore-environment',
			'-k',
			'--keep',
			'-u',
			'--unset',
			'--override-input',
			'--inputs-from',
			'--profile',
			'--option',
			'-I',
			'--include',
			'--arg',
			'--argstr',
			'--expr',
			'--file',
			'-f',
			'--set-env-var',
			'--extra-experimental-features',
			'--experimental-features',
		],
		commandOptions: ['-c', '--command'],
	},
	pnpm: {
		subcommands: ['exec', 'dlx', 'x'],
		values: ['-C', '--dir', '-F', '--filter', '--package', '--reporter', '--workspace-concurrency'],
		shellString: ['-c', '--shell-mode'],
		ownCommands: pnpmCommands,
	},
	yarn: {subcommands: ['exec', 'dlx'], values: ['-p', '--package', '--cwd'], ownCommands: yarnCommands},
	bun: {subcommands: ['x'], values: ['--cwd', '-p', '--package']},
	dotenv: {values: ['-e', '-c', '-v', '-f', '--file', '-p'], optionalSubcommands: ['run']},
	parallel: {
		positionalLine: 'joined',
		untilWord: /^:::[+]?$|^::::[+]?$/,
		values: [
			'-j',
			'--jobs',
			'-S',
			'--sshlogin',
			'-a',
			'--arg-file',
			'-d',
			'--delimiter',
			'-I',
			'--colsep',
			'-C',
			'--joblog',
			'--results',
			'--res',
			'-N',
			'-n',
			'--max-args',
			'-L',
			'--delay',
			'--timeout',
			'--tag-string',
			'--tagstring',
			'--retries',
			'--halt',
			'--memfree',
			'--load',
			'--basefile',
			'--bf',
			'--workdir',
			'--wd',
			'-E',
			'--eof',
			'--env',
			'--sshloginfile',
			'--slf',
			'--block',
			'--recstart',
			'--recend',
			'--header',
			'-s',
			'--max-chars',
			'-P',
			'--max-procs',
			'--cat-file',
			'--transfersize',
		],
		bulk: true,
	},
	sem: {positionalLine: 'joined', values: ['-j', '--jobs', '--id', '--semaphoretimeout', '--st']},
	hyperfine: {
		positionalLine: 'each',
		lineOptions: ['-p', '--prepare', '-c', '--cleanup', '-s', '--setup', '--conclude', '-C'],
		values: [
			'-w',
			'--warmup',
			'-m',
			'--min-runs',
			'-M',
			'--max-runs',
			'-r',
			'--runs',
			'-n',
			'--command-name',
			'--export-asciidoc',
			'--export-csv',
			'--export-json',
			'--export-markdown',
			'--export-orgmode',
			'-S',
			'--shell',
			'-u',
			'--time-unit',
			'--style',
			'--output',
			'--input',
			'--sort',
			'--reference',
			'--reference-name',
		],
		arity: {'-L': 2, '--parameter-list': 2, '-P': 3, '--parameter-scan': 3},
	},
	xterm: {commandOptions: ['-e'], values: ['-T', '-title', '-n', '-geometry', '-g', '-fa', '-fs', '-fn', '-bg', '-fg', '-class', '-name'], noPositionalCommand: true},
	'gnome-terminal': {lineOptions: ['-e', '--command', '-x'], dashDashCommand: true, values: ['--title', '-t', '--working-directory', '--profile', '--geometry', '--role', '--zoom']},
	kgx: {dashDashCommand: true, lineOptions: ['-e', '--command']},
	konsole: {commandOptions: ['-e'], noPositionalCommand: true},
	alacritty: {commandOptions: ['-e', '--command'], noPositionalCommand: true},
	perf: {
		subcommands: ['record', 'stat', 'trace', 'c2c', 'mem', 'kvm', 'sched', 'lock'],
		values: [
			'-e',
			'--event',
			'-o',
			'--output',
			'-p',
			'--pid',
			'-t',
			'--tid',
			'-C',
			'--cpu',
			'-F',
			'--freq',
			'-c',
			'--count',
			'-r',
			'--repeat',
			'-G',
			'--cgroup',
			'-u',
			'--uid',
			'-I',
			'--interval-print',
			'-x',
			'--field-separator',
			'--call-graph',
			'-m',
			'--mmap-pages',
		],
	},
	gdb: {
		commandOptions: ['--args'],
		noPositionalCommand: true,
		values: [
			'-ex',
			'-iex',
			'-x',
			'-ix',
			'-p',
			'-cd',
			'-d',
			'-s',
			'-e',
			'-se',
			'-c',
			'-b',
			'--eval-command',
			'--init-eval-command',
			'--command',
			'--init-command',
			'--pid',
			'--directory',
			'--symbols',
			'--exec',
			'--core',
			'--data-directory',
			'-D',
			'-tty',
			'--tty',
		],
	},
	mosh: {dashDashCommand: true},
	vagrant: {subcommands: ['ssh'], lineOptions: ['-c', '--command'], noPositionalCommand: true},
	'ssh-agent': {values: ['-a', '-E', '-t', '-P', '-O'], noCommand: ['-k', '-s', '-c', '-D', '-d', '-T', '-x']},
	'flatpak-spawn': {values: ['--directory', '--forward-fd', '--env', '--unset-env', '--app-path', '--usr-path', '--sandbox-expose', '--sandbox-expose-ro', '--sandbox-flag']},
	'host-spawn': {values: ['-cwd', '-env']},
	'distrobox-enter': {dashDashCommand: true},
	distrobox: {subcommands: ['enter'], dashDashCommand: true},
	toolbox: {subcommands: ['run'], values: ['-c', '--container', '-d', '--distro', '-r', '--release', '--preserve-fds']},
	watchexec: {
		positionalLine: 'joined',
		values: [
			'-w',
			'--watch',
			'-W',
			'--watch-non-recursive',
			'-e',
			'--exts',
			'-i',
			'--ignore',
			'-f',
			'--filter',
			'-d',
			'--debounce',
			'--delay-run',
			'--poll',
			'-s',
			'--signal',
			'--stop-signal',
			'--stop-timeout',
			'--shell',
			'--on-busy-update',
			'--workdir',
			'--env',
			'-E',
			'--project-origin',
			'--ignore-file',
			'--filter-file',
			'--emit-events-to',
			'--log-file',
			'--color',
			'--timings',
			'--completions',
			'--manual',
			'--wrap-process',
			'--fs-events',
			'-j',
			'--filter-prog',
		],
	},
	nodemon: {lineOptions: ['--exec', '-x'], noPositionalCommand: true, values: ['-w', '--watch', '-e', '--ext', '-i', '--ignore', '-d', '--delay', '--signal', '--config', '--cwd']},
	concurrently: {
		positionalLine: 'each',
		values: [
			'-n',
			'--names',
			'-c',
			'--prefix-colors',
			'-p',
			'--prefix',
			'-s',
			'--success',
			'--restart-tries',
			'--restart-after',
			'-m',
			'--max-processes',
			'--name-separator',
			'-l',
			'--prefix-length',
			'-t',
			'--timestamp-format',
			'--default-input-target',
			'--teardown',
			'--handle-input',
			'-P',
			'--passthrough-arguments',
		],
	},
	chokidar: {
		lineOptions: ['-c', '--command'],
		noPositionalCommand: true,
		values: ['-d', '--debounce', '-t', '--throttle', '-s', '--follow-symlinks', '--polling-interval', '--poll-interval-binary', '-i', '--ignore'],
	},
	pssh: {
		positionalLine: 'joined',
		values: ['-h', '--hosts', '-H', '--host', '-l', '--user', '-p', '--par', '-o', '--outdir', '-e', '--errdir', '-t', '--timeout', '-O', '--option', '-x', '--extra-args', '-X', '--extra-arg'],
	},
	'parallel-ssh': {
		positionalLine: 'joined',
		values: ['-h', '--hosts', '-H', '--host', '-l', '--user', '-p', '--par', '-o', '--outdir', '-e', '--errdir', '-t', '--timeout', '-O', '--option', '-x', '--extra-args', '-X', '--extra-arg'],
	},
	pdsh: {positionalLine: 'joined', values: ['-w', '-x', '-g', '-X', '-l', '-t', '-u', '-f', '-R', '-N', '-M']},
	clush: {
		positionalLine: 'joined',
		values: ['-w', '-x', '-g', '-X', '-l', '-t', '-u', '-f', '-R', '-o', '--options', '-O', '--option', '--hostfile', '--topology', '--pick', '--groupsource', '-E', '--fanout', '--user'],
	},
	screen: {values: ['-c', '-e', '-h', '-p', '-S', '-s', '-t', '-T', '-Logfile'], noCommand: ['-r', '-R', '-x', '-ls', '-list', '-X', '-Q', '-wipe', '-v', '-version']},
	xargs: {
		values: ['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a', '--max-args', '--max-procs', '--max-lines', '--delimiter', '--eof', '--max-chars', '--arg-file', '--process-slot-var', '--replace'],
		bulk: true,
		detachStdin: true,
	},
};

/** Names treated as transparent wrappers (their operands are a command). */
export const wrapperNames: ReadonlySet<string> = new Set([
	...Object.keys(wrappers),
	'busybox',
	'toybox',
	'watch',
	'find',
	'fd',
	'fdfind',
	'entr',
	'ssh',
	'git',
	'npm',
	'npx',
	'ansible',
	'salt',
	'salt-ssh',
	'salt-call',
]);

/** Returns what a wrapper command runs, or `undefined` if `name` is no wrapper. */
export function unwrap(name: string, args: Word[]): Unwrapped[] | undefined {
	const special = specialUnwrap(name, args);
	if (special) return special;
	if (/^python[\d.]*$/.test(name)) return unwrapPythonModule(args);
	if (!Object.hasOwn(wrappers, name)) return undefined;
	const spec = wrappers[name]!;
	if (spec.scanAll) {
		const shellString = new Set(spec.shellString);
		const end = args.findIndex(word => word.value === '--');
		const options = end === -1 ? args : args.slice(0, end);
		for (const [index, word] of options.entries()) {
			const [option, inline] = word.value.startsWith('--') ? word.value.split(/=(.*)/s, 2) : [word.value];
			if (option && shellString.has(option)) {
				return [{kind: 'shell-string', code: inline ?? args[index + 1]?.value ?? '', option}];
			}
		}
	}

	if (spec.subcommands) {
		// Options before the subcommand are the tool's own (`pnpm -C dir exec`, `uv --directory d run`).
		const first = firstOperand(spec, args);
		const word = first === -1 ? undefined : args[first]!.value;
		if (word !== undefined && spec.ownCommands && !spec.ownCommands.includes(word) && !spec.subcommands.includes(word)) {
			return [{kind: 'command', name: args[first]!, args: args.slice(first + 1), bulk: false, detachStdin: false}];
		}

		if (word === undefined || !spec.subcommands.includes(word)) return [];
		return unwrapWithSpec(spec, name, args.slice(first + 1));
	}

	return unwrapWithSpec(spec, name, args);
}

/** Whether a wrapper spec names this long option at all (so it is known to take no value). */
function knownFlag(spec: WrapperSpec, option: string): boolean {
	return [spec.noCommand, spec.commandOptions, spec.flags].some(list => list?.includes(option));
}

/** Index of the first operand, skipping the values of options that take one. */
function firstOperand(spec: WrapperSpec, args: Word[]): number {
	const values = new Set(spec.values);
	for (let index = 0; index < args.length; index++) {
		const word = args[index]!.value;
		if (!word.startsWith('-')) return index;
		if (values.has(word)) index++;
	}

	return -1;
}

function specialUnwrap(name: string, args: Word[]): Unwrapped[] | undefined {
	switch (name) {
		case 'find': {
			return unwrapFind(args);
		}

		case 'fd':
		case 'fdfind': {
			return unwrapFd(args);
		}

		case 'busybox':
		case 'toybox': {
			const [applet, ...rest] = args;
			if (!applet || applet.value.startsWith('-')) return [];
			return [{kind: 'command', name: applet, args: rest, bulk: false, detachStdin: false}];
		}

		case 'watch': {
			return unwrapWatch(args);
		}

		case 'entr': {
			return unwrapEntr(args);
		}

		case 'ssh':
		case 'autossh': {
			return unwrapSsh(args);
		}

		case 'git': {
			return unwrapGit(args);
		}

		case 'npm': {
			return unwrapNpm(args);
		}

		case 'ansible': {
			return unwrapAnsible(args);
		}

		case 'salt':
		case 'salt-ssh':
		case 'salt-call': {
			const index = args.findIndex(word => /^cmd\.(run|shell|run_all|run_stdout|script|exec_code)$/.test(word.value));
			return index === -1
				? []
				: [
						{
							kind: 'line',
							text: args
								.slice(index + 1)
								.filter(word => !/^\w+=/.test(word.value))
								.map(word => word.value)
								.join(' '),
						},
					];
		}

		default: {
			return undefined;
		}
	}
}

function unwrapWithSpec(spec: WrapperSpec, name: string, args: Word[], depth = 0): Unwrapped[] {
	const values = new Set(spec.values);
	const shellString = new Set(spec.shellString);
	const splitString = new Set(spec.splitString);
	const noCommand = new Set(spec.noCommand);
	const lineOptions = new Set(spec.lineOptions);
	const commandOptions = new Set(spec.commandOptions);
	const found: Unwrapped[] = [];
	let index = 0;
	let commandFrom: number | undefined;
	const special = (option: string, value: string | undefined, rest: number): Unwrapped[] | undefined => {
		if (shellString.has(option)) return [{kind: 'shell-string', code: value ?? '', option}];
		if (splitString.has(option)) {
			const tail = args
				.slice(rest)
				.map(word => word.source)
				.join(' ');
			return [{kind: 'line', text: `${value ?? ''} ${tail}`.trim()}];
		}

		if (lineOptions.has(option)) {
			found.push({kind: 'line', text: value ?? ''});
			return undefined;
		}

		return noCommand.has(option) ? [] : undefined;
	};

	const takesValue = (option: string) => values.has(option) || shellString.has(option) || splitString.has(option) || lineOptions.has(option);
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

		if (commandOptions.has(word)) {
			commandFrom = index + 1;
			break;
		}

		if (word.startsWith('--')) {
			const eq = word.indexOf('=');
			const option = eq === -1 ? word : word.slice(0, eq);
			const inline = eq === -1 ? undefined : word.slice(eq + 1);
			const extra = spec.arity?.[option];
			if (extra && inline === undefined) {
				index += extra + 1;
				continue;
			}

			const takesNext = inline === undefined && takesValue(option);
			const value = inline ?? (takesNext ? args[index + 1]?.value : undefined);
			const next = index + (takesNext ? 2 : 1);
			// An option the table does not know may take the next word: judge that reading too.
			if (!takesNext && inline === undefined && depth < 2 && !knownFlag(spec, option) && args[index + 1] && !args[index + 1]!.value.startsWith('-')) {
				found.push(...unwrapWithSpec({...spec, subcommands: undefined}, name, args.slice(index + 2), depth + 1));
			}

			const result = special(option, value, next);
			if (result) return [...found, ...result];
			index = next;
			continue;
		}

		if (word.startsWith('-') && word.length > 1) {
			let consumed = 1;
			for (let at = 1; at < word.length; at++) {
				const option = `-${word[at]}`;
				const attached = word.slice(at + 1);
				if (spec.arity?.[option] && !attached) {
					consumed = spec.arity[option] + 1;
					break;
				}

				const needsValue = takesValue(option);
				const value = needsValue ? attached || args[index + 1]?.value : undefined;
				if (needsValue && !attached) consumed = 2;
				const result = special(option, value, index + consumed);
				if (result) return [...found, ...result];
				if (needsValue) break;
			}

			index += consumed;
			continue;
		}

		if (spec.assignments && /^[A-Za-z_]\w*=/.test(word)) {
			index++;
			continue;
		}

		// When operands are no command, options may follow them (`chokidar '**' -c cmd`).
		if (spec.noPositionalCommand && !spec.dashDashCommand) {
			index++;
			continue;
		}

		break;
	}

	if (commandFrom !== undefined) {
		const [inner, ...rest] = args.slice(commandFrom);
		return inner ? [...found, {kind: 'command', name: inner, args: rest, bulk: false, detachStdin: false}] : found;
	}

	if (spec.dashDashCommand) {
		const dashdash = args.findIndex(word => word.value === '--');
		const [inner, ...rest] = dashdash === -1 ? [] : args.slice(dashdash + 1);
		return inner ? [...found, {kind: 'command', name: inner, args: rest, bulk: false, detachStdin: false}] : found;
	}

	if (spec.optionalSubcommands?.includes(args[index]?.value ?? '')) {
		return [...found, ...unwrapWithSpec({...spec, optionalSubcommands: undefined}, name, args.slice(index + 1))];
	}

	index += spec.skip ?? 0;
	let operands = args.slice(index);
	if (spec.untilWord) {
		const end = operands.findIndex(word => spec.untilWord!.test(word.value));
		if (end !== -1) operands = operands.slice(0, end);
	}

	if (spec.positionalLine === 'each') return [...found, ...operands.map((word): Unwrapped => ({kind: 'line', text: word.value}))];
	if (spec.positionalLine === 'joined') return operands.length > 0 ? [...found, {kind: 'line', text: operands.map(word => word.value).join(' ')}] : found;
	const [inner, ...rest] = operands;
	if (!inner || spec.noPositionalCommand) return found;
	return [...found, {kind: 'command', name: inner, args: rest, bulk: spec.bulk ?? false, detachStdin: spec.detachStdin ?? false}];
}

/** `fd -x cmd` runs cmd per result, `fd -X cmd` once with all; the command runs to a `;` or the end. */
function unwrapFd(args: Word[]): Unwrapped[] {
	const index = args.findIndex(word => /^(-x|-X|--exec|--exec-batch)$/.test(word.value));
	if (index === -1) return [];
	let end = index + 1;
	while (end < args.length && args[end]!.value !== ';') end++;
	const [inner, ...rest] = args.slice(index + 1, end);
	return inner ? [{kind: 'command', name: inner, args: rest, bulk: true, detachStdin: true}] : [];
}

/** `entr cmd args` runs argv; `entr -s 'text'` runs text with the shell. */
function unwrapEntr(args: Word[]): Unwrapped[] {
	let index = 0;
	let shell = false;
	while (index < args.length && /^-[acdnprsz]+$/.test(args[index]!.value)) {
		if (args[index]!.value.includes('s')) shell = true;
		index++;
	}

	const [inner, ...rest] = args.slice(index);
	if (!inner) return [];
	if (shell) return [{kind: 'line', text: [inner, ...rest].map(word => word.value).join(' ')}];
	return [{kind: 'command', name: inner, args: rest, bulk: true, detachStdin: true}];
}

/** `ssh [options] host command…`: the remote shell runs the joined words; judge them as a line. */
function unwrapSsh(args: Word[]): Unwrapped[] {
	const parsed = parseArgs(
		args.map(word => word.value),
		sshSpec,
	);
	const found: Unwrapped[] = [];
	for (const setting of valuesOf(parsed, 'o')) {
		const match = /^(proxycommand|localcommand|knownhostscommand|remotecommand)\s*[= ]\s*(.*)$/is.exec(setting.trim());
		if (match && !/^none$/i.test(match[2]!.trim())) found.push({kind: 'line', text: match[2]!.replaceAll(/%[%a-zA-Z]/g, 'x')});
	}

	const [, ...command] = parsed.operands;
	if (command.length > 0) found.push({kind: 'line', text: command.join(' ')});
	return found;
}

/** git subcommands that run a command given as argv (`git bisect run make test`). */
function unwrapGit(args: Word[]): Unwrapped[] | undefined {
	const index = args.findIndex((word, at) => word.value === 'bisect' && args[at + 1]?.value === 'run');
	if (index === -1) return undefined;
	const [inner, ...rest] = args.slice(index + 2);
	return inner ? [{kind: 'command', name: inner, args: rest, bulk: false, detachStdin: true}] : [];
}

const npmExecValues = new Set(['--package', '-p', '-w', '--workspace', '--registry', '--prefix', '-C', '--cache', '--userconfig', '--loglevel']);

/** `npm exec [--package=x] -- cmd args`, `npm x cmd`, and `npm exec -c 'text'` (a shell string). */
function unwrapNpm(args: Word[]): Unwrapped[] | undefined {
	const values = args.map(word => word.value);
	let index = 0;
	while (index < values.length && values[index]!.startsWith('-')) index += npmExecValues.has(values[index]!) ? 2 : 1;
	if (values[index] === 'explore') {
		// `npm explore pkg -- cmd args` runs the joined words with the shell, in the package's folder.
		const dashdash = values.indexOf('--', index);
		return dashdash === -1 ? [] : [{kind: 'line', text: values.slice(dashdash + 1).join(' ')}];
	}

	if (!['exec', 'x', 'exe'].includes(values[index] ?? '')) return undefined;
	const rest = args.slice(index + 1);
	for (const [at, word] of rest.entries()) {
		if (word.value === '--') break;
		if (word.value === '-c' || word.value === '--call') return [{kind: 'shell-string', code: rest[at + 1]?.value ?? '', option: word.value}];
		if (word.value.startsWith('--call=')) return [{kind: 'shell-string', code: word.value.slice(7), option: '--call'}];
	}

	return unwrapWithSpec({values: [...npmExecValues]}, 'npm', rest);
}

/** `ansible hosts -m shell -a 'text'`: the shell, command, raw and script modules run their argument on the hosts. */
function unwrapAnsible(args: Word[]): Unwrapped[] {
	const values = args.map(word => word.value);
	let module = 'command';
	let moduleArgs: string | undefined;
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (value === '-m' || value === '--module-name') module = values[++index] ?? '';
		else if (value.startsWith('--module-name=')) module = value.slice(14);
		else if (value === '-a' || value === '--args') moduleArgs = values[++index];
		else if (value.startsWith('--args=')) moduleArgs = value.slice(7);
		else if (/^-m./.test(value)) module = value.slice(2);
		else if (/^-a./.test(value)) moduleArgs = value.slice(2);
	}

	const short = module.split('.').at(-1) ?? '';
	if (moduleArgs === undefined || !['command', 'shell', 'raw', 'script'].includes(short)) return [];
	return [{kind: 'line', text: moduleArgs.replaceAll(/\b(chdir|creates|removes|executable|warn|stdin)=\S+/g, '').trim()}];
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
	const index = args.findIndex(word => word.value === '-m' || /^-[a-zA-Z]*m$/.test(word.value));
	const module = index === -1 ? undefined : args[index + 1];
	if (!module || args.slice(0, index).some(word => !word.value.startsWith('-'))) return undefined;
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
	return [{kind: 'line', text: rest.map(word => word.value).join(' ')}];
}
