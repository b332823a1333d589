import {EventEmitter} from 'node:events';
import {resolveProfile} from '../agents/builtin-profiles.js';
import {HookServer} from '../agents/hook-channel.js';
import type {AgentProfile} from '../agents/profile-schema.js';
import type {ApprovalPrompt} from '../agents/screen-status.js';
import {agentInput} from '../app/agent-input.js';
import {AgentMonitor} from '../app/agent-monitor.js';
import {prepareAgentPanes} from '../app/agent-panes.js';
import {closeWorktreePane} from '../app/close-worktree-pane.js';
import {createGateHost, type PolicyServices} from '../app/gate-host.js';
import {approveLaunch} from '../app/launch-approval.js';
import type {AgentLauncher, NewAgentRequest, ProfileChoice, WorktreeRequest} from '../app/new-agent/agent-launcher.js';
import {profileChoices} from '../app/new-agent/profile-choices.js';
import {lastMeaningfulLine, screenRows} from '../app/overview/last-line.js';
import type {PaneDetailsSource} from '../app/overview/overview-dialog.js';
import type {PaneDetails, WorktreeSummary} from '../app/overview/overview-rows.js';
import {type LayoutSpec, PaneSet} from '../app/pane-set.js';
import {adoptRestoredWorktree, openPaneWorktrees} from '../app/pane-worktrees.js';
import {worktreeGate} from '../app/worktree-approval.js';
import type {Settings} from '../config/settings-schema.js';
import type {PaneSpec} from '../config/workspace.js';
import type {CredentialService} from '../credentials/credential-service.js';
import {providerHosts} from '../credentials/providers.js';
import {applyCredentialProxy} from '../credentials/proxy-panes.js';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import type {PaneDetail, SessionSummary} from '../ipc/server-messages.js';
import {approveMcpLaunch} from '../mcp/launch-gate.js';
import type {Denial} from '../sandbox/network-proxy.js';
import {SandboxHost} from '../sandbox/sandbox-host.js';
import {verdictEntry} from '../security/audit-log.js';
import {agentCommandContext} from '../security/classify.js';
import {InputGate} from '../security/input-gate.js';
import {scanSecrets} from '../security/secret-scan.js';
import {judgeReadings} from '../security/verdict.js';
import type {Session} from '../sessions/session.js';
import type {GitGate} from '../worktrees/gate.js';
import {planWorktree} from '../worktrees/plan.js';
import {WorktreeRegistry} from '../worktrees/registry.js';
import {worktreeStatus} from '../worktrees/status.js';

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
	/** Names the user gave panes (prefix ,) by pane name, shown again on the restored panes. */
	titles?: Record<string, string>;
	/** The server's credential proxy, for panes in `credentials: "proxy"` mode. */
	credentials?: CredentialService;
	/** The server's sandbox host (one trial run, one private folder); a session makes its own without it. */
	sandboxHost?: SandboxHost;
	/** Every pane folder on the server, for hiding other sessions' work trees from a sandbox. */
	workTrees?: () => string[];
};

type ServerSessionEvents = {
	/** The session is over; every pane's program has been told to end. */
	ended: [number];
	/** Something worth saving changed (panes, layout, names, an agent's conversation id). */
	saveNeeded: [];
};

/** A git worktree's counts are asked of git at most this often. */
const worktreeStatusMs = 2000;

/** The bytes a key named in an approval spec sends ("enter", "escape", "1", "y"). */
function keyBytes(name: string): string {
	const named: Record<string, string> = {enter: '\r', escape: '\u001B', space: ' ', tab: '\t'};
	return named[name] ?? name;
}

/** The worktree API speaks of workspace fields ("reuse": true); the form's choice for that is "existing branch". */
function formWords(message: string): string {
	return message.replace(/ \(set "reuse": true to [^)]*\)/, ': choose "existing branch" or another name');
}

/** What a restore needs to know about one pane. */
export type PaneRecord = {spec: PaneSpec; conversationId?: string};

/**
 * One named session on the server: its panes (a PaneSet), the agents' monitors and hook channel,
 * and the clients attached to it. It lives until its last pane closes, the user quits, or it is killed.
 */
