import type net from 'node:net';
import {PassThrough} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import type tty from 'node:tty';
import {render} from 'ink';
import {ClientView} from '../app/client-view.js';
import {takeFirstRunTip} from '../app/first-run-tip.js';
import type {Settings} from '../config/settings-schema.js';
import {encodeControl} from '../ipc/frames.js';
import type {ServerMessage} from '../ipc/protocol.js';
import {App} from '../panes/app.js';
import {InkOutput} from '../terminal/ink-output.js';
import type {Drawing} from './drawing.js';
import type {ServerSession} from './server-session.js';
import {SocketDrawing} from './socket-drawing.js';
import {TerminalDrawing} from './terminal-drawing.js';

export type ClientLinkOptions = {
	socket: net.Socket;
	/** The client's terminal, opened by the server to draw on directly; without it the client relays the drawing. */
	terminal?: tty.WriteStream;
	session: ServerSession;
	settings: Settings;
	cols: number;
	rows: number;
	/** The client's terminal is inside tmux: clipboard writes go through tmux's passthrough. */
	tmux?: boolean;
	/** The client's user set NO_COLOR: its chrome is drawn without colour. */
	noColor?: boolean;
	/** The client typed: the panes follow its size. */
	onActive(link: ClientLink): void;
	/** The link is over (detach, hangup, session end). */
	onClose(link: ClientLink): void;
};

/**
 * One attached client on the server: its view of the session, drawn by Ink (chrome) and the
 * compositor (pane cells) onto the client's terminal (or into its socket, for the client to
 * write out), and the keys that come back.
 */
export class ClientLink {
	readonly view: ClientView;
	private readonly ink: ReturnType<typeof render>;
	private readonly inkOutput: InkOutput;
	private readonly decoder = new StringDecoder('utf8');
	private readonly drawing: Drawing;
	private closed = false;

	constructor(private readonly options: ClientLinkOptions) {
		const {socket, session, settings} = options;
		const drained = () => {
			this.view.drained();
		};

		this.drawing = options.terminal ? new TerminalDrawing(options.terminal, drained) : new SocketDrawing(socket, drained);
		this.view = new ClientView({
			panes: session.panes,
			settings,
			session: session.name,
			cols: options.cols,
			rows: options.rows,
			attention: settings.attention,
			outerTmux: options.tmux === true,
			noColor: options.noColor === true,
			firstRunTip: takeFirstRunTip,
			launcher: session,
			details: session,
			write: data => {
				this.write(data);
			},
			congested: all => this.drawing.congested(all),
			onDetach: () => {
				this.close({type: 'exit', code: 0, reason: 'detached'});
			},
			onActive: () => {
				options.onActive(this);
			},
		});
		// The client's terminal is fresh (it entered the alternate screen): start from its home.
		this.write('\u001B[0m\u001B[H\u001B[2J\u001B7');
		this.inkOutput = new InkOutput(
			() => this.view.size,
			data => {
				if (!this.closed) {
					this.view.inkWrote(data);
				}
			},
		);
		// Ink reads no keys: the view parses the client's input itself, so Ink gets a stream that never speaks.
		const quietInput = new PassThrough() as unknown as NodeJS.ReadStream;
		this.ink = render(<App multiplexer={this.view} />, {
			stdout: this.inkOutput as unknown as NodeJS.WriteStream,
			stdin: quietInput,
			exitOnCtrlC: false,
			patchConsole: false,
			interactive: true,
			incrementalRendering: true,
			maxFps: 60,
		});
	}

	/** Bytes the client's terminal sent. */
	input(data: Buffer): void {
		if (!this.closed) {
			this.view.input(this.decoder.write(data));
		}
	}

	/** The client has written this many bytes of drawing to its terminal. */
	drawn(bytes: number): void {
		if (!this.closed) {
			this.drawing.drawn(bytes);
		}
	}

	/** The client's terminal is in full screen: drawing may reach it. */
	ready(): void {
		if (!this.closed) {
			this.drawing.ready();
		}
	}

	/** The client's terminal has a new size. */
	resize(cols: number, rows: number): void {
		if (this.closed) {
			return;
		}

		// The terminal may have moved or cut what was on screen, so Ink's line-by-line diff would
		// build on rows that are no longer there: start from a clean screen.
		this.ink.clear();
		this.write('\u001B[0m\u001B[H\u001B[2J\u001B7');
		this.view.resize(cols, rows);
		// Ink lays out again only after the chrome's state has the new size.
		setImmediate(() => {
			if (!this.closed) {
				this.inkOutput.resized();
			}
		});
	}

	/** Ends the link; the client is told why first when `message` is given. */
	close(message?: ServerMessage): void {
		if (this.closed) {
			return;
		}

		this.closed = true;
		const {socket} = this.options;
		// The client restores its terminal when it hears why it was let go: nothing drawn may reach
		// the terminal after that (nothing is, once closed). It hears it first, and exits while the
		// tree is taken down: unmounting takes tens of milliseconds the first time.
		this.drawing.close(() => {
			if (message && !socket.destroyed) {
				socket.end(encodeControl(message));
			} else {
				socket.destroy();
			}
		});
		try {
			this.ink.unmount();
		} catch {
			// A broken tree must not keep the link open.
		}

		this.view.compositor.dispose();
		this.view.dispose();
		this.options.onClose(this);
	}

	private write(data: string): void {
		if (!this.closed) {
			this.drawing.write(data);
		}
	}
}
