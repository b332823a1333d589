import {builtinAllow, completionSourceRules, initEvalRules} from './builtin-allow-rules.js';
import {cloudRules} from './cloud-rules.js';
import {containerRules} from './container-rules.js';
import {diskRules, isMkfs} from './disk-rules.js';
import {escapeRules} from './escape-rules.js';
import {isOn, optionSpec, parseArgs} from './getopt.js';
import {checkGit} from './git-rules.js';
import {checkInterpreter, checkShell, isShell} from './interpreter-rules.js';
import {hasLong, operands, optionValue, shortFlags} from './option-scan.js';
import {packageRules} from './package-rules.js';
import {type CommandView, confirm, deny, type Hit, type Rule} from './rule-types.js';
import {checkFramework, checkSql} from './sql-rules.js';
import {expandHome, isSystemPath, protectedWriteRule} from './system-paths.js';
import {systemRules} from './system-rules.js';

const writeReason: Record<string, string> = {
	'device-write': 'writes to a raw device',
	'system-path-write': 'writes to a system path',
	'dotfile-overwrite': 'overwrites a dotfile in the home directory',
	'startup-file-write': 'writes a start-up or trust file that runs or admits code later',
};

/** A hit for writing to `target`, if it is protected. */
export function writeHit(target: string, overwrite: boolean, text: string, cwd?: string): Hit | undefined {
	const rule = protectedWriteRule(target, overwrite, cwd);
	return rule ? confirm(rule, `'${text}' ${writeReason[rule]} (${target})`) : undefined;
}

function firstHit(hits: Array<Hit | undefined>): Hit | undefined {
	return hits.find(hit => hit?.decision === 'deny') ?? hits.find(hit => hit !== undefined);
}

// GNU rm as getopt_long reads it: `--rec` is `--recursive`, `-Rf` clusters.
const rmSpec = optionSpec('-f|--force -i -I --interactive=? --one-file-system --no-preserve-root --preserve-root=? -r|-R|--recursive -d|--dir -v|--verbose --help --version');

const historyFile = /(^|\/)\.(bash_history|zsh_history|zhistory|history|histfile|python_history|node_repl_history|psql_history|mysql_history|lesshst|viminfo)$|(^|\/)fish_history$/;

const rm: Rule = view => {
	const parsed = parseArgs(view.values, rmSpec);
	const systemTarget = parsed.operands.find(path => isSystemPath(path));
	if (systemTarget) return confirm('system-path-delete', `'${view.text}' deletes under a system path (${systemTarget})`);
	if (isOn(parsed, 'recursive')) {
		return confirm('rm-recursive', `'${view.text}' deletes recursively`);
	}

	if (isOn(parsed, 'force')) return confirm('rm-force', `'${view.text}' force-deletes`);
	if (parsed.operands.some(path => historyFile.test(path))) return confirm('cover-tracks', `'${view.text}' deletes shell history`);
	if (view.bulk) return confirm('rm-bulk', `'${view.text}' deletes every file it is given`);
	return undefined;
};

const removeDirectory: Rule = view => {
	const systemTarget = operands(view.values).find(path => isSystemPath(path));
	return systemTarget ? confirm('system-path-delete', `'${view.text}' removes a system path (${systemTarget})`) : undefined;
};

// chmod, chown and chgrp; a chmod mode may look like an option (`chmod -x file`).
const ownershipSpec = optionSpec('-c|--changes -f|--silent|--quiet -v|--verbose -R|--recursive -H -L -P -h|--no-dereference --dereference --no-preserve-root --preserve-root --reference= --from=');

const recursiveOwnership: Rule = view => {
	const values = view.name === 'chmod' ? view.values.map(value => (/^-[rwxXstugo]+$|^-\d+$/.test(value) ? `mode:${value}` : value)) : view.values;
	const parsed = parseArgs(values, ownershipSpec);
	if (isOn(parsed, 'recursive')) {
		return confirm('recursive-permission-change', `'${view.text}' changes permissions or owners recursively`);
	}

	const targets = parsed.options.some(option => option.name === 'reference') ? parsed.operands : parsed.operands.slice(1);
	const target = targets.find(path => isSystemPath(path));
	if (target) return confirm('system-path-write', `'${view.text}' changes a system path (${target})`);
	const mode = parsed.operands[0]?.replace(/^mode:/, '') ?? '';
	if (view.name === 'chmod' && (/^[ugoa]*[+=][rwxXt]*s/.test(mode) || /^[2-7]\d{3}$/.test(mode))) {
		return confirm('setuid-change', `'${view.text}' sets a setuid or setgid bit`);
	}

	return undefined;
};

