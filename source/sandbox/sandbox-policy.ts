import fs from 'node:fs';
import path from 'node:path';
import {agentmuxPaths, browserProfilePaths, cachePaths, credentialPaths, protectedInWorkTree, registryHosts, shellStartupPaths} from './builtin-paths.js';
import {linkedGitCommonDir} from './linked-git-dir.js';
import {deniedContaining, isWithin, normaliseUserPath, realPath} from './sandbox-paths.js';
import type {NetworkSpec, SandboxObject, SandboxSettings, SandboxSpec} from './sandbox-schema.js';

/** Each agent's own folders, relative to the home folder: writable under `workspace` where they exist. */
export const agentStatePaths: Readonly<Record<string, readonly string[]>> = {
	claude: ['.claude', '.claude.json', '.cache/claude', '.local/state/claude', '.local/share/claude', '.config/claude'],
	codex: ['.codex'],
	gemini: ['.gemini'],
	aider: ['.aider', '.cache/aider'],
	opencode: ['.local/share/opencode', '.local/state/opencode', '.cache/opencode', '.config/opencode'],
};

/** Variables that move an agent's own folder: writable like the default one. */
export const agentStateVariables = ['CLAUDE_CONFIG_DIR', 'CODEX_HOME', 'GEMINI_CLI_HOME'];

/** Variables that point an agent at its API: the host they name is reachable like the profile's own. */
export const apiBaseVariables = ['ANTHROPIC_BASE_URL', 'OPENAI_BASE_URL', 'GOOGLE_GEMINI_BASE_URL', 'GEMINI_BASE_URL'];

/** The host:port of each API base URL set in `env`. */
export function apiHosts(env: Record<string, string | undefined>): string[] {
	const hosts: string[] = [];
	for (const name of apiBaseVariables) {
		try {
			const url = new URL(env[name] ?? '');
			hosts.push(`${url.hostname}:${url.port || (url.protocol === 'http:' ? '80' : '443')}`);
		} catch {
			// Not set, or not a URL: nothing to add.
		}
	}

	return hosts;
}

/** The loopback names an air-gapped pane may still reach through the proxy. */
export const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'];

/** What a pane may read, write and reach, resolved to real paths. */
export type SandboxPolicy = {
	mode: 'strict' | 'workspace' | 'off';
	/** `prefer`: start unsandboxed (marked) when the sandbox cannot start. */
	fallback: boolean;
	cwd: string;
	home: string;
	writable: string[];
	/** User additions made readable again (bound read-only). */
	readable: string[];
	/** Unreadable and unwritable: hidden behind an empty, inaccessible stand-in. */
	denied: string[];
	/** Read-only even inside a writable folder. */
	protected: string[];
	network: NetworkSpec;
	airGapped: boolean;
};

export type PolicyInput = {
	cwd: string;
	home: string;
	env: NodeJS.ProcessEnv;
	/** The agent profile's name, for its state folders; undefined for plain panes. */
	agent?: string;
	/** Settings default, then the profile's, then the pane's own: later layers win. */
	layers: Array<SandboxSpec | undefined>;
	settings: SandboxSettings;
	airGapped: boolean;
	/** Other panes' folders: hidden unless they hold this pane's folder or lie in it. */
	otherWorkTrees?: string[];
	/** More folders to hide (the sandbox host's own private folder). */
	extraDenied?: string[];
	/** More folders to write (the Gemini home mirror, an agent's config folder named by its variable). */
	extraWritable?: string[];
	/** More hosts for a pane with a network list (the API base URL the agent is pointed at). */
	extraHosts?: string[];
	/** Hosts the pane may not reach whatever its layers say: a pane behind the credential proxy reaches no provider directly. */
	withoutHosts?: string[];
};

export type PolicyResult = {ok: true; policy: SandboxPolicy} | {ok: false; errors: string[]};

function asObject(spec: SandboxSpec | undefined): SandboxObject {
	if (spec === undefined) return {};
	return typeof spec === 'string' ? {mode: spec} : spec;
}

function existing(paths: Iterable<string>): string[] {
	const result = new Set<string>();
	for (const file of paths) {
		const real = realPath(file);
		if (real !== undefined) result.add(real);
	}

	return [...result];
}

