import {PassThrough} from 'node:stream';
import {render} from 'ink';
import {HookServer} from '../agents/hook-channel.js';
import {resolveProfile} from '../agents/builtin-profiles.js';
import type {ApprovalPrompt} from '../agents/screen-status.js';
import type {LayoutName, Settings} from '../config/settings-schema.js';
import type {PaneSpec} from '../config/workspace.js';
import {captureConsole} from '../diagnostics/console-capture.js';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import {App} from '../panes/app.js';
import {AuditLog, defaultAuditPath, verdictEntry} from '../security/audit-log.js';
import {agentCommandContext, createClassifier} from '../security/classify.js';
import {scrubEnvironment} from '../security/env-scrub.js';
import {scanSecrets} from '../security/secret-scan.js';
import {InputGate} from '../security/input-gate.js';
import {judgeReadings} from '../security/verdict.js';
import {InkOutput} from '../terminal/ink-output.js';
import {UserTerminal} from '../terminal/user-terminal.js';
import {agentInput} from './agent-input.js';
import {AgentMonitor} from './agent-monitor.js';
import {prepareAgentPanes} from './agent-panes.js';
import {createGateHost, type PolicyServices} from './gate-host.js';
import {approveLaunch} from './launch-approval.js';
import {FaultBudget} from './fault-budget.js';
import {guarded} from './guard.js';
import {Multiplexer} from './multiplexer.js';

export type TuiOptions = {
	settings: Settings;
	panes: PaneSpec[];
	layout: LayoutName;
};

/** More unexpected errors than this within the window means agentmux is failing in a loop: it ends, restoring the terminal. */
const faultLimit = 50;
const faultWindowMs = 10_000;

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15};

