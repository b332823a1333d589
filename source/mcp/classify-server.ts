import {quoteArgv} from '../security/quote-argv.js';
import type {McpServer, McpTransport} from './mcp-server.js';
import type {McpMatch, McpRegistry, McpRisk} from './registry-schema.js';

/** A server's place in the registry: the strictest entry that matches it, or none. */
export type Classification = {risk: McpRisk | 'unclassified'; entry?: string; reason?: string};

const strictness: Record<McpRisk, number> = {trusted: 0, review: 1, blocked: 2};

/** URLs compare in their normal form (case of the host, default port, a bare trailing slash). */
export function normalizeUrl(url: string): string {
	try {
		return new URL(url.trim()).href;
	} catch {
		return url.trim();
	}
}

/** Whether a registry match names this transport: the same argv word for word, or the same URL. */
export function matchesTransport(match: McpMatch, transport: McpTransport): boolean {
	if (transport.kind === 'remote') return match.url !== undefined && normalizeUrl(match.url) === normalizeUrl(transport.url);
	const argv = [transport.command, ...transport.args];
	return match.command !== undefined && match.command.length === argv.length && match.command.every((word, index) => word === argv[index]);
}

/**
 * Classifies a server by what it runs or where it connects, never by its name: a project that
 * renames a blocked server's definition is still blocked, and a trusted name given another
 * command is unclassified. Where several entries match, the strictest counts.
 */
export function classifyServer(server: McpServer, registry: McpRegistry): Classification {
	let found: Classification = {risk: 'unclassified'};
	for (const [name, entry] of Object.entries(registry)) {
		if (!matchesTransport(entry.match, server.transport)) continue;
		if (found.risk === 'unclassified' || strictness[entry.risk] > strictness[found.risk]) {
			found = {risk: entry.risk, entry: name, ...(entry.reason === undefined ? {} : {reason: entry.reason})};
		}
	}

	return found;
}

/** The registry match for a transport, as it would be saved. */
export function matchFor(transport: McpTransport): McpMatch {
	return transport.kind === 'remote' ? {url: transport.url} : {command: [transport.command, ...transport.args]};
}

/**
 * A stdio server's start as a shell line for the command policy: its environment as assignments
 * (so loaders such as LD_PRELOAD or NODE_OPTIONS are judged) and its argv quoted word for word.
 */
export function policyLine(transport: McpTransport & {kind: 'stdio'}): string {
	const assignments = Object.entries(transport.env)
		.filter(([name]) => /^[A-Za-z_]\w*$/.test(name))
		.map(([name, value]) => `${name}=${quoteArgv([value])}`);
	return [...assignments, quoteArgv([transport.command, ...transport.args])].join(' ');
}
