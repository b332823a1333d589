import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {descendants, killAll, OuterTerminal} from './outer-terminal.js';
import {sleep} from './stats.js';

/** A pane's program as an argv: never a shell string. */
export type PaneCommand = {name: string; command: string; args: string[]; sandbox?: unknown};

export type MultiplexerKind = 'agentmux' | 'tmux';

export type LaunchContext = {
	/** Where workspace files and the like go. */
	root: string;
	env: Record<string, string>;
	nodePath: string;
	cliPath: string;
	tmuxPath: string;
};

export type LaunchOptions = {
	/** Extra node flags for agentmux (e.g. --cpu-prof). */
	nodeArgs?: string[];
};

/** A multiplexer started inside an outer terminal. */
export type Launched = {
	readonly kind: MultiplexerKind;
	readonly outer: OuterTerminal;
	/** The processes that are the multiplexer itself (not its panes): for CPU accounting. */
	ownPids(): Promise<number[]>;
	/** The process that holds the panes' screens (agentmux itself, the tmux server): for memory. */
	screensPid(): Promise<number | undefined>;
	/** Ends the multiplexer and everything it started, politely first. */
	stop(): Promise<void>;
	/** Ends everything at once, synchronously: for error paths and exit handlers. */
	killNow(): void;
	/** agentmux: the session's name and the environment (runtime folder) another client attaches with. */
	attach?: {session: string; env: Record<string, string>};
};

/** Everything launched and not yet stopped: the exit handlers end these. */
export const live = new Set<Launched>();

let sequence = 0;