export class ServerSession extends EventEmitter<ServerSessionEvents> implements AgentLauncher, PaneDetailsSource {
	readonly name: string;
	readonly created = new Date();
	readonly panes: PaneSet;
	/** Each pane's spec as asked for, by pane name, for `ls` and for saving. */
	readonly records = new Map<string, PaneRecord>();
	clients = 0;
	/** When a client last attached to this session or left it: `agentmux attach` without a name picks the latest. */
	lastUsed = Date.now();
	private readonly monitors = new Map<string, AgentMonitor>();
	private profiles = new Map<string, AgentProfile>();
	private hookServer: HookServer | undefined;
	/** Credential proxy tokens of this session's panes, by pane name. */
	private readonly proxyTokens = new Map<string, string>();
	private hookServerStarting: Promise<void> | undefined;
	/** Each pane's worktree's last counts from git (by its path), and when they were asked for. */
	private readonly worktreeCounts = new Map<string, {summary?: WorktreeSummary | undefined; at: number; pending?: Promise<void> | undefined}>();
	private ending: Promise<void> | undefined;
	private readonly sandboxHost: SandboxHost;
	private readonly ownsSandboxHost: boolean;
	/** The worktrees agentmux made, for the panes that run in them. */
	readonly worktrees = new WorktreeRegistry();
	/** Git work under way (a closed pane's worktree being removed): the session's end waits for it. */
	private readonly pendingWork = new Set<Promise<unknown>>();

