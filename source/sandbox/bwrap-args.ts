import fs from 'node:fs';
import path from 'node:path';
import {isWithin} from './sandbox-paths.js';
import {isDirectory, type SandboxPolicy} from './sandbox-policy.js';

/** Where the network proxy's socket appears inside a sandbox, and the loopback port socat offers it on. */
export const innerProxySocket = '/tmp/.agentmux/proxy.sock';
export const innerProxyPort = 3128;

/** Empty, mode-000 stand-ins bound over what a sandbox hides (no capabilities inside, so nobody reads them). */
export type Stubs = {directory: string; file: string};

export type BwrapOptions = {
	policy: SandboxPolicy;
	stubs: Stubs;
	/** The proxy's Unix socket on the host, when the pane has a network list. */
	proxySocket?: string;
	/** Folders under /tmp or the runtime folder that the pane still needs to see (the agent hook channel). */
	reveal?: string[];
	/** $XDG_RUNTIME_DIR: hidden like /tmp (other programs' sockets live there). */
	runtimeDirectory?: string;
	socat: string;
};

/**
 * The script that runs first inside a sandbox with a network list: socat offers the proxy's Unix
 * socket on 127.0.0.1 (the namespace's own loopback, the only interface there), and once it listens
 * the pane's program replaces the shell. The script is a constant; the program and its arguments
 * arrive as "$@" and are never read as shell text.
 */
const bridgeScript = [
	'"$0" TCP-LISTEN:3128,bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:/tmp/.agentmux/proxy.sock &',
	// Waits for 127.0.0.1:3128 (0100007F:0C38) to be listening (state 0A) with builtins only: no fork per try.
	'n=0; while [ $n -lt 100000 ]; do',
	'while read -r _ l _ s _; do [ "$l" = 0100007F:0C38 ] && [ "$s" = 0A ] && break 2; done < /proc/net/tcp',
	'n=$((n+1)); done',
	'exec "$@"',
].join('\n');

/** The bubblewrap argv (after the program name) that runs `file args` under `policy`. */
export function bwrapArguments(options: BwrapOptions, file: string, args: string[]): string[] {
	const {policy, stubs} = options;
	const argv = ['--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--unshare-net', '--cap-drop', 'ALL'];
	argv.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp');
	const hiddenRoots = ['/tmp'];
	const runtime = options.runtimeDirectory;
	if (runtime && runtime !== '/' && !isWithin(runtime, '/tmp') && !isWithin(policy.cwd, runtime) && !isWithin(policy.home, runtime) && isDirectory(runtime)) {
		argv.push('--tmpfs', runtime);
		hiddenRoots.push(runtime);
	}

	// What the private /tmp and runtime folder would hide but the pane must still see, read-only.
	const underHidden = (entry: string) => hiddenRoots.some(root => isWithin(entry, root));
	for (const entry of [policy.home, ...(options.reveal ?? []), ...programFolders(file, args, hiddenRoots)]) {
		if (underHidden(entry) && isDirectory(entry)) argv.push('--ro-bind', entry, entry);
	}

	for (const entry of policy.readable) argv.push('--ro-bind', entry, entry);
	for (const entry of policy.writable) argv.push('--bind', entry, entry);
	for (const entry of policy.denied) argv.push('--ro-bind', isDirectory(entry) ? stubs.directory : stubs.file, entry);
	for (const entry of policy.protected) argv.push('--ro-bind', entry, entry);
	const network = policy.network !== 'off' && options.proxySocket !== undefined;
	if (network) argv.push('--bind', options.proxySocket!, innerProxySocket);
	argv.push('--chdir', policy.cwd, '--');
	if (!network) return [...argv, file, ...args];
	return [...argv, '/bin/sh', '-c', bridgeScript, options.socat, file, ...args];
}

/**
 * The program and the scripts it is handed (`node /tmp/x/cli.js`) must stay visible when they live under
 * a folder the sandbox replaces with a private one: the top folder holding each, read-only (an install or
 * checkout in /tmp keeps its modules). Denied folders are bound after these, so they stay hidden.
 */
function programFolders(file: string, args: string[], hiddenRoots: string[]): string[] {
	const folders: string[] = [];
	for (const entry of [file, ...args]) {
		if (!path.isAbsolute(entry)) continue;
		const root = hiddenRoots.find(hidden => isWithin(entry, hidden) && entry !== hidden);
		if (root === undefined) continue;
		const top = path.join(root, path.relative(root, entry).split(path.sep)[0]!);
		if (fs.existsSync(top)) folders.push(top);
	}

	return folders;
}

/** The variables that point programs at the proxy inside the sandbox. */
export function proxyEnvironment(): Record<string, string> {
	const url = `http://127.0.0.1:${innerProxyPort}`;
	return {HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, ALL_PROXY: url, all_proxy: url, NO_PROXY: '', no_proxy: ''};
}

/** For messages: a path shown relative to home where it is inside it. */
export function displayPath(entry: string, home: string): string {
	return isWithin(entry, home) && entry !== home ? `~/${path.relative(home, entry)}` : entry;
}
