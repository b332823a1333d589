import {verdictEntry} from '../security/audit-log.js';
import {quoteArgv} from '../security/quote-argv.js';
import type {Session} from '../sessions/session.js';
import type {Confirmations} from './confirmations.js';
import type {PolicyServices} from './gate-host.js';

/**
 * Judges a pane's argv like a typed line before it starts: deny refuses it
 * with the reason, confirm asks in the TUI, allow starts it. Every decision
 * other than a plain allow is audited; an audit failure refuses the start.
 */
export async function approveLaunch(session: Session, multiplexer: Confirmations, services: PolicyServices): Promise<true | string> {
	const line = quoteArgv([session.spec.command, ...session.spec.args]);
	const verdict = services.classifier.classify(line);
	if (verdict.decision === 'allow' && !verdict.relaxedBuiltin) {
		return true;
	}

	let answer: 'yes' | 'no' | 'none' | 'auto' = 'auto';
	if (verdict.decision === 'deny') {
		answer = 'none';
	} else if (verdict.decision === 'confirm') {
		answer = (await multiplexer.confirm(`Start ${session.spec.name}?`, `${verdict.reason}\n\n${line}`, verdict.rule)) ? 'yes' : 'no';
	}

	try {
		services.audit.append(verdictEntry(verdict, {pane: session.spec.name, cwd: session.spec.cwd, kind: 'launch', command: line, answer}));
	} catch (error) {
		return `the audit log failed: ${(error as Error).message}`;
	}

	if (verdict.decision === 'deny') {
		return `refused by policy (${verdict.rule}): ${verdict.reason}`;
	}

	return answer === 'no' ? 'not confirmed' : true;
}
