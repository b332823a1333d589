import {EventEmitter} from 'node:events';
import {resolveProfile} from '../agents/builtin-profiles.js';
import {HookServer} from '../agents/hook-channel.js';
import type {AgentProfile} from '../agents/profile-schema.js';
import type {ApprovalPrompt} from '../agents/screen-status.js';
import {agentInput} from '../app/agent-input.js';
import {AgentMonitor} from '../app/agent-monitor.js';
import {prepareAgentPanes} from '../app/agent-panes.js';
import {createGateHost, type PolicyServices} from '../app/gate-host.js';
import {approveLaunch} from '../app/launch-approval.js';
import {type LayoutSpec, PaneSet} from '../app/pane-set.js';
import type {Settings} from '../config/settings-schema.js';
import type {PaneSpec} from '../config/workspace.js';
import type {CredentialService} from '../credentials/credential-service.js';
import {applyCredentialProxy} from '../credentials/proxy-panes.js';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import type {SessionSummary} from '../ipc/protocol.js';
import {approveMcpLaunch} from '../mcp/launch-gate.js';
import {verdictEntry} from '../security/audit-log.js';
import {agentCommandContext} from '../security/classify.js';
import {InputGate} from '../security/input-gate.js';
import {scanSecrets} from '../security/secret-scan.js';
import {judgeReadings} from '../security/verdict.js';
import type {Session} from '../sessions/session.js';

export type ServerSessionOptions = {
	name: string;
	settings: Settings;
	/** The panes as the user asked for them (agent panes not yet resolved into argv). */
	panes: PaneSpec[];
	layout: LayoutSpec;
	services: PolicyServices;
	baseEnvironment: NodeJS.ProcessEnv;
	/** Restored plain commands wait for Enter; agents resume their conversation. */
	restored?: boolean;
	/** Saved pane text by pane name (the persistScrollback setting), shown above the restored panes. */
	history?: Record<string, string>;
	/** The server's credential proxy, for panes in `credentials: "proxy"` mode. */
	credentials?: CredentialService;
};

type ServerSessionEvents = {
	/** The session is over; every pane's program has been told to end. */
	ended: [number];
	/** Something worth saving changed (panes, layout, names, an agent's conversation id). */
	saveNeeded: [];
};

/** What a restore needs to know about one pane. */
export type PaneRecord = {spec: PaneSpec; conversationId?: string};

/**
 * One named session on the server: its panes (a PaneSet), the agents' monitors and hook channel,
 * and the clients attached to it. It lives until its last pane closes, the user quits, or it is killed.
 */
export class ServerSession extends EventEmitter<ServerSessionEvents> {
	readonly name: string;
	readonly created = new Date();
	readonly panes: PaneSet;
	/** Each pane's spec as asked for, by pane name, for `ls` and for saving. */
	readonly records = new Map<string, PaneRecord>();
	clients = 0;
	private readonly monitors = new Map<string, AgentMonitor>();
	private profiles = new Map<string, AgentProfile>();
	private hookServer: HookServer | undefined;
	/** Credential proxy tokens of this session's panes, by pane name. */
	private readonly proxyTokens = new Map<string, string>();
	private ending: Promise<void> | undefined;

	private constructor(private readonly options: ServerSessionOptions) {
		super();
		this.name = options.name;
		const {services} = options;
		this.panes = new PaneSet({
			settings: options.settings,
			layout: options.layout,
			baseEnvironment: options.baseEnvironment,
			createInput: (session, panes) => this.createInput(session, panes),
			onRemove: session => {
				this.revokeProxyToken(session.spec.name);
				this.monitors.get(session.spec.name)?.dispose();
				this.monitors.delete(session.spec.name);
				this.records.delete(session.spec.name);
				this.emit('saveNeeded');
			},
			approveLaunch: async (session, panes) => {
				const verdict = await approveLaunch(session, panes, services);
				// An agent's MCP servers are reviewed once its own argv may start.
				return verdict === true ? approveMcpLaunch(session, this.profiles.get(session.spec.name), panes, services, options.settings) : verdict;
			},
		});
		this.panes.on('quit', code => {
			void this.end(code);
		});
		this.panes.on('change', () => {
			this.emit('saveNeeded');
		});
	}

	/** Starts a session's panes; resolves with the errors instead when an agent profile is bad. */
	static async create(options: ServerSessionOptions): Promise<ServerSession | {errors: string[]}> {
		const session = new ServerSession(options);
		const errors = await session.start();
		return errors.length > 0 ? {errors} : session;
	}

	/** Adds an agent's conversation id (from its SessionStart hook) to what is saved. */
	setConversation(pane: string, id: string): void {
		const record = this.records.get(pane);
		if (record && record.conversationId !== id) {
			record.conversationId = id;
			this.emit('saveNeeded');
		}
	}

	summary(socket: string): SessionSummary {
		return {
			name: this.name,
			panes: this.panes.sessions.length,
			clients: this.clients,
			created: this.created.toISOString(),
			socket,
			agents: this.panes.sessions
				.filter(session => session.spec.agent !== undefined)
				.map(session => ({
					pane: session.spec.name,
					agent: session.spec.agent!,
					state: this.panes.agentState(session.id) ?? (session.status.kind === 'running' ? 'starting' : session.status.kind),
				})),
			...(this.proxyTokens.size > 0 ? {credentials: this.options.credentials?.running?.counts(this.name) ?? []} : {}),
		};
	}