/** The pid in an agentmux runtime folder's server.pid, when its server runs. */
function agentmuxServerPid(runtime: string): number | undefined {
	try {
		const pid = Number(fs.readFileSync(path.join(runtime, 'agentmux', 'server.pid'), 'utf8').trim());
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

/**
 * agentmux with a workspace of the given panes (the first one has the focus): a client in the
 * outer terminal and its own session server (a runtime folder per launch, as tmux's -L socket).
 */
export function launchAgentmux(context: LaunchContext, panes: PaneCommand[], options: LaunchOptions = {}): Launched {
	const file = path.join(context.root, `workspace-${++sequence}.json`);
	const runtime = path.join(context.root, `run-${sequence}`);
	fs.mkdirSync(runtime, {recursive: true, mode: 0o700});
	fs.writeFileSync(
		file,
		JSON.stringify({
			layout: 'tiled',
			panes: panes.map(pane => ({name: pane.name, command: pane.command, args: pane.args, onExit: 'close', ...(pane.sandbox === undefined ? {} : {sandbox: pane.sandbox})})),
		}),
	);
	const env: Record<string, string> = {...context.env, XDG_RUNTIME_DIR: runtime};
	if (options.nodeArgs && options.nodeArgs.length > 0) {
		// The server is where the work happens: profile it too.
		env['NODE_OPTIONS'] = options.nodeArgs.join(' ');
	}

	const outer = new OuterTerminal(context.nodePath, [...(options.nodeArgs ?? []), context.cliPath, '--workspace', file], {
		cwd: context.root,
		env,
	});
	const known = new Set<number>();
	let serverPid: number | undefined;
	const remember = () => {
		serverPid ??= agentmuxServerPid(runtime);
		for (const root of [outer.pid, ...(serverPid === undefined ? [] : [serverPid])]) {
			for (const pid of descendants(root)) {
				known.add(pid);
			}
		}
	};

	const findServer = async (): Promise<number | undefined> => {
		for (let attempt = 0; attempt < 500 && serverPid === undefined && !outer.exit; attempt++) {
			serverPid = agentmuxServerPid(runtime);
			if (serverPid === undefined) {
				// eslint-disable-next-line no-await-in-loop
				await sleep(20);
			}
		}

		return serverPid;
	};

	const stopServer = () => {
		if (serverPid !== undefined) {
			try {
				process.kill(serverPid, 'SIGTERM');
			} catch {
				// Already gone: it ends with its last session.
			}
		}
	};

	const launched: Launched = {
		kind: 'agentmux',
		outer,
		attach: {session: `workspace-${sequence}`, env},
		async ownPids() {
			const server = await findServer();
			return server === undefined ? [outer.pid] : [outer.pid, server];
		},
		async screensPid() {
			// The server holds the panes' screens; the client only relays.
			return findServer();
		},
		async stop() {
			remember();
			// SIGTERM to the client only detaches; the server ends the panes.
			outer.signal('SIGTERM');
			stopServer();
			if (!(await outer.waitForExit(3000))) {
				outer.signal('SIGKILL');
				await outer.waitForExit(1000);
			}

			await sleep(200);
			killAll([...known, ...(serverPid === undefined ? [] : [serverPid])]);
			live.delete(launched);
		},
		killNow() {
			remember();
			outer.signal('SIGKILL');
			killAll([...known, ...(serverPid === undefined ? [] : [serverPid])]);
			live.delete(launched);
		},
	};
	void findServer();
	live.add(launched);
	return launched;
}

/**
 * tmux on its own server socket, with the panes made in one invocation:
 * new-session ; split-window ... ; select-layout tiled ; select-pane (the first
 * pane, as in agentmux). With remain-on-exit off the session ends with its last pane,
 * and so does the client.
 */
export function launchTmux(context: LaunchContext, panes: PaneCommand[]): Launched {
	const socket = `bench-${process.pid}-${++sequence}`;
	const argv = ['-u', '-L', socket, '-f', '/dev/null', 'set-option', '-g', 'remain-on-exit', 'off', ';'];
	for (const [index, pane] of panes.entries()) {
		// tmux runs a lone argument through sh -c; two or more are exec'd as an argv.
		if (pane.args.length === 0) {
			throw new Error(`tmux pane ${pane.name}: give at least one argument so that tmux execs it without a shell`);
		}

		argv.push(...(index === 0 ? ['new-session', '-s', 'bench', '-n', 'bench'] : ['split-window']), '--', pane.command, ...pane.args, ';');
	}

	argv.push('select-layout', 'tiled', ';', 'select-pane', '-t', 'bench:0.0');
	const outer = new OuterTerminal(context.tmuxPath, argv, {cwd: context.root, env: context.env});
	const tmux = (...args: string[]) =>
		execFileSync(context.tmuxPath, ['-L', socket, ...args], {
			env: context.env,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
			timeout: 5000,
		});
	let serverPid: number | undefined;
	const known = new Set<number>();
	const remember = () => {
		for (const pid of [outer.pid, ...(serverPid === undefined ? [] : [serverPid])]) {
			for (const child of descendants(pid)) {
				known.add(child);
			}
		}
	};

	const findServer = async (): Promise<number | undefined> => {
		for (let attempt = 0; attempt < 250 && serverPid === undefined && !outer.exit; attempt++) {
			try {
				const pid = Number(tmux('display-message', '-p', '#{pid}').trim());
				if (pid > 0) {
					serverPid = pid;
				}
			} catch {
				// eslint-disable-next-line no-await-in-loop
				await sleep(20);
			}
		}

		return serverPid;
	};

	let serverFound: Promise<number | undefined> | undefined;
	const killServer = () => {
		try {
			tmux('kill-server');
		} catch {
			// No server left: fine.
		}
	};

	const launched: Launched = {
		kind: 'tmux',
		outer,
		async ownPids() {
			const server = await findServer();
			return server === undefined ? [outer.pid] : [outer.pid, server];
		},
		async screensPid() {
			serverFound ??= findServer();
			return serverFound;
		},
		async stop() {
			remember();
			killServer();
			if (!(await outer.waitForExit(3000))) {
				outer.signal('SIGKILL');
				await outer.waitForExit(1000);
			}

			killAll([...known, ...(serverPid === undefined ? [] : [serverPid])]);
			live.delete(launched);
		},
		killNow() {
			remember();
			killServer();
			outer.signal('SIGKILL');
			killAll([...known, ...(serverPid === undefined ? [] : [serverPid])]);
			live.delete(launched);
		},
	};
	// Learn the server's pid early, so that cleanup can reach it even if the client dies first.
	serverFound = findServer();
	live.add(launched);
	return launched;
}

/** The launcher for a kind. */
export function launch(kind: MultiplexerKind, context: LaunchContext, panes: PaneCommand[], options: LaunchOptions = {}): Launched {
	return kind === 'agentmux' ? launchAgentmux(context, panes, options) : launchTmux(context, panes);
}