/** Runs the full-screen multiplexer until the last pane closes or the user quits; resolves with the exit code. */
export async function runTui(options: TuiOptions): Promise<number> {
	const {stdin, stdout} = process;
	const {policy} = options.settings;
	// The policy is ready before any pane starts: nothing runs unjudged.
	const services: PolicyServices = {
		classifier: await createClassifier({rules: policy.rules}),
		audit: new AuditLog(defaultAuditPath()),
	};
	const {env: baseEnvironment} = scrubEnvironment(process.env, {keep: policy.keepEnv, extraPatterns: policy.scrubEnv});

	// Agents that offer hooks report to agentmux over a private Unix socket, and
	// their pre-execution hook asks agentmux's policy before running a command.
	const monitors = new Map<string, AgentMonitor>();
	const wantsHooks = options.panes.some(pane => {
		try {
			return pane.agent !== undefined && resolveProfile(pane.agent, options.settings.agents, {shell: options.settings.shell ?? process.env['SHELL']}).hooks !== 'none';
		} catch {
			return false;
		}
	});
	const hookServer = wantsHooks
		? await HookServer.start({
			async judge(pane, command) {
				const verdict = services.classifier.classify(command, agentCommandContext());
				if (verdict.decision !== 'allow' || verdict.relaxedBuiltin) {
					// deny is returned to the agent; confirm makes the agent ask its user.
					services.audit.append(verdictEntry(verdict, {pane, cwd: process.cwd(), kind: 'approval', command, answer: verdict.decision === 'allow' ? 'auto' : 'none'}));
				}

				return {decision: verdict.decision, reason: verdict.reason};
			},
			onStatus(pane, status) {
				monitors.get(pane)?.hookStatus(status);
			},
		})
		: undefined;
	const prepared = await prepareAgentPanes(options.panes, options.settings, hookServer);
	if (prepared.errors.length > 0) {
		await hookServer?.close();
		for (const line of prepared.errors) {
			process.stderr.write(`${line}\n`);
		}

		return 2;
	}

	const terminal = new UserTerminal({stdin, stdout});
	let finish: (code: number) => void = () => undefined;
	const done = new Promise<number>(resolve => {
		finish = resolve;
	});

	const write = (data: string) => {
		try {
			stdout.write(data);
		} catch {
			// The terminal is gone (SSH drop); SIGHUP ends us.
		}
	};

	const multiplexer = new Multiplexer({
		settings: options.settings,
		panes: prepared.panes,
		layout: options.layout,
		attention: options.settings.attention,
		cols: stdout.columns || 80,
		rows: stdout.rows || 24,
		write,
		baseEnvironment,
		createInput(session, owner) {
			const profile = prepared.profiles.get(session.spec.name);
			if (!profile) {
				return new InputGate(createGateHost(session, owner, services));
			}

			const gate = new InputGate(createGateHost(session, owner, services, true));
			const monitor = new AgentMonitor(session, profile, {
				onState(state) {
					owner.setAgentState(session.id, state);
				},
				onPrompt(prompt) {
					if (session.spec.autoApprove) {
						void autoApprove(session, monitor, prompt, prompt.approveKeys.find(key => /^\d$/.test(key)) ?? prompt.approveKeys[0]);
					}
				},
			});
			monitors.set(session.spec.name, monitor);
			return agentInput(session, gate, monitor);
		},
		onRemove(session) {
			monitors.get(session.spec.name)?.dispose();
			monitors.delete(session.spec.name);
		},
		approveLaunch: async (session, owner) => approveLaunch(session, owner, services),
		onQuit(code) {
			shutdown(code);
		},
	});

	/** Opt-in per pane: approves the agent's prompt only when the policy allows the command shown, and audits it. */
	async function autoApprove(session: {spec: PaneSpec; write(data: string): void}, monitor: AgentMonitor, {command, readings, mayBeCut}: ApprovalPrompt, key: string | undefined): Promise<void> {
		const verdict = judgeReadings(line => services.classifier.classify(line, agentCommandContext()), readings, mayBeCut);
		if (verdict.decision !== 'allow' || key === undefined) {
			multiplexer.showNotice(`${session.spec.name}: not auto-approved (${verdict.rule}), your answer is needed`);
			return;
		}

		// A command carrying a secret is the user's to approve, and must not reach the audit log whole.
		const secrets = await scanSecrets(readings.join('\n')).catch(() => undefined);
		if (secrets === undefined || secrets.length > 0) {
			multiplexer.showNotice(`${session.spec.name}: not auto-approved (${secrets ? 'the command contains a secret' : 'the secret scan failed'}), your answer is needed`);
			return;
		}

		// The scan took a moment: approve only the prompt that was judged, if it is still there.
		if (monitor.approvalPrompt()?.command !== command) return;

		try {
			services.audit.append(verdictEntry({...verdict, reason: 'auto-approved: the policy allows it'}, {pane: session.spec.name, cwd: session.spec.cwd, kind: 'approval', command, answer: 'auto'}));
		} catch (error) {
			multiplexer.showNotice(`not auto-approved, the audit log failed: ${(error as Error).message}`);
			return;
		}

		const bytes: Record<string, string> = {enter: '\r', space: ' ', tab: '\t'};
		session.write(bytes[key] ?? key);
	}

	let ink: ReturnType<typeof render> | undefined;
	let ended = false;
	// From the first frame until agentmux ends, a library's console output goes to the diagnostic log, never over the panes.
	let releaseConsole: (() => void) | undefined;
	function shutdown(code: number): void {
		if (ended) {
			return;
		}

		ended = true;
		try {
			ink?.unmount();
		} catch {
			// Unmounting a broken tree must not stop the restore below.
		}

		const panesEnded = multiplexer.dispose();
		for (const monitor of monitors.values()) {
			monitor.dispose();
		}

		const hooksClosed = hookServer?.close();
		terminal.restore();
		// The signal handlers stay: removing them while a signal is handled would let
		// Ink's signal-exit raise it again and end the process before the exit code is set.
		// The user's terminal is back already; agentmux itself ends once the panes' programs
		// have (a program that ignores the hangup is terminated within a few seconds) and the
		// hook socket's private directory is gone.
		const giveUp = new Promise<void>(resolve => {
			setTimeout(resolve, 3000);
		});
		void Promise.race([Promise.all([panesEnded, hooksClosed]), giveUp]).finally(() => {
			releaseConsole?.();
			finish(code);
		});
	}

	function crash(error: unknown): void {
		shutdown(1);
		process.stderr.write(`agentmux crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
		process.exitCode = 1;
	}

	// An error no handler caught is logged, and the panes go on: ending here would take every
	// pane's program with it. Only a storm of them (agentmux failing in a loop) ends it.
	const faults = new FaultBudget(faultLimit, faultWindowMs);
	function fault(error: unknown): void {
		logDiagnostic('uncaught', error);
		if (ended) {
			return;
		}

		if (faults.spend()) {
			crash(error);
			return;
		}

		try {
			multiplexer.internalError('agentmux', error);
		} catch {
			// The log has it.
		}
	}

	for (const signal of Object.keys(signalNumbers) as NodeJS.Signals[]) {
		process.on(signal, () => {
			shutdown(128 + signalNumbers[signal]!);
		});
	}

	process.on('uncaughtException', fault);
	process.on('unhandledRejection', fault);
	// Losing the terminal (EIO, EPIPE after a hangup) is the end of the session, not an error to go on from.
	const terminalLost = (error: unknown) => {
		logDiagnostic('terminal', error);
		shutdown(128 + signalNumbers.SIGHUP!);
	};

	stdin.on('error', terminalLost);
	stdout.on('error', terminalLost);

	releaseConsole = captureConsole();
	terminal.enter();
	stdout.on('resize', guarded('resize', () => {
		// The terminal may have moved or cut what was on screen, so Ink's line-by-line
		// diff would build on rows that are no longer there: start from a clean screen.
		ink?.clear();
		write('\u001B[0m\u001B[H\u001B[2J\u001B7');
		multiplexer.resize(stdout.columns, stdout.rows);
		// Ink lays out again only after the chrome's state has the new size, so no frame is drawn for the old one.
		setImmediate(guarded('resize', () => {
			inkOutput.resized();
		}));
	}));
	stdin.on('data', (chunk: string) => {
		multiplexer.input(chunk);
	});

	const inkOutput = new InkOutput(stdout, data => {
		multiplexer.inkWrote(data);
	});
	// Ink reads no keys: agentmux parses stdin itself, so Ink gets a stream that never speaks.
	const quietInput = new PassThrough() as unknown as NodeJS.ReadStream;
	ink = render(<App multiplexer={multiplexer} />, {
		stdout: inkOutput as unknown as NodeJS.WriteStream,
		stdin: quietInput,
		exitOnCtrlC: false,
		patchConsole: false,
		interactive: true,
		incrementalRendering: true,
		maxFps: 60,
	});
	multiplexer.start();
	return done;
}