	private constructor(private readonly options: ServerSessionOptions) {
		super();
		this.name = options.name;
		const {services} = options;
		this.ownsSandboxHost = options.sandboxHost === undefined;
		this.sandboxHost = options.sandboxHost ?? new SandboxHost(options.settings.sandbox, options.settings.airGapped);
		this.panes = new PaneSet({
			settings: options.settings,
			layout: options.layout,
			baseEnvironment: options.baseEnvironment,
			createInput: (session, panes) => this.createInput(session, panes),
			onRemove: session => {
				this.revokeProxyToken(session.spec.name);
				void this.sandboxHost.release(session);
				this.monitors.get(session.spec.name)?.dispose();
				this.monitors.delete(session.spec.name);
				this.records.delete(session.spec.name);
				if (session.spec.worktreePath !== undefined) this.worktreeCounts.delete(session.spec.worktreePath);
				this.emit('saveNeeded');
			},
			approveLaunch: async (session, panes) => {
				const verdict = await approveLaunch(session, panes, services);
				// An agent's MCP servers are reviewed once its own argv may start.
				return verdict === true ? approveMcpLaunch(session, this.profiles.get(session.spec.name), panes, services, options.settings) : verdict;
			},
			prepareSandbox: async session => this.prepareSandbox(session),
			closePane: (session, panes) =>
				closeWorktreePane(session, panes, {
					registry: this.worktrees,
					gate: pane => this.gitGate(pane),
					track: work => {
						this.track(work);
					},
				}),
			prepareWorktree: async spec => this.prepareWorktree(spec),
		});
		this.panes.on('quit', code => {
			void this.end(code);
		});
		this.panes.on('change', () => {
			this.emit('saveNeeded');
		});
		this.panes.on('sandboxChanged', session => {
			const record = this.records.get(session.spec.name);
			if (record && session.spec.sandbox !== undefined) record.spec = {...record.spec, sandbox: session.spec.sandbox};
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

	/** The policy gate for the git commands run for a pane (its worktree's add, remove, branch delete). */
	gitGate(pane: string): GitGate {
		return worktreeGate(this.options.services, this.panes, pane);
	}

	/**
	 * Makes the worktree a pane spec asks for (`spec.worktree`), through the policy gate, and returns
	 * the spec to start: in its new tree, with `worktreePath` set. A string is why it could not be made.
	 * For panes opened after the start (the new-agent form); a spec without a worktree comes back as it is.
	 */
	async prepareWorktree(spec: PaneSpec): Promise<PaneSpec | string> {
		const opened = await openPaneWorktrees([spec], {settings: this.options.settings, registry: this.worktrees, gate: pane => this.gitGate(pane), session: this.name, label: () => 'worktree'});
		return opened.errors.length > 0 ? opened.errors.join('\n') : opened.panes[0]!;
	}

	/** Each pane's worktree now: branch, ahead/behind, dirty and unpushed counts (for `ls --json` and the overview). */
	async worktreeSummary(): Promise<NonNullable<SessionSummary['worktrees']>> {
		const result: NonNullable<SessionSummary['worktrees']> = [];
		for (const session of this.panes.sessions) {
			const record = session.spec.worktreePath === undefined ? undefined : this.worktrees.list().find(candidate => candidate.path === session.spec.worktreePath);
			if (!record) continue;
			// eslint-disable-next-line no-await-in-loop
			const status = await worktreeStatus(record).catch(() => undefined);
			if (!status) continue;
			result.push({pane: session.spec.name, path: record.path, branch: status.branch ?? record.branch, ahead: status.ahead, behind: status.behind, dirty: status.dirty, unpushed: status.unpushed});
		}

		return result;
	}

	private track(work: Promise<unknown>): void {
		const settled = work.catch((error: unknown) => {
			logDiagnostic('worktree', error);
			this.panes.showNotice(`worktree: ${(error as Error).message}`);
		});
		this.pendingWork.add(settled);
		void settled.finally(() => this.pendingWork.delete(settled));
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
			paneDetails: this.panes.sessions.map((session, index) => this.paneDetail(session, index)),
		};
	}

	/** Asks git for every worktree's counts now (for `ls`, which should not show stale ones). */
	async refreshWorktrees(): Promise<void> {
		await Promise.all(this.panes.sessions.map(async session => (session.spec.worktreePath === undefined ? undefined : this.refreshWorktree(session.spec.worktreePath))));
	}

	// The new-agent form's questions (AgentLauncher).

	profileChoices(cwd: string): ProfileChoice[] {
		const {settings} = this.options;
		return profileChoices(settings.agents, {shell: settings.shell ?? process.env['SHELL'], cwd, pathVariable: this.options.baseEnvironment['PATH'] ?? ''});
	}

	async checkBranch(cwd: string, worktree: WorktreeRequest): Promise<string | undefined> {
		const planned = await planWorktree({from: cwd, branch: worktree.branch, reuse: worktree.mode === 'existing', root: this.options.settings.worktrees.root});
		if (!planned.ok) return formWords(planned.message);
		if (worktree.mode === 'existing' && planned.plan.mode === 'new-branch') return `no branch "${worktree.branch}": choose "new branch"`;
		return undefined;
	}

	/** Starts an agent pane from the form, in its own worktree when asked: the same preparation and launch approval as any agent pane. */
	async startAgent(request: NewAgentRequest): Promise<string[]> {
		const {settings} = this.options;
		let profile: AgentProfile;
		try {
			profile = resolveProfile(request.profile, settings.agents, {shell: settings.shell ?? process.env['SHELL']});
		} catch (error) {
			return [(error as Error).message];
		}

		const name = this.panes.uniqueName(request.name);
		const asked: PaneSpec = {name, command: '', args: [], cwd: request.cwd, env: {}, onExit: 'hold', agent: request.profile, ...(request.sandbox === undefined ? {} : {sandbox: request.sandbox})};
		let spec = asked;
		if (request.worktree) {
			if (request.worktree.mode === 'existing') {
				const problem = await this.checkBranch(request.cwd, request.worktree);
				if (problem !== undefined) return [problem];
			}

			// Made through the worktree API: planned, approved by the policy, audited, recorded.
			const opened = await this.prepareWorktree({...asked, worktree: {branch: request.worktree.branch, reuse: request.worktree.mode === 'existing'}});
			if (typeof opened === 'string') return [formWords(opened)];
			spec = opened;
		}

		if (profile.hooks !== 'none') await this.startHookServer();
		const prepared = await prepareAgentPanes([spec], settings, this.hookServer);
		if (prepared.errors.length > 0) return prepared.errors;
		// Another pane took the name while this one was prepared: its hooks would report as that pane.
		if (this.panes.uniqueName(name) !== name) return [`a pane named ${name} was opened meanwhile: try again`];
		let ready = prepared.panes[0]!;
		let notice: string | undefined;
		if (this.options.credentials) {
			// Behind the credential proxy like the session's first panes, when its settings say so.
			const proxied = await applyCredentialProxy(this.name, prepared.panes, prepared.profiles, this.options.credentials);
			ready = proxied.panes[0]!;
			notice = proxied.notices.get(name);
			for (const [pane, token] of proxied.tokens) this.proxyTokens.set(pane, token);
		}

		const preparedProfile = prepared.profiles.get(name);
		if (preparedProfile) this.profiles.set(name, preparedProfile);
		// Saved in the tree made for it: a restore opens it again, never makes another.
		this.records.set(name, {spec: {...asked, cwd: spec.cwd}});
		const session = this.panes.addPane(ready);
		if (notice !== undefined) {
			session.writeNotice(`agentmux: ${notice}`);
			this.panes.showNotice(`${name}: no key for the credential proxy, see the pane`);
		}

		this.emit('saveNeeded');
		return [];
	}

	// The overview's questions (PaneDetailsSource).

	paneDetails(session: Session): PaneDetails {
		const name = session.spec.name;
		const profile = this.profiles.get(name);
		// The agent's idle patterns are its footer hints ("? for shortcuts"): chrome, not news.
		const prompt = this.monitors.get(name)?.approvalPrompt();
		// While the agent asks, what it asks about is the news, whatever footer it draws under it.
		const lastLine = prompt ? `asks to run: ${prompt.command.replaceAll('\n', ' ')}` : lastMeaningfulLine(screenRows(session), profile?.screen.idle ?? []);
		const approve = prompt ? (prompt.approveKeys.find(key => /^\d$/.test(key)) ?? prompt.approveKeys[0]) : undefined;
		const decline = prompt?.declineKeys[0];
		return {
			lastLine,
			worktree: this.worktreeSummaryOf(session),
			approval: approve === undefined ? undefined : {approve: keyBytes(approve), decline: decline === undefined ? undefined : keyBytes(decline)},
		};
	}

	private paneDetail(session: Session, index: number): PaneDetail {
		const details = this.paneDetails(session);
		return {
			index: index + 1,
			name: session.spec.name,
			...(session.spec.agent === undefined ? {} : {agent: session.spec.agent}),
			state: this.panes.paneState(session),
			since: new Date(this.panes.stateSince(session.id)).toISOString(),
			...(details.worktree ? {worktree: details.worktree} : {}),
			lastLine: details.lastLine,
			approvalPending: details.approval !== undefined,
		};
	}

	/** The worktree's last known counts; asks git again in the background when they are old. */
	private worktreeSummaryOf(session: Session): WorktreeSummary | undefined {
		const where = session.spec.worktreePath;
		if (where === undefined) return undefined;
		const counts = this.worktreeCounts.get(where);
		if (!counts || performance.now() - counts.at > worktreeStatusMs) void this.refreshWorktree(where);
		return counts?.summary;
	}

	private async refreshWorktree(where: string): Promise<void> {
		const record = this.worktrees.list().find(candidate => candidate.path === where);
		if (!record) return;
		const counts = this.worktreeCounts.get(where) ?? {at: performance.now()};
		if (counts.pending) return counts.pending;
		counts.at = performance.now();
		counts.pending = worktreeStatus(record)
			.then(status => {
				counts.summary = status.exists ? {branch: status.branch ?? record.branch, path: record.path, dirty: status.dirty, ahead: status.ahead} : undefined;
			})
			.catch((error: unknown) => {
				logDiagnostic('worktree status', error);
			})
			.finally(() => {
				counts.pending = undefined;
			});
		this.worktreeCounts.set(where, counts);
		return counts.pending;
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
			const hooksClosed = Promise.all([this.hookServer?.close(), this.ownsSandboxHost ? this.sandboxHost.close() : Promise.all(this.panes.sessions.map(async pane => this.sandboxHost.release(pane)))]);
			const giveUp = new Promise<void>(resolve => {
				setTimeout(resolve, 3000);
			});
			await Promise.race([Promise.all([panesEnded, hooksClosed]), giveUp]);
			// A worktree being removed when the last pane closed is not cut off half way (git is quick; bounded anyway).
			await Promise.race([Promise.all(this.pendingWork), new Promise(resolve => setTimeout(resolve, 10_000).unref())]);
		})();
		return this.ending;
	}

