import process from 'node:process';
import type {ServerMessage} from '../ipc/server-messages.js';
import {serverSocketPath} from '../ipc/socket-location.js';
import {noColorRequested} from '../terminal/no-color.js';
import {terminalIdentity} from '../terminal/terminal-identity.js';
import {nestingProblem} from './nesting.js';
import {type AttachRequest, runClient} from './run-client.js';
import {connectOrStartServer, connectToServer, type ServerConnection} from './server-connection.js';

type Io = {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream};

/** Runs `work`, printing a connection failure's reason (a refused folder, another version) with exit 1. */
async function withReason(io: Io, work: () => Promise<number>): Promise<number> {
	try {
		return await work();
	} catch (error) {
		io.stderr.write(`${(error as Error).message.replace(/^(?!agentmux)/, 'agentmux: ')}\n`);
		return 1;
	}
}

/** `agentmux [-s NAME]` and `agentmux attach NAME`: attach, creating the session (and the server) when asked to. */
export async function runAttachCommand(request: AttachRequest, io: Io): Promise<number> {
	const nested = nestingProblem(process.env);
	if (nested) {
		io.stderr.write(`${nested}\n`);
		return 1;
	}

	// The clipboard (OSC 52) reaches a terminal around tmux only through tmux's passthrough.
	if (process.env['TMUX']) {
		request = {...request, tmux: true};
	}

	if (noColorRequested(process.env)) {
		// The server draws for every client: this one's chrome comes without colour.
		request = {...request, noColor: true};
	}

	// The server draws on this terminal itself when it can open it (this user's, the same device).
	const terminal = io.stdout.isTTY ? terminalIdentity((io.stdout as unknown as {fd?: number}).fd ?? 1) : undefined;
	if (terminal) {
		request = {...request, terminal};
	}

	return withReason(io, async () => {
		// The attach goes out with the hello: the first frame is one round trip away, not two.
		let connection: ServerConnection | undefined;
		if (request.create) {
			connection = await connectOrStartServer(request);
		} else {
			connection = await connectToServer(request);
			if (!connection) {
				io.stderr.write(`no session ${request.session ?? 'to attach to'} (no server is running; see agentmux ls)\n`);
				return 1;
			}
		}

		return runClient(connection, request, io);
	});
}

/** Sends one request and waits for the server's one answer. */
async function ask(connection: ServerConnection, message: Parameters<ServerConnection['send']>[0]): Promise<ServerMessage> {
	const reply = connection.next();
	connection.send(message);
	return reply;
}

/** `agentmux ls [--json]`. */
export async function runListCommand(options: {json: boolean}, io: Io): Promise<number> {
	return withReason(io, async () => {
		const connection = await connectToServer();
		let sessions: Extract<ServerMessage, {type: 'sessions'}>['sessions'] = [];
		// Without a server, what a restore would bring back is still worth listing.
		// (The store's schemas load only here: attaching does not wait for them.)
		let saved: string[] = connection ? [] : new (await import('../server/session-store.js')).SessionStore().names();
		if (connection) {
			const reply = await ask(connection, {type: 'list'});
			connection.socket.end();
			if (reply.type === 'error') {
				io.stderr.write(`${reply.message}\n`);
				return reply.exitCode;
			}

			if (reply.type === 'sessions') {
				({sessions, saved} = reply);
			}
		}

		if (options.json) {
			io.stdout.write(`${JSON.stringify(sessions)}\n`);
			return 0;
		}

		if (sessions.length === 0 && saved.length === 0) {
			io.stdout.write(`no sessions (server socket: ${serverSocketPath()})\n`);
			return 0;
		}

		for (const session of sessions) {
			const agents = session.agents.map(agent => `${agent.pane} ${agent.state}`).join(', ');
			io.stdout.write(
				`${session.name}: ${session.panes} pane${session.panes === 1 ? '' : 's'}, ${session.clients} client${session.clients === 1 ? '' : 's'}, since ${session.created}${agents ? ` (${agents})` : ''}\n`,
			);
		}

		for (const name of saved) {
			io.stdout.write(`${name}: saved, not running (agentmux -s ${name} restores it)\n`);
		}

		return 0;
	});
}

/**
 * Sends a request about session NAME and returns the server's answer; an exit code, with the reason
 * printed, when no server runs or the server refuses.
 */
async function askAboutSession(name: string, message: Parameters<ServerConnection['send']>[0], io: Io): Promise<ServerMessage | number> {
	const connection = await connectToServer();
	if (!connection) {
		io.stderr.write(`no session ${name} (no server is running; see agentmux ls)\n`);
		return 1;
	}

	const reply = await ask(connection, message);
	connection.socket.end();
	if (reply.type === 'error') {
		io.stderr.write(`${reply.message}\n`);
		return reply.exitCode;
	}

	return reply;
}

/**
 * 0 when session NAME runs (any session, without a name); else 1, with the reason. `agentmux
 * attach [NAME]` asks this first when it has no terminal, so that a script learns that the session
 * is missing, as from tmux, and not only that a terminal is.
 */
export async function runSessionCheck(name: string | undefined, io: Io): Promise<number> {
	const label = name ?? 'to attach to';
	return withReason(io, async () => {
		const reply = await askAboutSession(label, {type: 'list'}, io);
		if (typeof reply === 'number') return reply;
		if (reply.type === 'sessions' && reply.sessions.some(session => name === undefined || session.name === name)) return 0;
		io.stderr.write(`no session ${label} (see agentmux ls)\n`);
		return 1;
	});
}

/** `agentmux kill NAME`. */
export async function runKillCommand(name: string, io: Io): Promise<number> {
	return withReason(io, async () => {
		const reply = await askAboutSession(name, {type: 'kill', session: name}, io);
		return typeof reply === 'number' ? reply : 0;
	});
}

/** `agentmux kill-server`. */
export async function runKillServerCommand(io: Io): Promise<number> {
	return withReason(io, async () => {
		const connection = await connectToServer();
		if (!connection) {
			io.stderr.write(`no server running on ${serverSocketPath()}\n`);
			return 1;
		}

		await ask(connection, {type: 'kill-server'});
		// The server answers first, then ends its sessions: wait until it has closed the connection.
		await new Promise<void>(resolve => {
			if (connection.socket.destroyed) {
				resolve();
				return;
			}

			connection.socket.once('close', () => {
				resolve();
			});
			connection.socket.resume();
		});
		return 0;
	});
}
