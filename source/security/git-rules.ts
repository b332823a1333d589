import {given, isOn, type OptionSpec, optionSpec, optionValue, type ParsedArgs, parseArgs, subcommandReadings, valuesOf} from './getopt.js';
import {type CommandView, confirm, deny, type Hit} from './rule-types.js';

// git's own options, before the subcommand (git.c handle_options: exact names only).
const globalSpec = optionSpec(
	[
		'-C= -c= --git-dir= --work-tree= --namespace= --super-prefix= --config-env= --exec-path=? --list-cmds= --attr-source=',
		'-p|--paginate -P|--no-pager --bare --no-replace-objects --literal-pathspecs --glob-pathspecs --noglob-pathspecs',
		'--icase-pathspecs --no-optional-locks --no-lazy-fetch --no-advice -v|--version -h|--help --html-path --man-path --info-path',
	].join(' '),
	{permute: false, abbreviate: false},
);

// Subcommand options as parse-options reads them: unique prefixes, `--no-` negation, options after operands.
const git = (definitions: string): OptionSpec => optionSpec(definitions, {negation: true});
const specs: Record<string, OptionSpec> = {
	push: git(
		'-f|--force --force-with-lease=? --force-if-includes -d|--delete --mirror --prune --all --branches -n|--dry-run -u|--set-upstream' +
			' -o=|--push-option= --repo= --receive-pack=|--exec= -q|--quiet -v|--verbose --tags --follow-tags --atomic --no-verify|--verify --thin' +
			' --porcelain --progress --signed=? -4|--ipv4 -6|--ipv6 --recurse-submodules=',
	),
	reset: git('--hard --merge --keep --soft --mixed -q|--quiet -p|--patch -N|--intent-to-add --pathspec-from-file= --pathspec-file-nul --recurse-submodules=? --no-refresh|--refresh'),
	clean: git('-f|--force -n|--dry-run -d -x -X -i|--interactive -q|--quiet -e=|--exclude='),
	branch: git(
		'-d|--delete -D -f|--force -m|--move -M -c|--copy -C -r|--remotes -a|--all -l|--list -v|--verbose -q|--quiet' +
			' -u=|--set-upstream-to= --unset-upstream -t|--track=? --contains=? --no-contains=? --merged=? --no-merged=? --points-at= --sort= --format= --column=? --color=? --edit-description --show-current -i|--ignore-case --create-reflog --abbrev=?',
	),
	checkout: git(
		'-f|--force -b= -B= --orphan= -t|--track=? --detach -m|--merge --conflict= -p|--patch -q|--quiet --ours --theirs --overlay --pathspec-from-file= --pathspec-file-nul --recurse-submodules=? --ignore-other-worktrees --progress -l --guess --ignore-skip-worktree-bits',
	),
	switch: git(
		'-c=|--create= -C=|--force-create= -d|--detach --guess -f|--force|--discard-changes -m|--merge --conflict= -q|--quiet --orphan= -t|--track=? --recurse-submodules=? --ignore-other-worktrees --progress',
	),
	restore: git(
		'-s=|--source= -S|--staged -W|--worktree -p|--patch -q|--quiet --ours --theirs -m|--merge --conflict= --overlay --ignore-unmerged --pathspec-from-file= --pathspec-file-nul --recurse-submodules=? --progress',
	),
	rebase: git(
		'-x=|--exec= -i|--interactive --onto= --root -r|--rebase-merges=? --autosquash --autostash --continue --abort --skip --quit -s=|--strategy= -X=|--strategy-option= -S|--gpg-sign=? -q|--quiet -v|--verbose --keep-base --update-refs -C= --whitespace= -f|--force-rebase --fork-point -n|--no-stat --stat --empty=',
	),
	gc: git('--prune=? --aggressive --auto -q|--quiet --force --keep-largest-pack --cruft --max-cruft-size='),
	reflog: git('--expire=? --expire-unreachable=? --all --single-worktree -n|--dry-run --rewrite --updateref --stale-fix --verbose'),
	'update-ref': git('-d -m= --no-deref --create-reflog --stdin -z'),
	stash: git('-p|--patch -k|--keep-index -u|--include-untracked -a|--all -q|--quiet -m=|--message= --index -S|--staged --pathspec-from-file='),
	config: git(
		'--global --system --local --worktree -f=|--file= --blob= --type= --bool --int --bool-or-int --path --expiry-date --default= --comment=' +
			' --add --replace-all --get --get-all --get-regexp --get-urlmatch --unset --unset-all --rename-section --remove-section -l|--list -e|--edit' +
			' -z|--null --name-only --show-origin --show-scope --includes --fixed-value --all --value= --regexp --url=',
	),
	submodule: git('-q|--quiet --cached --recursive'),
};

