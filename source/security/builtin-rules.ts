import {checkGit} from './git-rules.js';
import {checkInterpreter, checkShell} from './interpreter-rules.js';
import {hasLong, operands, optionValue, shortFlags, subcommand} from './option-scan.js';
import {confirm, deny, type CommandView, type Hit} from './rule-types.js';
import {checkSql} from './sql-rules.js';
import {isSystemPath, protectedWriteRule} from './system-paths.js';

type Rule = (view: CommandView) => Hit | undefined;

const writeReason: Record<string, string> = {
	'device-write': 'writes to a raw device',
	'system-path-write': 'writes to a system path',
	'dotfile-overwrite': 'overwrites a dotfile in the home directory',
};

/** A hit for writing to `target`, if it is protected. */
export function writeHit(target: string, overwrite: boolean, text: string): Hit | undefined {
	const rule = protectedWriteRule(target, overwrite);
	return rule ? confirm(rule, `'${text}' ${writeReason[rule]} (${target})`) : undefined;
}

function firstHit(hits: Array<Hit | undefined>): Hit | undefined {
	return hits.find((hit) => hit?.decision === 'deny') ?? hits.find((hit) => hit !== undefined);
}

const rm: Rule = (view) => {
	const flags = shortFlags(view.values);
	const systemTarget = operands(view.values).find((path) => isSystemPath(path));
	if (systemTarget) return confirm('system-path-delete', `'${view.text}' deletes under a system path (${systemTarget})`);
	if (flags.has('r') || flags.has('R') || hasLong(view.values, '--recursive')) {
		return confirm('rm-recursive', `'${view.text}' deletes recursively`);
	}

	if (flags.has('f') || hasLong(view.values, '--force')) return confirm('rm-force', `'${view.text}' force-deletes`);
	if (view.bulk) return confirm('rm-bulk', `'${view.text}' deletes every file it is given`);
	return undefined;
};

const removeDirectory: Rule = (view) => {
	const systemTarget = operands(view.values).find((path) => isSystemPath(path));
	return systemTarget ? confirm('system-path-delete', `'${view.text}' removes a system path (${systemTarget})`) : undefined;
};

const recursiveOwnership: Rule = (view) => {
	if (shortFlags(view.values).has('R') || hasLong(view.values, '--recursive')) {
		return confirm('recursive-permission-change', `'${view.text}' changes permissions or owners recursively`);
	}

	const target = operands(view.values).slice(1).find((path) => isSystemPath(path));
	return target ? confirm('system-path-write', `'${view.text}' changes a system path (${target})`) : undefined;
};

