import type {IncomingMessage, Server, ServerResponse} from 'node:http';
import net from 'node:net';
import {listenPrivate} from '../ipc/private-socket.js';
import {http} from '../startup/node-http.js';
import {hostAllowed, parseAuthority, type Target} from './host-allow.js';

/** A connection the proxy refused: what was asked for, for the audit log. */
export type Denial = {target: Target; method: string};

export type ProxyOptions = {
	socketPath: string;
	allowList: readonly string[];
	onDenied: (denial: Denial) => void;
	onError?: (error: Error) => void;
};

const refusal = (target: Target) => `agentmux sandbox: ${target.host}:${target.port} is not in this pane's network list\n`;

/**
 * The one way out of a sandboxed pane's network namespace: an HTTP proxy (CONNECT for TLS and any
 * TCP, absolute-URI requests for plain HTTP) on a Unix socket in agentmux's private folder, bound
 * into the sandbox and offered there on 127.0.0.1 by socat. Every request is checked against the
 * pane's list, each one on a kept-alive connection too; what is refused is reported.
 */
export class NetworkProxy {
	private readonly server: Server;
	private readonly sockets = new Set<net.Socket>();

	private constructor(private readonly options: ProxyOptions) {
		this.server = http.createServer((request, response) => {
			this.forward(request, response);
		});
		this.server.on('connect', (request: IncomingMessage, socket: net.Socket, head: Buffer) => {
			this.tunnel(request, socket, head);
		});
		this.server.on('connection', socket => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server.on('clientError', (_error, socket) => {
			socket.destroy();
		});
	}

	/** Listens on `socketPath` (0600). */
	static async start(options: ProxyOptions): Promise<NetworkProxy> {
		const proxy = new NetworkProxy(options);
		await listenPrivate(proxy.server, options.socketPath);
		return proxy;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>(resolve => {
			this.server.close(() => {
				resolve();
			});
		});
	}

	private tunnel(request: IncomingMessage, client: net.Socket, head: Buffer): void {
		client.on('error', () => client.destroy());
		const target = parseAuthority(request.url ?? '');
		if (!target) {
			client.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
			return;
		}

		if (!hostAllowed(target, this.options.allowList)) {
			this.options.onDenied({target, method: 'CONNECT'});
			const body = refusal(target);
			client.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
			return;
		}

		const upstream = net.connect({host: unbracket(target.host), port: target.port});
		upstream.on('connect', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', error => {
			if (client.writable && upstream.connecting) client.end(`HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n`);
			else client.destroy();
			this.options.onError?.(error);
		});
		client.on('close', () => upstream.destroy());
	}

	private forward(request: IncomingMessage, response: ServerResponse): void {
		let url: URL;
		try {
			url = new URL(request.url ?? '');
		} catch {
			response.writeHead(400, {'Content-Type': 'text/plain'}).end('agentmux sandbox: the proxy takes absolute http:// URLs\n');
			return;
		}

		if (url.protocol !== 'http:') {
			response.writeHead(400, {'Content-Type': 'text/plain'}).end('agentmux sandbox: only http:// goes through as a plain request; https:// uses CONNECT\n');
			return;
		}

		const target: Target = {host: url.hostname.toLowerCase(), port: Number(url.port || 80)};
		if (!hostAllowed(target, this.options.allowList)) {
			this.options.onDenied({target, method: request.method ?? 'GET'});
			response.writeHead(403, {'Content-Type': 'text/plain', Connection: 'close'}).end(refusal(target));
			return;
		}

		const headers = {...request.headers};
		delete headers['proxy-connection'];
		delete headers['proxy-authorization'];
		const upstream = http.request({host: unbracket(target.host), port: target.port, method: request.method, path: `${url.pathname}${url.search}`, headers}, reply => {
			response.writeHead(reply.statusCode ?? 502, reply.headers);
			reply.pipe(response);
		});
		upstream.on('error', error => {
			if (response.headersSent) response.destroy();
			else response.writeHead(502, {'Content-Type': 'text/plain'}).end(`agentmux sandbox: ${error.message}\n`);
			this.options.onError?.(error);
		});
		request.pipe(upstream);
	}
}

function unbracket(host: string): string {
	return host.startsWith('[') ? host.slice(1, -1) : host;
}
