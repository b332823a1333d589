import {operands, shortFlags, hasLong} from './option-scan.js';
import {confirm, deny, type CommandView, type Hit} from './rule-types.js';

const globalValues = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--exec-path']);

// `git -c` settings whose value is a command git runs through a shell.
const commandSettings = /^(core\.(sshcommand|pager|editor|fsmonitor|hookspath|askpass|gitproxy)|sequence\.editor|diff\.external|credential\.helper|gpg\.program|(diff|merge|filter)\.[^=]*\.(command|driver|clean|smudge|process|textconv|cmd)|uploadpack\.packobjectshook|protocol\.[^=]*\.allow)=/i;

/** Rules for git: history rewriting and discarding work need a human. */
export function checkGit(view: CommandView): Hit | undefined {
	if (view.name !== 'git') return undefined;
	const values = view.values;
	let index = 0;
	for (; index < values.length; index++) {
		const value = values[index]!;
		if (!value.startsWith('-')) break;
		if (value === '-c' || value.startsWith('-c')) {
			const setting = value === '-c' ? values[index + 1] ?? '' : value.slice(2);
			if (/^alias\.[^=]*=\s*!/.test(setting)) return deny('git-config-exec', `'git -c ${setting}' defines an alias that runs a shell string`);
			if (commandSettings.test(setting)) return confirm('git-config-command', `'git -c ${setting}' makes git run a command`);
		}

		if (globalValues.has(value)) index++;
	}

	const sub = values[index];
	const rest = values.slice(index + 1);
	const text = view.text;
	switch (sub) {
		case 'push': {
			const flags = shortFlags(rest, 'o');
			if (flags.has('f') || hasLong(rest, '--force', '--force-with-lease', '--force-if-includes')) {
				return confirm('git-force-push', `'${text}' force-pushes and can overwrite remote history`);
			}

			if (operands(rest, ['-o', '--push-option', '--repo', '--receive-pack', '--exec']).slice(1).some((ref) => ref.startsWith('+'))) {
				return confirm('git-force-push', `'${text}' force-pushes a +refspec`);
			}

			if (flags.has('d') || hasLong(rest, '--delete', '--mirror', '--prune')
				|| operands(rest).slice(1).some((ref) => ref.startsWith(':'))) {
				return confirm('git-push-delete', `'${text}' deletes or mirrors remote refs`);
			}

			return undefined;
		}

		case 'reset': {
			return hasLong(rest, '--hard', '--merge', '--keep')
				? confirm('git-reset-hard', `'${text}' discards uncommitted changes`)
				: undefined;
		}

		case 'clean': {
			const flags = shortFlags(rest, 'e');
			const dryRun = flags.has('n') || hasLong(rest, '--dry-run');
			return (flags.has('f') || hasLong(rest, '--force')) && !dryRun
				? confirm('git-clean', `'${text}' deletes untracked files`)
				: undefined;
		}

		case 'branch': {
			const flags = shortFlags(rest);
			const deleting = flags.has('d') || hasLong(rest, '--delete');
			const forced = flags.has('f') || hasLong(rest, '--force');
			return flags.has('D') || (deleting && forced)
				? confirm('git-branch-force-delete', `'${text}' deletes a branch even if unmerged`)
				: undefined;
		}

		case 'checkout':
		case 'restore': {
			return checkDiscard(sub, rest, text);
		}

		case 'stash': {
			return rest[0] === 'clear' || rest[0] === 'drop'
				? confirm('git-stash-drop', `'${text}' throws away stashed changes`)
				: undefined;
		}

		case 'filter-branch':
		case 'filter-repo': {
			return confirm('git-rewrite-history', `'${text}' rewrites repository history`);
		}

		case 'update-ref': {
			return shortFlags(rest).has('d') ? confirm('git-push-delete', `'${text}' deletes a ref`) : undefined;
		}

		default: {
			return undefined;
		}
	}
}

const broadPathspecs = new Set(['.', './', '*', ':/', ':/.', ':/*', '..', '../', ':(top)', '-A']);

function checkDiscard(sub: string, rest: string[], text: string): Hit | undefined {
	const flags = shortFlags(rest, 'bBs');
	if (sub === 'checkout' && (flags.has('f') || hasLong(rest, '--force'))) {
		return confirm('git-discard-changes', `'${text}' discards local changes`);
	}

	if (sub === 'restore') {
		const staged = flags.has('S') || hasLong(rest, '--staged');
		const worktree = flags.has('W') || hasLong(rest, '--worktree');
		// Unstaging only touches the index; the working tree keeps every edit.
		if (staged && !worktree) return undefined;
	}

	const dashdash = rest.indexOf('--');
	const paths = dashdash === -1 ? operands(rest, ['-s', '--source', '-b', '-B', '--conflict']) : rest.slice(dashdash + 1);
	const broad = paths.some((path) => broadPathspecs.has(path));
	return broad ? confirm('git-discard-changes', `'${text}' discards local changes in many files`) : undefined;
}