const copyOrMove: Rule = (view) => {
	const values = view.values;
	const targetOption = optionValue(values, '-t', '--target-directory');
	const paths = operands(values, ['-t', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group']);
	const target = targetOption ?? (paths.length > 1 ? paths.at(-1) : undefined);
	const hits: Array<Hit | undefined> = [target ? writeHit(target, true, view.text) : undefined];
	if (view.name === 'mv') {
		const sources = targetOption ? paths : paths.slice(0, -1);
		const moved = sources.find((path) => isSystemPath(path));
		if (moved) hits.push(confirm('system-path-write', `'${view.text}' moves a system path (${moved})`));
	}

	return firstHit(hits);
};

const tee: Rule = (view) => {
	const append = shortFlags(view.values).has('a') || hasLong(view.values, '--append');
	return firstHit(operands(view.values).map((path) => writeHit(path, !append, view.text)));
};

const dd: Rule = (view) => {
	const output = view.values.find((value) => value.startsWith('of='))?.slice(3);
	const device = output ? protectedWriteRule(output, true) : undefined;
	return confirm('dd', device ? `'${view.text}' ${writeReason[device]} (${output})` : `'${view.text}' copies raw blocks`);
};

const download: Rule = (view) => {
	const output = view.name === 'wget'
		? optionValue(view.values, '-O', '--output-document')
		: optionValue(view.values, '-o', '--output');
	return output ? writeHit(output, true, view.text) : undefined;
};

const sedInPlace: Rule = (view) => {
	if (!view.values.some((value) => /^-[a-zA-Z]*i/.test(value) || value.startsWith('--in-place'))) return undefined;
	const target = operands(view.values, ['-e', '-f', '--expression', '--file']).find((path) => isSystemPath(path));
	return target ? confirm('system-path-write', `'${view.text}' edits a system file in place (${target})`) : undefined;
};

const kill: Rule = (view) => {
	const values = view.values;
	const signal = optionValue(values, '-s', '-n', '--signal');
	const forced = values.some((value) => /^-(9|KILL|SIGKILL)$/i.test(value)) || (signal !== undefined && /^(9|KILL|SIGKILL)$/i.test(signal));
	if (forced) return confirm('kill-force', `'${view.text}' kills processes without letting them clean up`);
	if (operands(values).includes('-1') || values.includes('-1')) return confirm('kill-force', `'${view.text}' signals every process`);
	return undefined;
};

const publish = (subcommands: string[], valueOptions: string[] = []): Rule => (view) => {
	const {name, rest} = subcommand(view.values, valueOptions);
	if (name === undefined || hasLong(rest, '--dry-run')) return undefined;
	// `yarn npm publish` nests one level deeper.
	const effective = name === 'npm' && view.name === 'yarn' ? rest.find((value) => !value.startsWith('-')) : name;
	return effective && subcommands.includes(effective)
		? confirm('package-publish', `'${view.text}' publishes a package`)
		: undefined;
};

const systemctl: Rule = (view) => {
	const {name} = subcommand(view.values, ['-H', '--host', '-M', '--machine', '-p', '--property', '-t', '--type', '-s', '--signal']);
	return name && /^(poweroff|reboot|halt|kexec|suspend|hibernate|hybrid-sleep|emergency|rescue|soft-reboot)$/.test(name)
		? confirm('system-power', `'${view.text}' powers off or restarts the machine`)
		: undefined;
};

const docker: Rule = (view) => {
	const {name, rest} = subcommand(view.values, ['-H', '--host', '-c', '--context', '--config', '-l', '--log-level']);
	const flags = shortFlags(rest);
	const force = flags.has('f') || hasLong(rest, '--force');
	const sub = rest.find((value) => !value.startsWith('-'));
	const hit = confirm('docker-destructive', `'${view.text}' removes containers, images or volumes`);
	if (name === 'system' && sub === 'prune') return hit;
	if (['image', 'container', 'volume', 'network', 'builder', 'buildx'].includes(name ?? '') && sub === 'prune') return hit;
	if (name === 'volume' && (sub === 'rm' || sub === 'remove')) return hit;
	if ((name === 'rm' || name === 'rmi') && (force || flags.has('v') || hasLong(rest, '--volumes'))) return hit;
	if ((name === 'container' || name === 'image') && (sub === 'rm' || sub === 'remove') && force) return hit;
	if (name === 'compose' && rest.includes('down') && (flags.has('v') || hasLong(rest, '--volumes', '--rmi'))) return hit;
	return undefined;
};

const kubectl: Rule = (view) => {
	const {name, rest} = subcommand(view.values, ['-n', '--namespace', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server', '--token', '-l', '--selector']);
	if (name === 'delete' || name === 'drain') return confirm('kubectl-delete', `'${view.text}' deletes cluster resources`);
	if ((name === 'replace' || name === 'apply') && hasLong(rest, '--force', '--prune')) {
		return confirm('kubectl-delete', `'${view.text}' may delete and recreate cluster resources`);
	}

	return undefined;
};

const helm: Rule = (view) => {
	const {name} = subcommand(view.values, ['-n', '--namespace', '--kube-context', '--kubeconfig']);
	return name && ['uninstall', 'delete', 'del', 'un'].includes(name)
		? confirm('helm-uninstall', `'${view.text}' uninstalls a release`)
		: undefined;
};

const terraform: Rule = (view) => {
	const values = view.values.filter((value) => !value.startsWith('-chdir'));
	const {name, rest} = subcommand(values);
	if (name === 'destroy') return confirm('terraform-destroy', `'${view.text}' destroys infrastructure`);
	if (name === 'apply' && rest.some((value) => /^--?destroy$/.test(value))) return confirm('terraform-destroy', `'${view.text}' destroys infrastructure`);
	if (name === 'apply' && rest.some((value) => /^--?auto-approve(=true)?$/.test(value))) {
		return confirm('terraform-auto-approve', `'${view.text}' applies changes without review`);
	}

	if (name === 'state' && ['rm', 'push'].includes(rest[0] ?? '')) return confirm('terraform-destroy', `'${view.text}' edits terraform state`);
	if (name === 'workspace' && rest[0] === 'delete') return confirm('terraform-destroy', `'${view.text}' deletes a workspace`);
	return undefined;
};

const cloud: Rule = (view) => {
	const words = view.values.filter((value) => !value.startsWith('-'));
	if (view.name === 'aws' && words[0] === 's3' && (words[1] === 'rb' || (words[1] === 'rm' && hasLong(view.values, '--recursive')))) {
		return confirm('cloud-delete', `'${view.text}' deletes cloud storage`);
	}

	return words.some((word) => /^(delete|destroy|terminate|purge|remove)(-|$)/.test(word))
		? confirm('cloud-delete', `'${view.text}' deletes cloud resources`)
		: undefined;
};

const always = (rule: string, phrase: string): Rule => (view) => confirm(rule, `'${view.text}' ${phrase}`);

const table: Record<string, Rule> = {
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
	rsync: copyOrMove,
	tee,
	dd,
	curl: download,
	wget: download,
	sed: sedInPlace,
	shred: always('shred', 'destroys file contents beyond recovery'),
	wipefs: always('wipefs', 'erases filesystem signatures'),
	truncate: always('truncate', 'cuts files to a size, losing their contents'),
	fdisk: always('partition-table', 'edits a partition table'),
	sfdisk: always('partition-table', 'edits a partition table'),
	cfdisk: always('partition-table', 'edits a partition table'),
	gdisk: always('partition-table', 'edits a partition table'),
	sgdisk: always('partition-table', 'edits a partition table'),
	parted: always('partition-table', 'edits a partition table'),
	mkswap: always('mkfs', 'formats a device'),
	mke2fs: always('mkfs', 'formats a device'),
	sudo: always('privilege-escalation', 'runs as another user (root)'),
	sudoedit: always('privilege-escalation', 'edits files as root'),
	doas: always('privilege-escalation', 'runs as another user (root)'),
	su: always('privilege-escalation', 'switches user'),
	pkexec: always('privilege-escalation', 'runs as another user (root)'),
	run0: always('privilege-escalation', 'runs as another user (root)'),
	runuser: always('privilege-escalation', 'runs as another user'),
	npm: publish(['publish', 'unpublish', 'deprecate']),
	pnpm: publish(['publish'], ['-C', '--dir', '--filter', '-F']),
	yarn: publish(['publish']),
	bun: publish(['publish']),
	cargo: publish(['publish', 'yank']),
	twine: publish(['upload']),
	gem: publish(['push', 'yank']),
	poetry: publish(['publish']),
	uv: publish(['publish']),
	flit: publish(['publish']),
	hatch: publish(['publish']),
	vsce: publish(['publish', 'unpublish']),
	ovsx: publish(['publish']),
	kill,
	killall: always('kill-by-name', 'kills every process with that name'),
	pkill: always('kill-by-name', 'kills every process that matches'),
	shutdown: always('system-power', 'powers off or restarts the machine'),
	reboot: always('system-power', 'restarts the machine'),
	halt: always('system-power', 'halts the machine'),
	poweroff: always('system-power', 'powers off the machine'),
	systemctl,
	init: (view) => (/^[06]$/.test(view.values[0] ?? '') ? confirm('system-power', `'${view.text}' changes the runlevel`) : undefined),
	telinit: (view) => (/^[06]$/.test(view.values[0] ?? '') ? confirm('system-power', `'${view.text}' changes the runlevel`) : undefined),
	docker,
	podman: docker,
	nerdctl: docker,
	kubectl,
	oc: kubectl,
	helm,
	terraform,
	tofu: terraform,
	terragrunt: terraform,
	pulumi: (view) => (subcommand(view.values).name === 'destroy' ? confirm('terraform-destroy', `'${view.text}' destroys infrastructure`) : undefined),
	aws: cloud,
	gcloud: cloud,
	az: cloud,
	crontab: (view) => (shortFlags(view.values).has('r') ? confirm('crontab-remove', `'${view.text}' removes the crontab`) : undefined),
	find: (view) => (view.values.includes('-delete') ? confirm('find-delete', `'${view.text}' deletes every file it finds`) : undefined),
	eval: (view) => deny('eval', `'eval' runs a string as commands: ${view.text}`),
	exec: (view) => {
		const [first, ...rest] = view.args.filter((word) => !word.value.startsWith('-'));
		if (first && rest.length === 0 && (first.dynamic || /\s/.test(first.value))) {
			return deny('exec-string', `'exec' runs a string as a command: ${view.text}`);
		}

		return undefined;
	},
	source: sourceRule,
	'.': sourceRule,
};

function sourceRule(view: CommandView): Hit | undefined {
	const [file] = view.args;
	const generated = !file
		|| file.processSubstitution
		|| file.substitution
		|| /^(\/dev\/stdin|\/dev\/fd\/\d+|\/proc\/self\/fd\/\d+|-)$/.test(file.value);
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
		Object.hasOwn(table, view.name) ? table[view.name]?.(view) : undefined,
	];
	if (/^mkfs(\..+)?$/.test(view.name)) hits.push(confirm('mkfs', `'${view.text}' creates a filesystem, erasing the device`));
	return hits.filter((hit): hit is Hit => hit !== undefined);
}
