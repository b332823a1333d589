import type {IncomingHttpHeaders, IncomingMessage, Server, ServerResponse} from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import {http} from '../startup/node-http.js';
import type {CredentialAudit, CredentialRecord} from './credential-audit.js';
import type {CredentialProxySettings} from './credential-settings.js';
import {downstreamResponseHeaders, upstreamRequestHeaders} from './forward-headers.js';
import type {KeySource} from './key-source.js';
import {type KeySlot, type ProviderId, providerIds, providers} from './providers.js';
import {newToken, standInKey, tokenOf} from './stand-in.js';

/** The proxy listens here and nowhere else. */
export const proxyHost = '127.0.0.1';
/** Refused requests recorded per window; past that they are counted, and the count is recorded with the next one. */
const refusalsPerWindow = 30;
const refusalWindowMs = 10_000;

/** What a pane's token lets it do, and what it has done. */
export type Grant = {session: string; pane: string; cwd: string; providers: Set<ProviderId>; requests: number; errors: number};

/** Per-pane use, for `agentmux ls --json`. */
export type GrantCounts = {pane: string; providers: ProviderId[]; requests: number; errors: number};

export type CredentialProxyOptions = {
	settings: CredentialProxySettings;
	keys: KeySource;
	audit: CredentialAudit;
};

/**
 * The credential proxy: HTTP on 127.0.0.1 (random port). A request names its provider in the first
 * path segment (/anthropic, /openai, /gemini) and carries a pane's stand-in key where that
 * provider's clients put a key; the proxy swaps in the real key, forwards the request over HTTPS
 * to the provider and streams the answer back as it comes, byte for byte.
 *
 * Not a Unix socket: none of Claude Code, Codex CLI or Gemini CLI takes a socket path as its base
 * URL, so the per-pane token in the stand-in key is what keeps other local programs out.
 */
export class CredentialProxy {
	private readonly grants = new Map<string, Grant>();
	private readonly server: Server;
	private readonly agents = {
		'https:': new https.Agent({keepAlive: true}),
		'http:': new http.Agent({keepAlive: true}),
	};

	private refusedInWindow = 0;
	private refusalWindowStart = 0;
	private unrecordedRefusals = 0;

	private constructor(private readonly options: CredentialProxyOptions) {
		this.server = http.createServer({noDelay: true}, (request, response) => {
			this.handle(request, response).catch((error: unknown) => {
				logDiagnostic('credential proxy', error);
				if (!response.headersSent) refuse(response, 500, 'api_error', 'internal error in the proxy');
				else response.destroy();
			});
		});
		this.server.on('clientError', (_error, socket) => {
			socket.destroy();
		});
	}

	/** Starts listening on 127.0.0.1 at a port the system picks. */
	static async start(options: CredentialProxyOptions): Promise<CredentialProxy> {
		const proxy = new CredentialProxy(options);
		await new Promise<void>((resolve, reject) => {
			proxy.server.once('error', reject);
			proxy.server.listen(0, proxyHost, () => {
				proxy.server.off('error', reject);
				resolve();
			});
		});
		return proxy;
	}

	/** Where the proxy listens (for the sandbox, which must let a pane reach this and nothing else). */
	get address(): {host: string; port: number} {
		return {host: proxyHost, port: (this.server.address() as AddressInfo).port};
	}

	/** The base URL a pane's agent is given for a provider. */
	baseUrl(id: ProviderId): string {
		return `http://${proxyHost}:${this.address.port}/${id}${providers[id].basePath}`;
	}

	/** A new token for a pane; returns it with the variables that give the pane its stand-ins. */
	grant(pane: {session: string; pane: string; cwd: string}, ids: ProviderId[]): {token: string; env: Record<string, string>} {
		const token = newToken();
		this.grants.set(token, {...pane, providers: new Set(ids), requests: 0, errors: 0});
		const env: Record<string, string> = {};
		for (const id of ids) {
			env[providers[id].paneKey] = standInKey(token);
			env[providers[id].paneBase] = this.baseUrl(id);
		}

		return {token, env};
	}

	/** The pane is gone: its stand-in is worth nothing from now on. */
	revoke(token: string): void {
		this.grants.delete(token);
	}