	/** The hook channel, started once: with the session's first agent that has hooks, or the first one added later. */
	private async startHookServer(): Promise<void> {
		const {services} = this.options;
		this.hookServerStarting ??= (async () => {
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
		})();
		return this.hookServerStarting;
	}

	private async start(): Promise<string[]> {
		const {settings, panes: specs} = this.options;
		const wantsHooks = specs.some(pane => {
			try {
				return pane.agent !== undefined && resolveProfile(pane.agent, settings.agents, {shell: settings.shell ?? process.env['SHELL']}).hooks !== 'none';
			} catch {
				return false;
			}
		});
		if (wantsHooks) {
			await this.startHookServer();
		}

		const prepared = await prepareAgentPanes(specs, settings, this.hookServer);
		if (prepared.errors.length > 0) {
			await this.hookServer?.close();
			return prepared.errors;
		}

		const restored = this.options.restored === true;
		let started = prepared.panes;
		if (restored) {
			started = started.map(spec => adoptRestoredWorktree(spec, this.worktrees, this.name));
		} else {
			const opened = await openPaneWorktrees(started, {settings, registry: this.worktrees, gate: pane => this.gitGate(pane), session: this.name});
			if (opened.errors.length > 0) {
				await this.hookServer?.close();
				return opened.errors;
			}

			started = opened.panes;
		}

		this.profiles = prepared.profiles;
		for (const [index, spec] of started.entries()) {
			// Saved as asked for, but in the tree made for it: a restore opens it again, never makes another.
			const {worktree: _asked, ...asked} = specs[index]!;
			this.records.set(spec.name, {spec: {...asked, name: spec.name, cwd: spec.cwd}});
		}

		let startSpecs = started;
		let notices = new Map<string, string>();
		if (this.options.credentials) {
			const proxied = await applyCredentialProxy(this.name, started, prepared.profiles, this.options.credentials);
			startSpecs = proxied.panes;
			notices = proxied.notices;
			for (const [pane, token] of proxied.tokens) this.proxyTokens.set(pane, token);
		}

		const history = this.options.history ?? {};
		this.panes.start(
			startSpecs,
			spec => restored && spec.agent === undefined,
			spec => history[spec.name],
		);
		for (const [pane, title] of Object.entries(this.options.titles ?? {})) {
			const session = this.panes.sessionNamed(pane);
			if (session) this.panes.rename(session.id, title);
		}

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

	/**
	 * The pane's sandbox from the settings' default (agents or plain panes), its profile and its own
	 * spec, put in place before it starts. A sandbox that was asked for and cannot start refuses the pane.
	 */
	private async prepareSandbox(session: Session): Promise<true | string> {
		if (session.sandbox !== undefined) return true;
		const {settings} = this.options;
		const profile = this.profiles.get(session.spec.name);
		const others = [...this.panes.sessions.filter(pane => pane !== session).map(pane => pane.spec.cwd), ...(this.options.workTrees?.() ?? [])].filter(cwd => cwd !== session.spec.cwd);
		try {
			const prepared = await this.sandboxHost.prepare({
				owner: session,
				input: {
					cwd: session.spec.cwd,
					...(profile ? {agent: profile.name} : {}),
					layers: [profile ? settings.sandbox.agents : settings.sandbox.shells, profile?.sandbox, session.spec.sandbox],
					otherWorkTrees: others,
					// Behind the credential proxy, the provider hosts are reached through it, never directly.
					...(this.proxyTokens.has(session.spec.name) ? {withoutHosts: providerHosts()} : {}),
				},
				paneEnv: {...this.options.baseEnvironment, ...session.spec.env},
				onDenied: denial => {
					this.sandboxDenied(session, denial);
				},
			});
			switch (prepared.kind) {
				case 'none':
					return true;
				case 'sandboxed':
					session.confine(prepared.wrap, {label: 'sandbox', denied: 0});
					return true;
				case 'unsandboxed':
					session.confine(undefined, {label: 'UNSANDBOXED', denied: 0});
					session.writeNotice(`agentmux: ${prepared.reason}; started WITHOUT a sandbox ("prefer")`);
					return true;
				case 'refused':
					return prepared.reason;
			}
		} catch (error) {
			return `sandbox: ${(error as Error).message}`;
		}
	}

	/** A connection the sandbox's proxy refused: audited, and counted in the pane's title. */
	private sandboxDenied(session: Session, {target, method}: Denial): void {
		session.sandboxDenied();
		const where = `${target.host}:${target.port}`;
		try {
			this.options.services.audit.append({
				time: new Date().toISOString(),
				pane: session.spec.name,
				cwd: session.spec.cwd,
				kind: 'sandbox',
				decision: 'deny',
				rule: 'sandbox-network',
				reason: `${where} is not in the pane's network list`,
				command: `${method} ${where}`,
				answer: 'none',
			});
		} catch (error) {
			logDiagnostic('sandbox', error);
		}
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
