import type {HookStatus} from '../agents/hook-channel.js';
import type {AgentProfile} from '../agents/profile-schema.js';
import {type ApprovalPrompt, detectAgentState, findApprovalPrompt, type PaneState, StatusDebouncer} from '../agents/screen-status.js';
import type {Session} from '../sessions/session.js';

/** Screen reads happen at most this often per pane. */
const scanIntervalMs = 150;
/** After a hook report, the screen is not believed over it for this long. */
const hookTrustMs = 1000;

/**
 * Codex CLI 0.169 announces its state in an OSC 7501 sequence of its own ("state=working:app=codex",
 * "state=blocked:app=codex:kind=permission", "state=done…", "state=idle…", "state=clear"), seen live.
 * Any agent that speaks it is believed like a hook: it is the agent's own word, not a guess from pixels.
 */
const reportedStates: Record<string, HookStatus> = {working: 'busy', blocked: 'waiting', done: 'idle', idle: 'idle'};

export type AgentMonitorOptions = {
	/** A new state, debounced (hooks and exits are reported at once). */
	onState(state: PaneState): void;
	/** An approval prompt appeared on screen (each prompt once). */
	onPrompt?(prompt: ApprovalPrompt): void;
};

/**
 * Knows what an agent pane is doing: from the agent's hooks where it has
 * them, and from its screen, debounced, where it does not.
 */
export class AgentMonitor {
	private readonly debouncer: StatusDebouncer;
	private lastScanAt = 0;
	private timer: NodeJS.Timeout | undefined;
	private lastPromptKey = '';
	private hookReportedAt = Number.NEGATIVE_INFINITY;
	private readonly stateReports: {dispose(): void};

	constructor(
		readonly session: Session,
		readonly profile: AgentProfile,
		private readonly options: AgentMonitorOptions,
	) {
		this.debouncer = new StatusDebouncer(state => {
			options.onState(state);
		});
		session.on('parsed', this.outputChanged);
		this.stateReports = session.terminal.parser.registerOscHandler(7501, data => {
			const state = reportedStates[/(?:^|:)state=(\w+)/.exec(data)?.[1] ?? ''];
			if (state) this.hookStatus(state);
			return true;
		});
		session.on('status', status => {
			if (status.kind === 'exited' || status.kind === 'failed') {
				this.debouncer.set('exited');
			}
		});
	}

	get state(): PaneState | undefined {
		return this.debouncer.state;
	}

	/** The visible rows of the pane, as text. */
	screenLines(): string[] {
		const buffer = this.session.terminal.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < this.session.terminal.rows; row++) {
			lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		}

		return lines;
	}

	/** Whether a visible row's text is drawn entirely in a non-default foreground colour. */
	readonly rowTinted = (row: number): boolean => {
		const buffer = this.session.terminal.buffer.active;
		const line = buffer.getLine(buffer.viewportY + row);
		if (!line) return false;
		let sawText = false;
		for (let column = 0; column < line.length; column++) {
			const cell = line.getCell(column);
			if (!cell || cell.getChars().trim() === '') continue;
			if (cell.isFgDefault()) return false;
			sawText = true;
		}

		return sawText;
	};

	/** The agent's own "run this?" prompt, if it shows one now. */
	approvalPrompt(): ApprovalPrompt | undefined {
		return findApprovalPrompt(this.screenLines(), this.profile, this.rowTinted);
	}

	/** A report from the agent's hook: trusted over the screen for a while. */
	hookStatus(status: HookStatus): void {
		this.hookReportedAt = performance.now();
		this.debouncer.set(status === 'notification' ? 'waiting' : status);
		// A report can arrive late (Codex's notify runs after its turn); the screen is read
		// again once the hook's word has had its moment, even if nothing new is drawn.
		clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.scan();
		}, hookTrustMs + 1);
	}

	dispose(): void {
		this.stateReports.dispose();
		clearTimeout(this.timer);
		this.debouncer.dispose();
		this.session.off('parsed', this.outputChanged);
	}

	private readonly outputChanged = (): void => {
		if (this.timer) {
			return;
		}

		const wait = Math.max(0, this.lastScanAt + scanIntervalMs - performance.now());
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.scan();
		}, wait);
	};

	private scan(): void {
		this.lastScanAt = performance.now();
		const lines = this.screenLines();
		// A hook report just now knows better than the screen, which may lag behind it;
		// once that moment has passed, the screen is read again even if nothing new came.
		const sinceHook = performance.now() - this.hookReportedAt;
		if (sinceHook > hookTrustMs) {
			this.debouncer.update(detectAgentState(lines, this.profile));
		} else if (!this.timer) {
			this.timer = setTimeout(
				() => {
					this.timer = undefined;
					this.scan();
				},
				hookTrustMs - sinceHook + 1,
			);
		}

		const prompt = findApprovalPrompt(lines, this.profile, this.rowTinted);
		const key = prompt ? `${prompt.row}\n${prompt.command}` : '';
		if (prompt && key !== this.lastPromptKey) {
			this.options.onPrompt?.(prompt);
		}

		this.lastPromptKey = key;
	}
}
