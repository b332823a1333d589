import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {assertPrivateDirectory} from '../ipc/private-socket.js';
import {bwrapArguments, proxyEnvironment, type Stubs} from './bwrap-args.js';
import {type Denial, NetworkProxy} from './network-proxy.js';
import {type Availability, checkAvailability, socatMissing} from './sandbox-availability.js';
import {agentStateVariables, apiHosts, type PolicyInput, resolveSandboxPolicy, type SandboxPolicy} from './sandbox-policy.js';
import type {SandboxSettings} from './sandbox-schema.js';

/** How a pane's program is started: wrapped in bubblewrap, or as it is. */
export type LaunchWrap = (file: string, args: string[], env: Record<string, string>) => {file: string; args: string[]; env: Record<string, string>};

export type PreparedSandbox =
	| {kind: 'none'}
	| {kind: 'sandboxed'; policy: SandboxPolicy; wrap: LaunchWrap}
	/** `prefer` where the sandbox cannot start: the pane runs unsandboxed, marked, and this says why. */
	| {kind: 'unsandboxed'; reason: string}
	| {kind: 'refused'; reason: string};

export type PaneSandboxRequest = {
	/** Whose proxy this is: released with the pane. */
	owner: object;
	input: Omit<PolicyInput, 'settings' | 'airGapped' | 'extraDenied' | 'env' | 'home'> & {home?: string};
	/** The pane's environment, for the hook channel's folder and the agent's folders and API. */
	paneEnv: Record<string, string | undefined>;
	onDenied: (denial: Denial) => void;
};

/**
 * The session server's side of the sandbox: the trial run (once), a private folder with the
 * stand-ins bound over hidden paths and each pane's proxy socket, and the proxies themselves.
 */
export class SandboxHost {
	private availability: Promise<Availability> | undefined;
	private folder: Promise<{directory: string; stubs: Stubs}> | undefined;
	private readonly proxies = new Map<object, NetworkProxy>();
	private proxyCount = 0;

	constructor(
		private readonly settings: SandboxSettings,
		private readonly airGapped: boolean,
		private readonly env: NodeJS.ProcessEnv = process.env,
	) {}

	/** Works out a pane's sandbox and gets it ready to start (its proxy listening), or says why it may not start. */
	async prepare(request: PaneSandboxRequest): Promise<PreparedSandbox> {
		const home = request.input.home ?? this.env['HOME'] ?? os.homedir();
		const {directory, stubs} = await this.privateFolder();
		const hookFolder = request.paneEnv['AGENTMUX_HOOK_SOCKET'] ? path.dirname(request.paneEnv['AGENTMUX_HOOK_SOCKET']) : undefined;
		// An agent's own folder and API, where its variables move them, are as reachable as the defaults.
		const isAgent = request.input.agent !== undefined;
		const stateFolders = isAgent ? agentStateVariables.map(name => request.paneEnv[name]).filter((value): value is string => Boolean(value)) : [];
		const resolved = resolveSandboxPolicy({
			...request.input,
			home,
			env: this.env,
			settings: this.settings,
			airGapped: this.airGapped,
			extraDenied: [directory],
			extraWritable: [...(request.input.extraWritable ?? []), ...stateFolders],
			extraHosts: [...(request.input.extraHosts ?? []), ...(isAgent ? apiHosts(request.paneEnv) : [])],
		});
		if (!resolved.ok) return {kind: 'refused', reason: resolved.errors.join('; ')};
		const {policy} = resolved;
		if (policy.mode === 'off') return {kind: 'none'};

		this.availability ??= checkAvailability({bwrap: this.settings.bwrap, socat: this.settings.socat, env: this.env});
		const available = await this.availability;
		const network = policy.network !== 'off';
		const problem = !available.ok ? available.reason : network && available.socat === undefined ? socatMissing(this.settings.socat) : undefined;
		if (problem !== undefined || !available.ok) {
			const reason = `sandbox unavailable: ${problem}`;
			return policy.fallback ? {kind: 'unsandboxed', reason} : {kind: 'refused', reason};
		}

		let proxySocket: string | undefined;
		if (network) {
			proxySocket = path.join(directory, `proxy-${++this.proxyCount}.sock`);
			await this.release(request.owner);
			const proxy = await NetworkProxy.start({socketPath: proxySocket, allowList: policy.network as string[], onDenied: request.onDenied});
			this.proxies.set(request.owner, proxy);
		}

		const options = {
			policy,
			stubs,
			...(proxySocket === undefined ? {} : {proxySocket}),
			reveal: hookFolder ? [hookFolder] : [],
			...(this.env['XDG_RUNTIME_DIR'] ? {runtimeDirectory: this.env['XDG_RUNTIME_DIR']} : {}),
			socat: available.socat ?? this.settings.socat,
		};
		const wrap: LaunchWrap = (file, args, env) => ({
			file: available.bwrap,
			args: bwrapArguments(options, file, args),
			env: network ? {...env, ...proxyEnvironment()} : env,
		});
		return {kind: 'sandboxed', policy, wrap};
	}

	/** Stops a pane's proxy (the pane went away). */
	async release(owner: object): Promise<void> {
		const proxy = this.proxies.get(owner);
		this.proxies.delete(owner);
		await proxy?.close();
	}

	async close(): Promise<void> {
		await Promise.all([...this.proxies.keys()].map(async owner => this.release(owner)));
		if (this.folder) {
			const {directory, stubs} = await this.folder;
			// The empty stand-in folder is mode 000: open it first, or a user who is not root cannot list it to remove it.
			await fs.chmod(stubs.directory, 0o700).catch(() => undefined);
			await fs.rm(directory, {recursive: true, force: true});
		}
	}

	private async privateFolder(): Promise<{directory: string; stubs: Stubs}> {
		this.folder ??= (async () => {
			const parent = this.env['XDG_RUNTIME_DIR'] || os.tmpdir();
			const directory = await fs.mkdtemp(path.join(parent, 'agentmux-sandbox-'));
			await fs.chmod(directory, 0o700);
			await assertPrivateDirectory(directory);
			const stubs = {directory: path.join(directory, 'hidden-folder'), file: path.join(directory, 'hidden-file')};
			await fs.mkdir(stubs.directory, {mode: 0o000});
			await fs.writeFile(stubs.file, '', {mode: 0o000});
			await fs.chmod(stubs.directory, 0o000);
			await fs.chmod(stubs.file, 0o000);
			return {directory, stubs};
		})().catch((error: unknown) => {
			// The pane that needed it reports why; the next one tries again.
			this.folder = undefined;
			throw error;
		});
		return this.folder;
	}
}