	/** Each pane's use in a session. */
	counts(session: string): GrantCounts[] {
		return [...this.grants.values()].filter(grant => grant.session === session).map(grant => ({pane: grant.pane, providers: [...grant.providers], requests: grant.requests, errors: grant.errors}));
	}

	async close(): Promise<void> {
		this.grants.clear();
		this.server.closeAllConnections();
		await new Promise<void>(resolve => {
			this.server.close(() => {
				resolve();
			});
		});
		this.agents['https:'].destroy();
		this.agents['http:'].destroy();
		await this.options.audit.flush();
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const method = request.method ?? 'GET';
		const target = request.url ?? '/';
		const queryAt = target.indexOf('?');
		const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
		const query = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
		const match = /^\/([a-z]+)(\/.*)?$/.exec(pathname);
		const id = providerIds.find(candidate => candidate === match?.[1]);
		const rest = match?.[2] ?? '/';
		const record = (fields: Omit<CredentialRecord, 'method'>) => {
			this.options.audit.record({...fields, method});
		};
		// A refused request's body is read and dropped, so that the connection stays usable.
		response.on('finish', () => {
			if (!request.complete) request.resume();
		});

		// A page in a browser can reach 127.0.0.1 too (DNS rebinding): only our own address is served.
		const host = request.headers.host ?? '';
		if (host !== `${proxyHost}:${this.address.port}` && host !== `localhost:${this.address.port}`) {
			this.refused(record, {pane: '(unknown)', cwd: '', provider: id ?? '(none)', host: '(proxy)', path: pathname, status: 403, reason: `refused: Host header ${JSON.stringify(host.slice(0, 64))}`});
			refuse(response, 403, 'permission_error', 'agentmux credential proxy: wrong Host header');
			return;
		}

		if (!id) {
			this.refused(record, {
				pane: '(unknown)',
				cwd: '',
				provider: '(none)',
				host: '(proxy)',
				path: pathname,
				status: 404,
				reason: 'refused: no such provider (the path starts with /anthropic, /openai or /gemini)',
			});
			refuse(response, 404, 'not_found_error', 'agentmux credential proxy: the path starts with /anthropic, /openai or /gemini');
			return;
		}

		const provider = providers[id];
		const upstream = new URL(this.options.settings[id].upstream ?? provider.upstream);
		const upstreamHost = upstream.host;
		const found = findStandIn(provider.slots, request.headers, query);
		const token = tokenOf(found?.value);
		const grant = token === undefined ? undefined : this.grants.get(token);
		if (found === undefined && method === 'HEAD' && rest === '/') {
			// Claude Code sends a keyless HEAD of its base URL at start to see that it can connect:
			// answered here (the proxy is what it connects to), not forwarded and not audited, as no key is used.
			response.writeHead(200, {'content-length': '0'});
			response.end();
			return;
		}

		if (!grant) {
			const reason = found === undefined ? 'refused: no key' : token === undefined ? 'refused: not an agentmux stand-in key' : 'refused: unknown or revoked stand-in key';
			this.refused(record, {pane: '(unknown)', cwd: '', provider: id, host: upstreamHost, path: rest, status: 401, reason});
			refuse(response, 401, 'authentication_error', `agentmux credential proxy: ${reason.slice('refused: '.length)}`);
			return;
		}

		if (!grant.providers.has(id)) {
			grant.errors++;
			this.refused(record, {pane: grant.pane, cwd: grant.cwd, provider: id, host: upstreamHost, path: rest, status: 403, reason: `refused: this pane has no ${provider.label} stand-in`});
			refuse(response, 403, 'permission_error', `agentmux credential proxy: this pane may not use ${provider.label}`);
			return;
		}

		let key: string;
		try {
			key = await this.options.keys.key(id);
		} catch (error) {
			grant.errors++;
			record({pane: grant.pane, cwd: grant.cwd, provider: id, host: upstreamHost, path: rest, status: 502, decision: 'deny', reason: `no key: ${(error as Error).message}`});
			refuse(response, 502, 'api_error', `agentmux credential proxy: ${(error as Error).message}`);
			return;
		}

		grant.requests++;
		const headers = upstreamRequestHeaders(request.rawHeaders);
		// No stand-in travels on: every place a key could be is emptied before the real one goes in its slot.
		for (const slot of provider.slots) if (slot.kind === 'query') query.delete(slot.name);
		if (found!.slot.kind === 'header') {
			headers[found!.slot.name] = found!.slot.bearer ? `Bearer ${key}` : key;
		} else {
			query.set(found!.slot.name, key);
		}

		const search = query.toString();
		const basePath = upstream.pathname.replace(/\/$/, '');
		const protocol = upstream.protocol as 'https:' | 'http:';
		const outgoing = (protocol === 'https:' ? https : http).request({
			protocol,
			hostname: upstream.hostname.replace(/^\[|\]$/g, ''),
			port: upstream.port === '' ? undefined : Number(upstream.port),
			method,
			path: `${basePath}${rest}${search === '' ? '' : `?${search}`}`,
			headers,
			agent: this.agents[protocol],
		});
		const done = (status: number, reason: string) => {
			if (status >= 400) grant.errors++;
			record({pane: grant.pane, cwd: grant.cwd, provider: id, host: upstreamHost, path: rest, status, decision: 'allow', reason});
		};

		outgoing.on('response', incoming => {
			const status = incoming.statusCode ?? 502;
			response.writeHead(status, incoming.statusMessage, downstreamResponseHeaders(incoming.rawHeaders));
			// Headers now, not with the first chunk: a streamed answer shows the agent it has begun.
			response.flushHeaders();
			incoming.pipe(response);
			incoming.on('error', () => {
				response.destroy();
			});
			done(status, 'forwarded');
		});
		outgoing.on('error', error => {
			logDiagnostic('credential proxy', `${id} upstream ${upstreamHost}: ${error.message}`);
			if (!response.headersSent) {
				done(502, `upstream failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`);
				refuse(response, 502, 'api_error', `agentmux credential proxy: cannot reach ${upstreamHost}`);
			} else {
				response.destroy();
			}
		});
		// The agent gave up (Esc in Claude Code): so does the upstream request.
		response.on('close', () => {
			if (!response.writableFinished) outgoing.destroy();
		});
		// The agent hung up mid-request: the upstream request goes too (no error is left unhandled).
		request.on('error', () => {
			outgoing.destroy();
		});
		request.pipe(outgoing);
	}

