import process from 'node:process';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import type {ClientMessage} from '../ipc/protocol.js';
import {drawnAckBytes} from '../ipc/protocol-version.js';
import {UserTerminal} from '../terminal/user-terminal.js';
import type {ServerConnection} from './server-connection.js';

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15};
/** After asking to detach, the client waits at most this long for the server to hear it. */
const detachGraceMs = 300;

export type AttachRequest = Extract<ClientMessage, {type: 'attach'}>;

type Io = {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream};

/**
 * Asks the user a yes/no question on the plain terminal (before full screen); Enter alone says yes.
 * Undefined when the terminal ends first: a closed terminal has not said no.
 */
async function askYes(io: Io, question: string): Promise<boolean | undefined> {
	io.stdout.write(question);
	return new Promise(resolve => {
		const done = (answer: boolean | undefined) => {
			io.stdin.off('data', onData);
			io.stdin.off('end', onEnd);
			io.stdin.pause();
			resolve(answer);
		};

		const onData = (chunk: Buffer | string) => {
			const text = String(chunk).trim().toLowerCase();
			done(text === '' || text === 'y' || text === 'yes');
		};

		const onEnd = () => {
			done(undefined);
		};

		io.stdin.on('data', onData);
		io.stdin.on('end', onEnd);
		io.stdin.resume();
	});
}

/**
 * The thin client: the user's terminal in raw mode and full screen, every byte typed sent to the
 * server, every byte the server draws written out. It ends on detach, when the session ends, and
 * when the terminal goes away (hangup, EIO, EPIPE, SIGHUP, SIGTERM), never leaving a loop behind.
 */
export async function runClient(connection: ServerConnection, request: AttachRequest, io: Io): Promise<number> {
	const {stdin, stdout, stderr} = io;
	const terminal = new UserTerminal({stdin, stdout});
	let finish: (code: number) => void = () => undefined;
	const done = new Promise<number>(resolve => {
		finish = resolve;
	});
	let ended = false;
	let attachedTo: string | undefined;

	/** Ends the client: the terminal back as it was, then a line saying why. */
	const end = (code: number, line?: string, toStderr = false) => {
		if (ended) return;
		ended = true;
		stdin.off('data', onInput);
		terminal.restore();
		if (line !== undefined) {
			try {
				(toStderr ? stderr : stdout).write(`${line}\n`);
			} catch {
				// No terminal to tell.
			}
		}

		finish(code);
	};

	/**
	 * The terminal is gone or we were told to stop: detach, and let the session live on. The
	 * terminal is restored once the server has answered (it may be drawing on it directly, and
	 * stops first), or after detachGraceMs when it does not.
	 */
	let leavingWith: number | undefined;
	const leave = (code: number) => {
		if (ended || leavingWith !== undefined) return;
		leavingWith = code;
		stdin.off('data', onInput);
		if (attachedTo === undefined) {
			// Nothing attached yet (say, at the offer to restore a saved session): nothing to detach.
			connection.socket.end();
		} else {
			connection.send({type: 'detach'});
		}

		setTimeout(() => {
			end(code);
		}, detachGraceMs);
	};

	const onInput = (chunk: string) => {
		if (!connection.sendData(chunk)) {
			// The server holds input (a pane's program is behind): read the terminal again once it takes more.
			stdin.pause();
			connection.socket.once('drain', () => {
				if (!ended) stdin.resume();
			});
		}
	};

	// How much drawing has reached the terminal, and how much of it the server was told of.
	let drawn = 0;
	let acknowledged = 0;
	const onDrawn = (bytes: number) => {
		drawn += bytes;
		if (!ended && drawn - acknowledged >= drawnAckBytes) {
			acknowledged = drawn;
			connection.send({type: 'drawn', bytes: drawn});
		}
	};

	connection.on('data', data => {
		if (ended) return;
		try {
			const flushed = stdout.write(data, () => {
				onDrawn(data.length);
			});
			if (!flushed) {
				// The terminal is slow: stop reading the server until it drains; the server skips frames meanwhile.
				connection.socket.pause();
				stdout.once('drain', () => connection.socket.resume());
			}
		} catch (error) {
			terminalLost(error);
		}
	});
	connection.on('message', message => {
		switch (message.type) {
			case 'attached': {
				attachedTo = message.session;
				// The server may draw on this terminal itself: it waits until full screen is on.
				terminal.enter(() => {
					connection.send({type: 'ready'});
				});
				stdin.on('data', onInput);
				stdout.on('resize', () => {
					connection.send({type: 'resize', cols: stdout.columns || 80, rows: stdout.rows || 24});
				});
				break;
			}

			case 'saved': {
				void askYes(io, `agentmux: session ${message.session} was saved (panes: ${message.panes.join(', ')}). Restore it? [Y/n] `).then(yes => {
					if (ended || leavingWith !== undefined) return;
					// No answer (the terminal closed): the saved session stays as it is, for the next attach.
					if (yes === undefined) {
						terminalLost();
						return;
					}

					connection.send({...request, restore: yes});
				});
				break;
			}

			case 'exit': {
				connection.socket.end();
				if (leavingWith !== undefined) {
					end(leavingWith);
					break;
				}

				const line = message.reason === 'detached' ? `[detached (from session ${attachedTo ?? request.session})]` : undefined;
				end(message.code, line);
				break;
			}

			case 'error': {
				connection.socket.end();
				end(message.exitCode, message.message, true);
				break;
			}

			default: {
				break;
			}
		}
	});
	connection.on('close', error => {
		if (leavingWith === undefined) {
			end(1, `agentmux: lost the server${error ? ` (${error})` : ''}`, true);
		} else {
			end(leavingWith);
		}
	});

	// Losing the terminal only detaches: the session and its agents live on.
	for (const signal of Object.keys(signalNumbers) as NodeJS.Signals[]) {
		process.on(signal, () => {
			leave(128 + signalNumbers[signal]!);
		});
	}

	// Losing the terminal (EIO, EPIPE after a hangup, the end of input) detaches quietly: the
	// session goes on, and nothing is left reading or writing a dead terminal.
	const terminalLost = (error?: unknown) => {
		if (error !== undefined) logDiagnostic('terminal', error);
		leave(128 + signalNumbers.SIGHUP!);
	};

	stdin.on('end', () => {
		terminalLost();
	});
	stdin.on('error', terminalLost);
	stdout.on('error', terminalLost);

	// The request went out with the hello (ServerConnection.open): its answer is waiting.
	connection.start();
	const code = await done;
	// What this client still has to say (a detach) leaves before it does; nothing else keeps it
	// alive. The server's own end of the connection is not waited for: after telling a client to
	// exit, the server may still be ending a session (its panes, its files) for tens of milliseconds.
	await new Promise<void>(resolve => {
		const {socket} = connection;
		if (socket.destroyed || socket.writableFinished) {
			resolve();
			return;
		}

		const timer = setTimeout(resolve, detachGraceMs);
		const flushed = () => {
			clearTimeout(timer);
			resolve();
		};

		socket.once('finish', flushed);
		socket.once('close', flushed);
		socket.end();
	});
	connection.socket.destroy();
	return code;
}
