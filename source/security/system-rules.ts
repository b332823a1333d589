import {isOn, optionSpec, parseArgs, subcommandReadings} from './getopt.js';
import {type CommandView, confirm, type Hit, type Rule, strongestHit} from './rule-types.js';

const systemHit = (rule: string, view: CommandView, what: string): Hit => confirm(rule, `'${view.text}' ${what}`);
const always =
	(rule: string, what: string): Rule =>
	view =>
		systemHit(rule, view, what);

const systemctlSpec = optionSpec(
	[
		'-H=|--host= -M=|--machine= -p=|--property= -t=|--type= -s=|--signal= --state= --kill-whom=|--kill-value= --job-mode= --root= --image= -n=|--lines= -o=|--output= --when= --what= --timestamp= --boot-loader-entry= --reboot-argument= --preset-mode= --check-inhibitors= --drop-in=',
		'--user --system --global --now -q|--quiet --no-block --no-wall --no-reload --no-ask-password -f|--force -i|--ignore-inhibitors -a|--all -l|--full -r|--recursive --runtime --dry-run --no-pager --no-legend --plain --show-types --firmware-setup',
	].join(' '),
	{permute: true},
);

const powerActions = /^(poweroff|reboot|halt|kexec|suspend|hibernate|hybrid-sleep|suspend-then-hibernate|emergency|rescue|soft-reboot|default)$/;
const serviceActions = /^(stop|disable|mask|kill|isolate|revert|freeze|clean|reset-failed|set-default|daemon-reexec)$/;

const systemctl: Rule = view => {
	const parsed = parseArgs(view.values, systemctlSpec);
	const [command] = parsed.operands;
	if (command === undefined || isOn(parsed, 'dry-run')) return undefined;
	if (powerActions.test(command)) return systemHit('system-power', view, 'powers off or restarts the machine');
	if (serviceActions.test(command) || ((command === 'restart' || command === 'try-restart') && isOn(parsed, 'all'))) {
		return systemHit('service-stop', view, 'stops, disables or masks a service');
	}

	return undefined;
};

const service: Rule = view => {
	const [, action] = view.values.filter(value => !value.startsWith('-'));
	return action && /^(stop|disable|uninstall|force-stop)$/.test(action) ? systemHit('service-stop', view, 'stops a service') : undefined;
};

const firewall: Rule = view => {
	const flush = view.values.some(value => /^(-F|--flush|-X|--delete-chain|-Z|--zero|-D|--delete|-P|--policy)$/.test(value) || /^-[a-zA-Z]*[FX]$/.test(value));
	return flush ? systemHit('firewall-change', view, 'flushes or changes firewall rules') : undefined;
};

const nft: Rule = view => {
	const words = view.values.filter(value => !value.startsWith('-'));
	return words.some(word => /^(flush|delete|destroy)$/.test(word)) || view.values.some(value => /^(-f|--file)$/.test(value))
		? systemHit('firewall-change', view, 'flushes or changes firewall rules')
		: undefined;
};

const ufw: Rule = view => {
	const words = view.values.filter(value => !value.startsWith('-'));
	return /^(disable|reset|delete|deny|default)$/.test(words[0] ?? '') ? systemHit('firewall-change', view, 'turns off or changes the firewall') : undefined;
};

const passwd: Rule = view => {
	const parsed = parseArgs(
		view.values,
		optionSpec(
			'-d|--delete -l|--lock -u|--unlock -e|--expire -S|--status -a|--all -n=|--mindays= -x=|--maxdays= -w=|--warndays= -i=|--inactive= -r=|--repository= -R=|--root= --stdin -k|--keep-tokens -q|--quiet',
		),
	);
	if (isOn(parsed, 'status')) return undefined;
	return systemHit('account-change', view, isOn(parsed, 'delete') ? 'removes a password' : 'changes an account password');
};

const kill: Rule = view => {
	const values = view.values;
	if (values.some(value => /^(-l|-L|--list|--table)$/.test(value))) return undefined;
	// `-9`, `-KILL`, `-SIGKILL`, `-s KILL`, `-n 9`, `--signal=KILL`.
	const signals = values.flatMap((value, index) => {
		if (/^-(s|n|-signal)$/.test(values[index - 1] ?? '')) return [value];
		if (value.startsWith('--signal=')) return [value.slice(9)];
		return index === 0 && /^-(\d+|[A-Z][A-Z\d+-]*)$/i.test(value) ? [value.slice(1)] : [];
	});
	const forced = signals.some(signal => /^(9|KILL|SIGKILL)$/i.test(signal));
	if (values.some((value, index) => value === '-1' && index > 0) || (values[0] === '--' && values[1] === '-1')) return systemHit('kill-force', view, 'signals every process');
	if (forced) return systemHit('kill-force', view, 'kills processes without letting them clean up');
	return undefined;
};

const history: Rule = view => (view.values.some(value => /^-[a-zA-Z]*[cd]/.test(value)) ? systemHit('cover-tracks', view, 'erases shell history') : undefined);

const historyVariables = /^(HISTFILE|HISTSIZE|HISTFILESIZE|HISTCONTROL|HISTIGNORE|SAVEHIST|HISTORY)(=|$)/;

const unsetHistory: Rule = view => (view.values.some(value => historyVariables.test(value)) ? systemHit('cover-tracks', view, 'stops the shell recording history') : undefined);