	/** Records a refusal, at most `refusalsPerWindow` of them per window, so a flood cannot fill the disk. */
	private refused(record: (fields: Omit<CredentialRecord, 'method'>) => void, fields: Omit<CredentialRecord, 'method' | 'decision'>): void {
		const now = Date.now();
		if (now - this.refusalWindowStart > refusalWindowMs) {
			this.refusalWindowStart = now;
			this.refusedInWindow = 0;
		}

		if (++this.refusedInWindow > refusalsPerWindow) {
			this.unrecordedRefusals++;
			return;
		}

		const more = this.unrecordedRefusals > 0 ? ` (and ${this.unrecordedRefusals} refused requests before it not recorded)` : '';
		this.unrecordedRefusals = 0;
		record({...fields, decision: 'deny', reason: `${fields.reason}${more}`});
	}
}

/** The first slot of the provider's that holds a value. */
function findStandIn(slots: KeySlot[], headers: IncomingHttpHeaders, query: URLSearchParams): {slot: KeySlot; value: string} | undefined {
	for (const slot of slots) {
		if (slot.kind === 'query') {
			const value = query.get(slot.name);
			if (value !== null) return {slot, value};
			continue;
		}

		const raw = headers[slot.name];
		if (typeof raw !== 'string') continue;
		if (!slot.bearer) return {slot, value: raw.trim()};
		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(raw);
		if (bearer) return {slot, value: bearer[1]!};
	}

	return undefined;
}

/** An error answer in the shape the providers' clients read (Anthropic's; OpenAI's and Google's clients read `error.message` from it too). */
function refuse(response: ServerResponse, status: number, type: string, message: string): void {
	const body = JSON.stringify({type: 'error', error: {type, message, code: status}});
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(body)});
	response.end(body);
}
