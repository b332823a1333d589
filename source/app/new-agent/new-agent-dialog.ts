import type {InputEvent} from '../../keys/key-event.js';
import type {AgentLauncher} from './agent-launcher.js';
import {type FormState, formKey, formProblems, formRequest, initialForm, typeInto} from './form-state.js';

export type NewAgentDialogOptions = {
	launcher: AgentLauncher;
	/** The folder the new agent starts in (the focused pane's). */
	cwd: string;
	/** The form changed: draw it again. */
	onChange(): void;
	/** The form is done (started or cancelled). */
	onClose(): void;
};

/**
 * One client's new-agent form: keys edit it (form-state.ts), Enter checks it (what can be checked
 * at once is shown as the user types; the branch is asked of git) and asks the session to start
 * the pane. Problems stay in the form, next to the field they are about, until fixed.
 */
export class NewAgentDialog {
	private current: FormState;
	private closed = false;

	constructor(private readonly options: NewAgentDialogOptions) {
		this.current = initialForm(options.launcher.profileChoices(options.cwd));
	}

	get state(): FormState {
		return this.current;
	}

	get cwd(): string {
		return this.options.cwd;
	}

	/** A key or a paste from the client. */
	handle(event: InputEvent): void {
		if (event.type === 'paste') {
			if (!this.current.busy) this.update(typeInto(this.current, event.text.split(/\r?\n/)[0] ?? ''));
			return;
		}

		if (event.type !== 'key') return;
		const {state, action} = formKey(this.current, event.key);
		this.update(state);
		if (action === 'cancel') {
			this.close();
		} else if (action === 'submit') {
			void this.submit();
		}
	}

	close(): void {
		if (!this.closed) {
			this.closed = true;
			this.options.onClose();
		}
	}

	private update(state: FormState): void {
		if (state !== this.current && !this.closed) {
			this.current = state;
			this.options.onChange();
		}
	}

	private async submit(): Promise<void> {
		const problems = formProblems(this.current);
		const first = (['profile', 'name', 'worktree', 'branch', 'sandbox'] as const).find(field => problems[field] !== undefined);
		if (first) {
			// The problem is shown at its field already: the cursor goes there.
			this.update({...this.current, field: first});
			return;
		}

		const request = formRequest(this.current, this.options.cwd);
		this.update({...this.current, busy: true, messages: {}});
		try {
			if (request.worktree) {
				const problem = await this.options.launcher.checkBranch(request.cwd, request.worktree);
				if (problem !== undefined) {
					this.update({...this.current, busy: false, field: 'branch', messages: {branch: problem}});
					return;
				}
			}

			const errors = await this.options.launcher.startAgent(request);
			if (errors.length > 0) {
				this.update({...this.current, busy: false, messages: {form: errors.join('; ')}});
				return;
			}
		} catch (error) {
			this.update({...this.current, busy: false, messages: {form: (error as Error).message}});
			return;
		}

		this.close();
	}
}