// Settings whose value git hands to a shell (or runs as a program).
const commandKeys =
	/^(alias\..+|core\.(sshcommand|pager|editor|fsmonitor|hookspath|askpass|gitproxy)|sequence\.editor|diff\.external|credential\.helper|gpg\.program|gpg\.\w+\.program|pager\..+|(diff|merge|filter)\..+\.(command|driver|clean|smudge|process|textconv|cmd)|uploadpack\.packobjectshook|protocol\..+\.allow|remote\..+\.(uploadpack|receivepack|vcs)|uploadarchive\..*|web\.browser|browser\..+\.cmd|man\..+\.cmd|mergetool\..+\.cmd|difftool\..+\.cmd|include\.path|includeif\..+\.path|init\.templatedir|interactive\.difffilter|sendemail\..*cmd|ssh\.variant)$/i;

// Programs that are plainly just a pager, an editor or ssh: `git -c core.pager=less` is everyday.
const plainPrograms = /^(less|more|most|cat|delta|diff-so-fancy|bat|vim?|nvim|nano|emacs|emacsclient|micro|hx|kak|code|codium|subl|mate|zed|gedit|true|ssh|git|gpg2?)$/;

/** How a `git -c key=value` setting is judged: a shell command in a setting runs like `sh -c`. */
function judgeSetting(setting: string, how: string): Hit | undefined {
	const eq = setting.indexOf('=');
	const key = eq === -1 ? setting : setting.slice(0, eq);
	const value = eq === -1 ? '' : setting.slice(eq + 1).trim();
	if (!commandKeys.test(key)) return undefined;
	if (/^alias\./i.test(key)) {
		return value.startsWith('!') ? deny('git-config-exec', `'${how}' defines an alias that runs a shell string`) : undefined;
	}

	if (value === '') return undefined;
	const words = value.split(/\s+/);
	const program = words[0]?.split('/').at(-1) ?? '';
	if (plainPrograms.test(program) && words.slice(1).every(word => /^[-\w.=,:/+@%~]*$/.test(word) && !/command/i.test(word))) return undefined;
	return deny('git-config-exec', `'${how}' makes git run a shell command (${key})`);
}

/** Rules for git: history rewriting and discarding work need a human; settings that run commands are shell text. */
export function checkGit(view: CommandView): Hit | undefined {
	if (view.name !== 'git') return undefined;
	let strongest: Hit | undefined;
	for (const reading of subcommandReadings(view.values, globalSpec)) {
		const hit = judgeGlobals(reading.globals) ?? judgeSubcommand(reading.rest, view.text);
		if (hit && (!strongest || (hit.decision === 'deny' && strongest.decision !== 'deny'))) strongest = hit;
	}

	return strongest;
}

function judgeGlobals(globals: ParsedArgs): Hit | undefined {
	for (const setting of valuesOf(globals, 'c')) {
		const hit = judgeSetting(setting, `git -c ${setting}`);
		if (hit) return hit;
	}

	for (const setting of valuesOf(globals, 'config-env')) {
		const key = setting.slice(0, setting.indexOf('=') >>> 0);
		if (commandKeys.test(key)) return confirm('git-config-command', `'git --config-env=${setting}' sets a command from the environment`);
	}

	return undefined;
}

