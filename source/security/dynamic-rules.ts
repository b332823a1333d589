import {isShell} from './interpreter-rules.js';
import {type CommandView, confirm, type Hit} from './rule-types.js';
import type {Word} from './shell-words.js';

// Commands with confirm or deny forms beyond the built-in table's own names: an argument only the
// shell knows may be the option or target that makes them destructive.
const riskyNames = new Set([
	'rm',
	'rmdir',
	'unlink',
	'shred',
	'truncate',
	'dd',
	'chmod',
	'chown',
	'chgrp',
	'chattr',
	'setfacl',
	'cp',
	'mv',
	'install',
	'ln',
	'rsync',
	'scp',
	'tee',
	'sed',
	'perl',
	'xargs',
	'git',
	'kubectl',
	'oc',
	'helm',
	'docker',
	'podman',
	'nerdctl',
	'docker-compose',
	'npm',
	'pnpm',
	'yarn',
	'bun',
	'npx',
	'cargo',
	'gem',
	'twine',
	'poetry',
	'uv',
	'pip',
	'pip3',
	'terraform',
	'tofu',
	'terragrunt',
	'pulumi',
	'aws',
	'gcloud',
	'gsutil',
	'az',
	'gh',
	'heroku',
	'fly',
	'flyctl',
	'vercel',
	'netlify',
	'doctl',
	'pkill',
	'killall',
	'systemctl',
	'service',
	'launchctl',
	'crontab',
	'at',
	'iptables',
	'nft',
	'ufw',
	'userdel',
	'usermod',
	'useradd',
	'passwd',
	'chpasswd',
	'mkfs',
	'wipefs',
	'blkdiscard',
	'parted',
	'fdisk',
	'sgdisk',
	'zfs',
	'zpool',
	'lvremove',
	'vgremove',
	'cryptsetup',
	'nvme',
	'psql',
	'mysql',
	'mariadb',
	'sqlite3',
	'mongosh',
	'mongo',
	'redis-cli',
	'dropdb',
	'rails',
	'rake',
	'prisma',
	'su',
	'history',
	'unset',
	'shutdown',
	'reboot',
	'halt',
	'poweroff',
]);

// Options that conventionally take a value: a computed value there is data, not an option.
const valueOptions = new Set([
	'-m',
	'--message',
	'-F',
	'--file',
	'--author',
	'--date',
	'-C',
	'--format',
	'--pretty',
	'-o',
	'--output',
	'-n',
	'--namespace',
	'--context',
	'-l',
	'--selector',
	'-e',
	'--expression',
	'-b',
	'--branch',
	'--body',
	'--title',
	'--tag',
	'--name',
	'--label',
	'-w',
	'--workdir',
	'--cwd',
	'--prefix',
	'-u',
	'--user',
	'--since',
	'--until',
	'--grep',
]);

// Subcommands with no risky form: an unknown argument after them cannot make one.
const quietSubcommands: Record<string, Set<string>> = {
	git: new Set([
		'log',
		'show',
		'diff',
		'status',
		'add',
		'commit',
		'fetch',
		'blame',
		'grep',
		'ls-files',
		'rev-parse',
		'describe',
		'shortlog',
		'cat-file',
		'merge-base',
		'clone',
		'init',
		'notes',
		'rev-list',
		'ls-remote',
		'show-ref',
		'for-each-ref',
	]),
	kubectl: new Set(['get', 'describe', 'logs', 'explain', 'top', 'version', 'api-resources', 'api-versions', 'port-forward', 'wait', 'diff', 'auth']),
	docker: new Set(['ps', 'logs', 'images', 'inspect', 'build', 'pull', 'stats', 'top', 'version', 'info', 'history', 'tag', 'login', 'search', 'port', 'diff', 'events', 'wait']),
	helm: new Set(['list', 'ls', 'status', 'get', 'template', 'show', 'search', 'history', 'lint', 'version', 'dependency']),
	npm: new Set(['run', 'run-script', 'test', 't', 'view', 'info', 'show', 'ls', 'list', 'outdated', 'search', 'explain', 'why', 'audit', 'version', 'pack']),
	cargo: new Set(['build', 'b', 'test', 't', 'check', 'c', 'clippy', 'fmt', 'doc', 'bench', 'tree', 'metadata', 'search']),
	gh: new Set(['pr', 'issue', 'run', 'search', 'browse', 'status', 'api']),
};
quietSubcommands.oc = quietSubcommands.kubectl!;
quietSubcommands.podman = quietSubcommands.docker!;
quietSubcommands.nerdctl = quietSubcommands.docker!;
quietSubcommands.pnpm = quietSubcommands.npm!;
quietSubcommands.yarn = quietSubcommands.npm!;
quietSubcommands.bun = quietSubcommands.npm!;

/** Whether a command has risky forms, so an argument only the shell knows needs a look. */
export function hasRiskyForms(name: string): boolean {
	return riskyNames.has(name) || isShell(name) || /^mkfs\./.test(name) || /^(python|pypy|node|ruby|php|lua)[\d.]*$/.test(name);
}

/** The argument only the shell knows that may turn into an option or extra words, if any. */
function unknownArgument(args: Word[]): Word | undefined {
	for (let index = 0; index < args.length; index++) {
		const word = args[index]!;
		if (word.value === '--') return undefined;
		if (!word.mayBeOption) continue;
		const previous = args[index - 1]?.value;
		if (previous !== undefined && valueOptions.has(previous)) continue;
		return word;
	}

	return undefined;
}

/** `rm $o ~`, `rm "$@"`, `git push $(echo --force)`: an unknown argument to a command with risky forms. */
export function dynamicArgumentHit(view: CommandView): Hit | undefined {
	if (!hasRiskyForms(view.name)) return undefined;
	const quiet = Object.hasOwn(quietSubcommands, view.name) ? quietSubcommands[view.name] : undefined;
	if (quiet) {
		const sub = view.args.find((word, index) => !word.value.startsWith('-') && !valueOptions.has(view.args[index - 1]?.value ?? ''));
		if (sub && !sub.mayBeOption && quiet.has(sub.value)) return undefined;
	}

	const word = unknownArgument(view.args);
	return word ? confirm('dynamic-argument', `'${view.text}' passes ${word.source}, which only the shell knows, to '${view.name}' (it may be an option or several words)`) : undefined;
}