const copyOrMove: Rule = view => {
	const values = view.values;
	const targetOption = optionValue(values, '-t', '--target-directory');
	const paths = operands(values, ['-t', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group']);
	const target = targetOption ?? (paths.length > 1 ? paths.at(-1) : undefined);
	const hits: Array<Hit | undefined> = [target ? writeHit(target, true, view.text) : undefined];
	if (view.name === 'mv') {
		const sources = targetOption ? paths : paths.slice(0, -1);
		const moved = sources.find(path => isSystemPath(path));
		if (moved) hits.push(confirm('system-path-write', `'${view.text}' moves a system path (${moved})`));
		const home = sources.find(path => isHome(path));
		if (home) hits.push(confirm('move-home', `'${view.text}' moves the home directory (${home})`));
	}

	return firstHit(hits);
};

function isHome(path: string): boolean {
	const expanded = expandHome(path);
	return expanded !== path && expandHome('~') === expanded.replace(/\/+$/, '');
}

const tee: Rule = view => {
	const append = shortFlags(view.values).has('a') || hasLong(view.values, '--append');
	return firstHit(operands(view.values).map(path => writeHit(path, !append, view.text)));
};

const dd: Rule = view => {
	const output = view.values.find(value => value.startsWith('of='))?.slice(3);
	const device = output ? protectedWriteRule(output, true) : undefined;
	return confirm('dd', device ? `'${view.text}' ${writeReason[device]} (${output})` : `'${view.text}' copies raw blocks`);
};

const download: Rule = view => {
	const output = view.name === 'wget' ? optionValue(view.values, '-O', '--output-document') : optionValue(view.values, '-o', '--output');
	return output ? writeHit(output, true, view.text) : undefined;
};

const sedInPlace: Rule = view => {
	if (!view.values.some(value => /^-[a-zA-Z]*i/.test(value) || value.startsWith('--in-place'))) return undefined;
	const target = operands(view.values, ['-e', '-f', '--expression', '--file']).find(path => isSystemPath(path));
	return target ? confirm('system-path-write', `'${view.text}' edits a system file in place (${target})`) : undefined;
};

const always =
	(rule: string, phrase: string): Rule =>
	view =>
		confirm(rule, `'${view.text}' ${phrase}`);

/** Every finding of several rules, strongest first. */
const both =
	(...rules: Rule[]): Rule =>
	view =>
		firstHit(rules.map(rule => rule(view)));

// Family tables first; the general rules below take precedence on a shared name.
const table: Record<string, Rule> = {
	...systemRules,
	...diskRules,
	...cloudRules,
	...containerRules,
	...packageRules,
	...escapeRules,
	rm,
	rmdir: removeDirectory,
	unlink: removeDirectory,
	rimraf: always('rm-recursive', 'deletes recursively'),
	chmod: recursiveOwnership,
	chown: recursiveOwnership,
	chgrp: recursiveOwnership,
	setfacl: recursiveOwnership,
	cp: copyOrMove,
	mv: copyOrMove,
	install: copyOrMove,
	ln: copyOrMove,
	sed: both(escapeRules.sed!, sedInPlace),
	gsed: both(escapeRules.sed!, sedInPlace),
	rsync: both(escapeRules.rsync!, copyOrMove),
	tee,
	dd,
	curl: download,
	wget: download,
	truncate: always('truncate', 'cuts files to a size, losing their contents'),
	sudo: always('privilege-escalation', 'runs as another user (root)'),
	sudoedit: always('privilege-escalation', 'edits files as root'),
	doas: always('privilege-escalation', 'runs as another user (root)'),
	su: always('privilege-escalation', 'switches user'),
	pkexec: always('privilege-escalation', 'runs as another user (root)'),
	run0: always('privilege-escalation', 'runs as another user (root)'),
	runuser: always('privilege-escalation', 'runs as another user'),
	gosu: always('privilege-escalation', 'runs as another user'),
	'su-exec': always('privilege-escalation', 'runs as another user'),
	sg: always('privilege-escalation', 'runs with another group'),
	chroot: always('privilege-escalation', 'runs a command in another root directory'),
	nsenter: always('privilege-escalation', "enters another process's namespaces"),
	find: view => (view.values.includes('-delete') ? confirm('find-delete', `'${view.text}' deletes every file it finds`) : undefined),
	eval: view => {
		if (view.args.length === 1 && builtinAllow(initEvalRules, view.args[0])) return undefined;
		return deny('eval', `'eval' runs a string as commands: ${view.text}`);
	},
	exec: view => {
		const [first, ...rest] = view.args.filter(word => !word.value.startsWith('-'));
		// A variable as the program is judged where the name is resolved (`exec "$SHELL" -l` is normal).
		if (first && rest.length === 0 && (first.substitution || (!first.dynamic && /\s/.test(first.value)))) {
			return deny('exec-string', `'exec' runs a string as a command: ${view.text}`);
		}

		return undefined;
	},
	source: sourceRule,
	'.': sourceRule,
};

function sourceRule(view: CommandView): Hit | undefined {
	const [file] = view.args;
	if (builtinAllow(completionSourceRules, file)) return undefined;
	const generated = !file || file.processSubstitution || file.substitution || /^(\/dev\/stdin|\/dev\/fd\/\d+|\/proc\/self\/fd\/\d+|-)$/.test(file.value);
	if (generated && (file || view.stdin?.kind === 'pipe')) {
		return deny('source-generated', `'${view.name}' runs downloaded or generated text in this shell: ${view.text}`);
	}

	return undefined;
}

/** Every built-in finding for one (already unwrapped) command. */
export function builtinHits(view: CommandView): Hit[] {
	const hits: Array<Hit | undefined> = [
		checkShell(view),
		checkInterpreter(view),
		checkGit(view),
		checkSql(view),
		checkFramework(view),
		Object.hasOwn(table, view.name) ? table[view.name]?.(view) : undefined,
	];
	// `find -exec sh \;` and `xargs bash` with no script start an interactive shell (GTFOBins).
	if (view.bulk && isShell(view.name) && !view.values.some(value => !value.startsWith('-'))) {
		hits.push(confirm('shell-escape', `'${view.text}' starts a shell from a command runner`));
	}

	if (isMkfs(view.name)) hits.push(confirm('mkfs', `'${view.text}' creates a filesystem, erasing the device`));
	return hits.filter((hit): hit is Hit => hit !== undefined);
}
