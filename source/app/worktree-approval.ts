import {verdictEntry} from '../security/audit-log.js';
import {quoteArgv} from '../security/quote-argv.js';
import type {GitGate} from '../worktrees/gate.js';
import type {Confirmations} from './confirmations.js';
import type {PolicyServices} from './gate-host.js';

/**
 * The policy gate for the git commands agentmux runs on a pane's behalf (worktree add and remove,
 * branch delete), judged like a launch: deny refuses with the reason, confirm asks unless the user
 * already said yes to exactly this in a dialog that showed it. Every one of them is audited (they
 * change the user's repository without a keystroke of theirs); an audit failure refuses it.
 */
export function worktreeGate(services: PolicyServices, confirmations: Pick<Confirmations, 'confirm'>, pane: string): GitGate {
	return async (argv, {cwd, confirmed}) => {
		const line = quoteArgv([...argv]);
		const verdict = services.classifier.classify(line);
		let answer: 'yes' | 'no' | 'none' | 'auto' = 'auto';
		if (verdict.decision === 'deny') {
			answer = 'none';
		} else if (verdict.decision === 'confirm') {
			answer = confirmed || (await confirmations.confirm(`Run git for ${pane}?`, `${verdict.reason}\n\n${line}`, verdict.rule)) ? 'yes' : 'no';
		}

		try {
			services.audit.append(verdictEntry(verdict, {pane, cwd, kind: 'worktree', command: line, answer}));
		} catch (error) {
			return `the audit log failed: ${(error as Error).message}`;
		}

		if (verdict.decision === 'deny') {
			return `refused by policy (${verdict.rule}): ${verdict.reason}`;
		}

		return answer === 'no' ? 'not confirmed' : true;
	};
}
