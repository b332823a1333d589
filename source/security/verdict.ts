/** How the policy treats a command line. */
export type Decision = 'allow' | 'confirm' | 'deny';

/** The classifier's answer for one line. */
export interface Verdict {
	decision: Decision;
	/** Stable kebab-case id of the rule that decided (built-in or user). */
	rule: string;
	/** Human explanation that names the command. */
	reason: string;
	/** Source text of the simple command the verdict is about. */
	command?: string;
	/** Set when a user rule relaxed a built-in deny; callers must audit it. */
	relaxedBuiltin?: string;
}

const rank: Record<Decision, number> = {allow: 0, confirm: 1, deny: 2};

/** Numeric strength of a decision: deny > confirm > allow. */
export function decisionRank(decision: Decision): number {
	return rank[decision];
}

/** The stronger of two verdicts; on a tie the first (leftmost) one is kept. */
export function stronger(a: Verdict, b: Verdict): Verdict {
	return rank[b.decision] > rank[a.decision] ? b : a;
}

/**
 * The strictest verdict over every reading of a command an agent shows on screen (see
 * ApprovalPrompt.readings). A prompt whose command could not be read at all is confirm: an agent
 * that changed its layout must not turn the gate into a rubber stamp.
 */
export function judgeReadings(classify: (line: string) => Verdict, readings: string[], mayBeCut = false): Verdict {
	const readable = readings.filter(reading => reading.trim() !== '');
	if (readable.length === 0) {
		return {decision: 'confirm', rule: 'unreadable-command', reason: "agentmux could not read the command from the agent's prompt"};
	}

	const verdict = readable.map(reading => classify(reading)).reduce((a, b) => stronger(a, b));
	const cut: Verdict = {decision: 'confirm', rule: 'command-may-be-cut', reason: "the agent's prompt may not show the whole command"};
	return mayBeCut ? stronger(verdict, cut) : verdict;
}

/** Shortens command text for reasons and dialogs. */
export function shorten(text: string, max = 120): string {
	const oneLine = text.replaceAll(/\s+/g, ' ').trim();
	return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