const exportHistory: Rule = view =>
	view.values.some(value => /^(HISTFILE=(\/dev\/null)?|HISTSIZE=0|HISTFILESIZE=0|SAVEHIST=0|HISTIGNORE=\*|HISTCONTROL=.*ignorespace)$/.test(value))
		? systemHit('cover-tracks', view, 'stops the shell recording history')
		: undefined;

const setOptions: Rule = view => {
	const index = view.values.indexOf('+o');
	return index !== -1 && view.values[index + 1] === 'history' ? systemHit('cover-tracks', view, 'stops the shell recording history') : undefined;
};

const launchctl: Rule = view => {
	const [command] = view.values.filter(value => !value.startsWith('-'));
	return command && /^(unload|bootout|disable|remove|stop|kill|reboot)$/.test(command) ? systemHit('service-stop', view, 'stops or removes a service') : undefined;
};

const sysctl: Rule = view =>
	view.values.some(value => /^(-w|--write|-p|--load|--system)$/.test(value) || (/=/.test(value) && !value.startsWith('-'))) ? systemHit('kernel-setting', view, 'changes kernel settings') : undefined;

const initRunlevel: Rule = view => (/^[06sS1]$/.test(view.values[0] ?? '') ? systemHit('system-power', view, 'changes the runlevel') : undefined);

const loginctl: Rule = view =>
	strongestHit(
		subcommandReadings(view.values, optionSpec('-H=|--host= -M=|--machine= -p=|--property= -s=|--signal=', {permute: false})).map(reading =>
			/^(poweroff|reboot|terminate-session|terminate-user|kill-session|kill-user)$/.test(reading.rest[0] ?? '') ? systemHit('system-power', view, 'ends sessions or restarts the machine') : undefined,
		),
	);

/** Rules for the running system: services, firewall, accounts, power, processes, history. */
export const systemRules: Record<string, Rule> = {
	systemctl,
	service,
	'rc-service': service,
	'update-rc.d': view => (view.values.some(value => /^(remove|disable)$/.test(value)) ? systemHit('service-stop', view, 'disables a service') : undefined),
	chkconfig: view => (view.values.some(value => /^(off|--del)$/.test(value)) ? systemHit('service-stop', view, 'disables a service') : undefined),
	launchctl,
	iptables: firewall,
	ip6tables: firewall,
	'iptables-legacy': firewall,
	'iptables-nft': firewall,
	'iptables-restore': always('firewall-change', 'replaces firewall rules'),
	ebtables: firewall,
	nft,
	ufw,
	'firewall-cmd': view =>
		view.values.some(value => /^--(panic-on|remove-|delete-|complete-reload|set-default-zone)/.test(value)) ? systemHit('firewall-change', view, 'changes the firewall') : undefined,
	pfctl: view => (view.values.some(value => /^-[a-zA-Z]*[dF]/.test(value)) ? systemHit('firewall-change', view, 'disables or flushes the firewall') : undefined),
	userdel: always('account-change', 'deletes a user account'),
	deluser: always('account-change', 'deletes a user account'),
	groupdel: always('account-change', 'deletes a group'),
	delgroup: always('account-change', 'deletes a group'),
	usermod: always('account-change', 'changes a user account'),
	useradd: always('account-change', 'creates a user account'),
	adduser: always('account-change', 'creates a user account'),
	groupmod: always('account-change', 'changes a group'),
	gpasswd: always('account-change', 'changes group membership'),
	chage: view => (view.values.some(value => /^(-l|--list)$/.test(value)) ? undefined : systemHit('account-change', view, 'changes password expiry')),
	passwd,
	chpasswd: always('account-change', 'changes account passwords'),
	chsh: always('account-change', 'changes a login shell'),
	vipw: always('account-change', 'edits the account database'),
	vigr: always('account-change', 'edits the group database'),
	visudo: view => (view.values.some(value => /^(-c|--check)$/.test(value)) ? undefined : systemHit('account-change', view, 'edits sudo rights')),
	swapoff: always('system-power', 'turns off swap'),
	reboot: always('system-power', 'restarts the machine'),
	shutdown: view => (view.values.some(value => /^(-c)$/.test(value)) ? undefined : systemHit('system-power', view, 'powers off or restarts the machine')),
	halt: always('system-power', 'halts the machine'),
	poweroff: always('system-power', 'powers off the machine'),
	kexec: always('system-power', 'boots another kernel'),
	init: initRunlevel,
	telinit: initRunlevel,
	loginctl,
	kill,
	killall: always('kill-by-name', 'kills every process with that name'),
	killall5: always('kill-by-name', 'kills every process'),
	pkill: view => (view.values.some(value => /^(-0|--signal=0|-SIG0)$/.test(value)) ? undefined : systemHit('kill-by-name', view, 'kills every process that matches')),
	skill: always('kill-by-name', 'kills every process that matches'),
	slay: always('kill-by-name', 'kills every process of a user'),
	xkill: always('kill-by-name', "kills a window's program"),
	sysctl,
	modprobe: view => (view.values.some(value => /^(-r|--remove|-[a-zA-Z]*r)$/.test(value)) ? systemHit('kernel-setting', view, 'unloads a kernel module') : undefined),
	rmmod: always('kernel-setting', 'unloads a kernel module'),
	insmod: always('kernel-setting', 'loads a kernel module'),
	history,
	unset: unsetHistory,
	export: exportHistory,
	declare: exportHistory,
	typeset: exportHistory,
	set: setOptions,
	crontab: view => (view.values.some(value => /^-[a-zA-Z]*r/.test(value)) ? systemHit('crontab-remove', view, 'removes the crontab') : undefined),
};
