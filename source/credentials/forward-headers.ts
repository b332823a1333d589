import {credentialHeaders} from './providers.js';

// Hop-by-hop headers (RFC 9110 7.6.1) belong to one connection and are never forwarded.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function connectionTokens(raw: string[]): Set<string> {
	const named = new Set<string>();
	for (let index = 0; index < raw.length; index += 2) {
		if (raw[index]!.toLowerCase() === 'connection') {
			for (const token of raw[index + 1]!.split(',')) named.add(token.trim().toLowerCase());
		}
	}

	return named;
}

/**
 * The request headers to send upstream: the agent's own, less hop-by-hop ones, the Host (the
 * upstream's is set by the request), anything that could carry a credential (the real key is put
 * in its slot afterwards), and forwarding headers that would tell the provider about this machine.
 */
export function upstreamRequestHeaders(raw: string[]): Record<string, string | string[]> {
	const named = connectionTokens(raw);
	const headers: Record<string, string | string[]> = {};
	for (let index = 0; index < raw.length; index += 2) {
		const name = raw[index]!.toLowerCase();
		const value = raw[index + 1]!;
		if (hopByHop.has(name) || named.has(name) || name === 'host' || credentialHeaders.includes(name) || name.startsWith('x-forwarded-') || name === 'forwarded') continue;
		const previous = headers[name];
		headers[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
	}

	return headers;
}

/** The response headers to send back to the agent, as a flat raw list: the provider's, less hop-by-hop ones. */
export function downstreamResponseHeaders(raw: string[]): string[] {
	const named = connectionTokens(raw);
	const kept: string[] = [];
	for (let index = 0; index < raw.length; index += 2) {
		const name = raw[index]!.toLowerCase();
		if (hopByHop.has(name) || named.has(name)) continue;
		kept.push(raw[index]!, raw[index + 1]!);
	}

	return kept;
}
