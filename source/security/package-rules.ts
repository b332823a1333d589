import {isOn, type OptionSpec, optionSpec, parseArgs, resolveAbbreviation, subcommandReadings} from './getopt.js';
import {type CommandView, confirm, type Hit, type Rule, strongestHit} from './rule-types.js';

// npm's commands and aliases; npm resolves a unique prefix of a command (`npm publis`).
const npmCommands = [
	'access',
	'adduser',
	'audit',
	'bugs',
	'cache',
	'ci',
	'completion',
	'config',
	'dedupe',
	'deprecate',
	'diff',
	'dist-tag',
	'docs',
	'doctor',
	'edit',
	'exec',
	'explain',
	'explore',
	'find-dupes',
	'fund',
	'get',
	'help',
	'help-search',
	'hook',
	'init',
	'install',
	'install-ci-test',
	'install-test',
	'link',
	'll',
	'login',
	'logout',
	'ls',
	'org',
	'outdated',
	'owner',
	'pack',
	'ping',
	'pkg',
	'prefix',
	'profile',
	'prune',
	'publish',
	'query',
	'rebuild',
	'repo',
	'restart',
	'root',
	'run-script',
	'sbom',
	'search',
	'set',
	'shrinkwrap',
	'star',
	'stars',
	'start',
	'stop',
	'team',
	'test',
	'token',
	'undeprecate',
	'uninstall',
	'unpublish',
	'unstar',
	'update',
	'version',
	'view',
	'whoami',
];

// Options of npm (nopt) that take a value; anything else is a boolean or unknown.
const npmSpec = optionSpec(
	[
		'--registry= --prefix= -C= --cache= --userconfig= --globalconfig= -w=|--workspace= --tag= --otp= --access= --loglevel= --scope=',
		'--node-options= --script-shell= --before= --omit= --include= --install-strategy= --auth-type= --cafile= --cert= --key= --proxy=',
		'--https-proxy= --location= -c=|--call= --package= --provenance-file= --fetch-retries= --fetch-timeout= --otp= --workspaces-update',
		'--dry-run -g|--global -f|--force -s|--silent -q|--quiet -y|--yes --json --workspaces --if-present --ignore-scripts --provenance',
	].join(' '),
	{negation: true, abbreviate: false},
);

/** Options of pnpm, yarn and bun that take a value before the command. */
const otherSpecs: Record<string, OptionSpec> = {
	pnpm: optionSpec('-C=|--dir= -F=|--filter= -w|--workspace-root --reporter= --loglevel= -r|--recursive --dry-run --tag= --access= --otp= --registry= -c|--shell-mode', {negation: true}),
	yarn: optionSpec('--cwd= --registry= --dry-run --tag= --access= --otp= --new-version= --non-interactive', {negation: true}),
	bun: optionSpec('--cwd= --dry-run --tag= --access= --otp= --registry= -c=|--config=', {negation: true}),
};

const publishing: Record<string, string[]> = {
	npm: ['publish', 'unpublish', 'deprecate'],
	pnpm: ['publish'],
	yarn: ['publish'],
	bun: ['publish'],
};

const publishHit = (view: CommandView, what: string): Hit => confirm('package-publish', `'${view.text}' ${what}`);

/** npm, pnpm, yarn and bun: publishing, unpublishing and deprecating packages. */
const nodePackages: Rule = view => {
	const spec = view.name === 'npm' ? npmSpec : otherSpecs[view.name]!;
	const hits = subcommandReadings(view.values, spec).map(reading => {
		let [command, ...rest] = reading.rest;
		if (view.name === 'npm') command = resolveAbbreviation(command, npmCommands, 3);
		// `yarn npm publish` nests one level deeper (yarn berry).
		if (view.name === 'yarn' && command === 'npm') [command, ...rest] = rest;
		if (!command || !publishing[view.name]!.includes(command)) return undefined;
		const parsed = parseArgs(rest, spec);
		if (isOn(parsed, 'dry-run') || isOn(reading.globals, 'dry-run')) return undefined;
		return publishHit(view, command === 'publish' ? 'publishes a package' : `${command}s a published package`);
	});
	return strongestHit(hits);
};

const cargoSpec = optionSpec('-C= --config= -Z= --color= -v|--verbose -q|--quiet --frozen --locked --offline --list --explain= -h|--help -V|--version', {permute: false});

/** cargo publish and yank; `cargo +toolchain` is rustup's proxy syntax. */
const cargo: Rule = view => {
	const values = view.values[0]?.startsWith('+') ? view.values.slice(1) : view.values;
	const hits = subcommandReadings(values, cargoSpec).map(reading => {
		const [command, ...rest] = reading.rest;
		if (command === 'yank') return isOn(parseArgs(rest, optionSpec('--undo --vers= --version= --index= --registry= --token=')), 'undo') ? undefined : publishHit(view, 'yanks a published crate');
		if (command === 'owner') return rest.some(word => /^(-r|--remove)/.test(word)) ? publishHit(view, 'removes a crate owner') : undefined;
		if (command !== 'publish') return undefined;
		return isOn(parseArgs(rest, optionSpec('-n|--dry-run --index= --registry= --token= -p=|--package= --target= --features= -j=|--jobs= --manifest-path= --target-dir=')), 'dry-run')
			? undefined
			: publishHit(view, 'publishes a crate');
	});
	return strongestHit(hits);
};

/** Publishing subcommands of other package managers. */
const simplePublish = (commands: string[], values = '', dryRun = '--dry-run'): Rule => {
	const spec = optionSpec(values, {permute: false});
	return view => {
		const hits = subcommandReadings(view.values, spec).map(reading => {
			const [command, ...rest] = reading.rest;
			if (!command || !commands.includes(command)) return undefined;
			return rest.includes(dryRun) ? undefined : publishHit(view, `publishes or withdraws a package (${command})`);
		});
		return strongestHit(hits);
	};
};

/** Rules for package registries. */
export const packageRules: Record<string, Rule> = {
	npm: nodePackages,
	pnpm: nodePackages,
	yarn: nodePackages,
	bun: nodePackages,
	cargo,
	twine: simplePublish(['upload', 'register']),
	gem: simplePublish(['push', 'yank', 'owner']),
	poetry: simplePublish(['publish']),
	uv: simplePublish(['publish'], '--directory= --project= --config-file= --cache-dir='),
	flit: simplePublish(['publish']),
	hatch: simplePublish(['publish']),
	vsce: simplePublish(['publish', 'unpublish']),
	ovsx: simplePublish(['publish']),
	nuget: simplePublish(['push', 'delete']),
	mix: view => (view.values.some(value => /^hex\.(publish|retire|owner)$/.test(value)) ? publishHit(view, 'publishes to hex') : undefined),
};