/** Resolves the layers of a pane's sandbox into one policy; user paths that cannot be used are errors. */
export function resolveSandboxPolicy(input: PolicyInput): PolicyResult {
	const errors: string[] = [];
	const objects = input.layers.map(layer => asObject(layer));
	let mode = objects.reduce<SandboxObject['mode']>((current, layer) => layer.mode ?? current, undefined) ?? 'off';
	// A pane that describes its sandbox (paths, network) without a mode wants one, whatever the default.
	const own = input.layers.at(-1);
	if (mode === 'off' && typeof own === 'object' && own.mode === undefined) mode = 'workspace';
	const fallback = mode === 'prefer';
	if (mode === 'prefer') mode = 'workspace';
	// Air-gapped means every pane: one left unsandboxed would keep the whole network.
	if (mode === 'off' && input.airGapped) mode = 'workspace';
	const cwd = realPath(input.cwd);
	const home = realPath(input.home) ?? path.resolve(input.home);
	if (cwd === undefined) return {ok: false, errors: [`sandbox: the pane's folder ${input.cwd} does not exist`]};
	const base: SandboxPolicy = {mode, fallback, cwd, home, writable: [], readable: [], denied: [], protected: [], network: 'off', airGapped: input.airGapped};
	if (mode === 'off') return {ok: true, policy: base};

	const fromHome = (list: readonly string[]) => list.map(entry => path.join(home, entry));
	const agentmux = existing(agentmuxPaths(input.env, home));
	const others = existing(input.otherWorkTrees ?? []).filter(tree => !isWithin(cwd, tree) && !isWithin(tree, cwd));
	const userPaths = (kind: 'read' | 'write' | 'deny') => {
		const result: string[] = [];
		for (const object of objects) {
			for (const raw of object[kind] ?? []) {
				const checked = normaliseUserPath(raw, {cwd, home});
				if (checked.ok) result.push(checked.path);
				else errors.push(`sandbox.${kind}: ${checked.message}`);
			}
		}

		return result;
	};

	const denied = [...new Set([...existing([...fromHome(credentialPaths), ...fromHome(browserProfilePaths), ...(input.extraDenied ?? [])]), ...agentmux, ...others, ...userPaths('deny')])];
	const inDenied = deniedContaining(cwd, denied);
	if (inDenied !== undefined) errors.push(`sandbox: the pane's folder ${cwd} lies in ${inDenied}, which a sandbox hides; start the pane elsewhere`);

	// Nothing the user adds may open a way into what is denied: judged by real paths, after links and "..".
	const reopenCheck = (kind: string, list: string[]) =>
		list.filter(entry => {
			const hidden = deniedContaining(entry, denied);
			if (hidden !== undefined) errors.push(`sandbox.${kind}: ${entry} would re-open ${hidden}, which stays denied`);
			return hidden === undefined;
		});
	const readable = reopenCheck('read', userPaths('read'));
	const userWrites = reopenCheck('write', userPaths('write'));
	const agentWrites =
		mode === 'workspace' ? existing([...fromHome(input.agent === undefined ? [] : (agentStatePaths[input.agent] ?? [])), ...fromHome(cachePaths), ...(input.extraWritable ?? [])]) : [];
	// A linked worktree's commits land in the main repository's .git: writable, but for its hooks and config below.
	const gitCommon = linkedGitCommonDir(cwd);
	const gitWrites = gitCommon === undefined || deniedContaining(gitCommon, denied) !== undefined ? [] : [gitCommon];
	const writable = [...new Set([cwd, ...gitWrites, ...agentWrites.filter(entry => deniedContaining(entry, denied) === undefined), ...userWrites])];

	// Hooks, git config and shell start-up files run later, outside any sandbox: read-only wherever they are writable.
	const protectedCandidates = writable.flatMap(root => protectedInWorkTree.map(entry => path.join(root, entry)));
	protectedCandidates.push(...gitWrites.flatMap(common => [path.join(common, 'hooks'), path.join(common, 'config')]));
	if (writable.some(root => isWithin(home, root))) protectedCandidates.push(...fromHome(shellStartupPaths));
	const protectedPaths = existing(protectedCandidates).filter(entry => writable.some(root => isWithin(entry, root)) && deniedContaining(entry, denied) === undefined);

	if (errors.length > 0) return {ok: false, errors};
	return {ok: true, policy: {...base, writable, readable, denied, protected: protectedPaths, network: resolveNetwork(mode, objects, input)}};
}

function resolveNetwork(mode: SandboxPolicy['mode'], objects: SandboxObject[], input: PolicyInput): NetworkSpec {
	if (mode === 'strict') return 'off';
	const chosen = objects.reduce<NetworkSpec | undefined>((current, layer) => layer.network ?? current, undefined) ?? [];
	if (chosen === 'off') return 'off';
	if (input.airGapped) return [...loopbackHosts];
	const withoutHosts = new Set(input.withoutHosts ?? []);
	const hostName = (entry: string) => (entry.startsWith('[') ? entry.slice(0, entry.indexOf(']') + 1) : entry.split(':')[0]!);
	return [...new Set([...chosen, ...(input.extraHosts ?? []), ...(input.settings.registries ? registryHosts : [])])].filter(entry => !withoutHosts.has(hostName(entry)));
}

/** Whether a path exists as a directory (bind a folder stand-in) or otherwise (a file stand-in). */
export function isDirectory(file: string): boolean {
	try {
		return fs.statSync(file).isDirectory();
	} catch {
		return false;
	}
}