	/** Ends every pane (hangup, TERM, KILL) and the hook channel; resolves once they are gone, or after 3 s. */
	async end(code = 0): Promise<void> {
		this.ending ??= (async () => {
			this.emit('ended', code);
			const panesEnded = this.panes.dispose();
			for (const monitor of this.monitors.values()) {
				monitor.dispose();
			}

			for (const pane of [...this.proxyTokens.keys()]) this.revokeProxyToken(pane);
			const hooksClosed = this.hookServer?.close();
			const giveUp = new Promise<void>(resolve => {
				setTimeout(resolve, 3000);
			});
			await Promise.race([Promise.all([panesEnded, hooksClosed]), giveUp]);
		})();
		return this.ending;
	}

	private async start(): Promise<string[]> {
		const {settings, panes: specs, services} = this.options;
		const wantsHooks = specs.some(pane => {
			try {
				return pane.agent !== undefined && resolveProfile(pane.agent, settings.agents, {shell: settings.shell ?? process.env['SHELL']}).hooks !== 'none';
			} catch {
				return false;
			}
		});
		if (wantsHooks) {
			this.hookServer = await HookServer.start({
				async judge(pane, command) {
					const verdict = services.classifier.classify(command, agentCommandContext());
					if (verdict.decision !== 'allow' || verdict.relaxedBuiltin) {
						// deny is returned to the agent; confirm makes the agent ask its user.
						services.audit.append(verdictEntry(verdict, {pane, cwd: process.cwd(), kind: 'approval', command, answer: verdict.decision === 'allow' ? 'auto' : 'none'}));
					}

					return {decision: verdict.decision, reason: verdict.reason};
				},
				onStatus: (pane, status) => {
					this.monitors.get(pane)?.hookStatus(status);
				},
				onConversation: (pane, id) => {
					this.setConversation(pane, id);
				},
				onReject(reason) {
					logDiagnostic('hook channel', `rejected: ${reason}`);
				},
			});
		}

		const prepared = await prepareAgentPanes(specs, settings, this.hookServer);
		if (prepared.errors.length > 0) {
			await this.hookServer?.close();
			return prepared.errors;
		}

		this.profiles = prepared.profiles;
		for (const [index, spec] of prepared.panes.entries()) {
			this.records.set(spec.name, {spec: {...specs[index]!, name: spec.name}});
		}

		let startSpecs = prepared.panes;
		let notices = new Map<string, string>();
		if (this.options.credentials) {
			const proxied = await applyCredentialProxy(this.name, prepared.panes, prepared.profiles, this.options.credentials);
			startSpecs = proxied.panes;
			notices = proxied.notices;
			for (const [pane, token] of proxied.tokens) this.proxyTokens.set(pane, token);
		}

		const restored = this.options.restored === true;
		const history = this.options.history ?? {};
		this.panes.start(
			startSpecs,
			spec => restored && spec.agent === undefined,
			spec => history[spec.name],
		);
		for (const [pane, notice] of notices) {
			this.panes.sessionNamed(pane)?.writeNotice(`agentmux: ${notice}`);
			// Short: a long notice would crowd the pane states out of the status bar; the pane has the whole of it.
			this.panes.showNotice(`${pane}: no key for the credential proxy, see the pane`);
		}

		return [];
	}

	private revokeProxyToken(pane: string): void {
		const token = this.proxyTokens.get(pane);
		if (token === undefined) return;
		this.proxyTokens.delete(pane);
		this.options.credentials?.running?.revoke(token);
	}

	private createInput(session: Session, panes: PaneSet) {
		const {services} = this.options;
		const profile = this.profiles.get(session.spec.name);
		if (!profile) {
			if (!this.records.has(session.spec.name)) {
				// A pane opened later (prefix c): saved like the others.
				this.records.set(session.spec.name, {spec: session.spec});
			}

			return new InputGate(createGateHost(session, panes, services));
		}

		const gate = new InputGate(createGateHost(session, panes, services, true));
		const monitor = new AgentMonitor(session, profile, {
			onState(state) {
				panes.setAgentState(session.id, state);
			},
			onPrompt: prompt => {
				if (session.spec.autoApprove) {
					void this.autoApprove(session, monitor, prompt, prompt.approveKeys.find(key => /^\d$/.test(key)) ?? prompt.approveKeys[0]);
				}
			},
		});
		this.monitors.set(session.spec.name, monitor);
		return agentInput(session, gate, monitor);
	}

	/** Opt-in per pane: approves the agent's prompt only when the policy allows the command shown, and audits it. */
	private async autoApprove(session: Session, monitor: AgentMonitor, {command, readings, mayBeCut}: ApprovalPrompt, key: string | undefined): Promise<void> {
		const {services} = this.options;
		const verdict = judgeReadings(line => services.classifier.classify(line, agentCommandContext()), readings, mayBeCut);
		if (verdict.decision !== 'allow' || key === undefined) {
			this.panes.showNotice(`${session.spec.name}: not auto-approved (${verdict.rule}), your answer is needed`);
			return;
		}

		// A command carrying a secret is the user's to approve, and must not reach the audit log whole.
		const secrets = await scanSecrets(readings.join('\n')).catch(() => undefined);
		if (secrets === undefined || secrets.length > 0) {
			this.panes.showNotice(`${session.spec.name}: not auto-approved (${secrets ? 'the command contains a secret' : 'the secret scan failed'}), your answer is needed`);
			return;
		}

		// The scan took a moment: approve only the prompt that was judged, if it is still there.
		if (monitor.approvalPrompt()?.command !== command) return;

		try {
			services.audit.append(verdictEntry({...verdict, reason: 'auto-approved: the policy allows it'}, {pane: session.spec.name, cwd: session.spec.cwd, kind: 'approval', command, answer: 'auto'}));
		} catch (error) {
			this.panes.showNotice(`not auto-approved, the audit log failed: ${(error as Error).message}`);
			return;
		}

		const bytes: Record<string, string> = {enter: '\r', space: ' ', tab: '\t'};
		session.write(bytes[key] ?? key);
	}
}
