import type {InputGate} from '../security/input-gate.js';
import type {Session} from '../sessions/session.js';
import type {AgentMonitor} from './agent-monitor.js';
import type {PaneInput} from './pane-input.js';

const namedKeys: Record<string, string> = {
	'\r': 'enter',
	'\n': 'enter',
	' ': 'space',
	'\t': 'tab',
	'\u001B': 'escape',
	'\u001B[A': 'up',
	'\u001BOA': 'up',
	'\u001B[B': 'down',
	'\u001BOB': 'down',
	'\u001B[C': 'right',
	'\u001BOC': 'right',
	'\u001B[D': 'left',
	'\u001BOD': 'left',
};

/** Whether the bytes of one key are one of the keys that approve the agent's prompt (case does not save a "Y"). */
function approves(data: string, approveKeys: string[]): boolean {
	const name = namedKeys[data] ?? data;
	return approveKeys.some(key => key.toLowerCase() === name.toLowerCase());
}

/**
 * Input for an agent pane. Typed prompts go through the input gate (secrets
 * are asked about). While the agent shows its own "run this command?"
 * prompt, the keys that would approve it are held until the policy has
 * judged the command shown: deny blocks them, confirm asks first.
 */
export function agentInput(session: Session, gate: InputGate, monitor: AgentMonitor): PaneInput {
	let holding = false;
	const queued: string[] = [];
	const input: PaneInput = {
		key(data) {
			if (holding) {
				queued.push(data);
				return;
			}

			const prompt = monitor.approvalPrompt();
			if (!prompt) {
				gate.key(data);
				return;
			}

			if (!approves(data, prompt.approveKeys)) {
				// Declining, moving the selection, Esc: the agent's prompt takes them as they are.
				session.write(data);
				return;
			}

			holding = true;
			void gate
				.holdApproval(prompt.command, prompt.readings, prompt.mayBeCut)
				.then(approved => {
					if (approved) {
						session.write(data);
					}
				})
				.finally(() => {
					holding = false;
					for (const next of queued.splice(0)) {
						input.key(next);
					}
				});
		},
		keys(keys) {
			if (holding || monitor.approvalPrompt()) {
				// One key at a time, as typed: each may be the one that approves the agent's prompt.
				for (const data of keys) input.key(data);
				return;
			}

			gate.keys(keys);
		},
		paste(text, bracketed) {
			gate.paste(text, bracketed);
		},
	};
	return input;
}