function judgeSubcommand(rest: string[], text: string): Hit | undefined {
	const [sub, ...args] = rest;
	if (sub === undefined) return undefined;
	const spec = specs[sub];
	const parsed = spec ? parseArgs(args, spec) : undefined;
	switch (sub) {
		case 'push': {
			return judgePush(parsed!, text);
		}

		case 'reset': {
			return isOn(parsed!, 'hard', 'merge', 'keep') ? confirm('git-reset-hard', `'${text}' discards uncommitted changes`) : undefined;
		}

		case 'clean': {
			return isOn(parsed!, 'force') && !isOn(parsed!, 'dry-run') && !isOn(parsed!, 'interactive') ? confirm('git-clean', `'${text}' deletes untracked files`) : undefined;
		}

		case 'branch': {
			return isOn(parsed!, 'D') || (isOn(parsed!, 'delete') && isOn(parsed!, 'force')) ? confirm('git-branch-force-delete', `'${text}' deletes a branch even if unmerged`) : undefined;
		}

		case 'checkout':
		case 'restore':
		case 'switch': {
			return checkDiscard(sub, parsed!, args, text);
		}

		case 'stash': {
			const action = parsed!.operands[0];
			return action === 'clear' || action === 'drop' ? confirm('git-stash-drop', `'${text}' throws away stashed changes`) : undefined;
		}

		case 'worktree': {
			return args[0] === 'remove' && args.some(arg => /^(-f|--force|-ff)$/.test(arg)) ? confirm('git-discard-changes', `'${text}' removes a worktree with its uncommitted changes`) : undefined;
		}

		case 'filter-branch':
		case 'filter-repo': {
			return confirm('git-rewrite-history', `'${text}' rewrites repository history`);
		}

		case 'update-ref': {
			return isOn(parsed!, 'd') || isOn(parsed!, 'stdin') ? confirm('git-ref-delete', `'${text}' deletes or rewrites refs`) : undefined;
		}

		case 'reflog': {
			const action = parsed!.operands[0];
			return action === 'expire' || action === 'delete' ? confirm('git-reflog-expire', `'${text}' drops reflog entries that recover lost work`) : undefined;
		}

		case 'gc': {
			const prune = optionValue(parsed!, 'prune');
			return prune !== undefined && /^(now|all|\d+\.(seconds?|minutes?))$/i.test(prune) ? confirm('git-gc-prune', `'${text}' prunes unreachable objects at once`) : undefined;
		}

		case 'prune': {
			return confirm('git-gc-prune', `'${text}' deletes unreachable objects`);
		}

		case 'rebase': {
			return given(parsed!, 'exec') ? deny('git-exec', `'git rebase --exec' runs a shell string after each commit: ${text}`) : undefined;
		}

		case 'submodule': {
			return parsed!.operands[0] === 'foreach' ? deny('git-exec', `'git submodule foreach' runs a shell string in each submodule: ${text}`) : undefined;
		}

		case 'bisect': {
			return args[0] === 'run' ? confirm('git-bisect-run', `'git bisect run' runs a command unattended over many commits: ${text}`) : undefined;
		}

		case 'config': {
			return judgeConfig(parsed!, text);
		}

		default: {
			return undefined;
		}
	}
}

function judgePush(parsed: ParsedArgs, text: string): Hit | undefined {
	if (isOn(parsed, 'dry-run')) return undefined;
	if (isOn(parsed, 'force') || given(parsed, 'force-with-lease') || isOn(parsed, 'force-if-includes')) {
		return confirm('git-force-push', `'${text}' force-pushes and can overwrite remote history`);
	}

	const refspecs = parsed.operands.slice(1);
	if (refspecs.some(ref => ref.startsWith('+'))) return confirm('git-force-push', `'${text}' force-pushes a +refspec`);
	if (isOn(parsed, 'delete', 'mirror', 'prune') || refspecs.some(ref => ref.startsWith(':'))) {
		return confirm('git-push-delete', `'${text}' deletes or mirrors remote refs`);
	}

	return undefined;
}

function judgeConfig(parsed: ParsedArgs, text: string): Hit | undefined {
	let [first, ...rest] = parsed.operands;
	// git 2.46+: `git config set KEY VALUE`, `git config unset KEY`, `get`, `list`.
	if (first === 'set') [first, ...rest] = rest;
	else if (['get', 'list', 'unset', 'rename-section', 'remove-section', 'edit'].includes(first ?? '')) return undefined;
	if (first === undefined || rest.length === 0) return undefined;
	if (given(parsed, 'get', 'get-all', 'get-regexp', 'get-urlmatch', 'unset', 'unset-all', 'list')) return undefined;
	return commandKeys.test(first) ? confirm('git-config-command', `'${text}' stores a setting that makes git run a command (${first})`) : undefined;
}

const broadPathspecs = new Set(['.', './', '*', ':/', ':/.', ':/*', '..', '../', ':(top)', ':(top).', '-A']);

function checkDiscard(sub: string, parsed: ParsedArgs, args: string[], text: string): Hit | undefined {
	if ((sub === 'checkout' || sub === 'switch') && isOn(parsed, 'force')) {
		return confirm('git-discard-changes', `'${text}' discards local changes`);
	}

	if (sub === 'switch') return undefined;
	if (sub === 'restore' && isOn(parsed, 'staged') && !isOn(parsed, 'worktree')) {
		// Unstaging only touches the index; the working tree keeps every edit.
		return undefined;
	}

	const dashdash = args.indexOf('--');
	const paths = dashdash === -1 ? parsed.operands : args.slice(dashdash + 1);
	return paths.some(path => broadPathspecs.has(path) || broadPathspecs.has(path.replace(/\/+$/, ''))) ? confirm('git-discard-changes', `'${text}' discards local changes in many files`) : undefined;
}
