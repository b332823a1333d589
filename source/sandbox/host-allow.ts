/** A host and port as a proxy request names them; IPv6 addresses keep their brackets. */
export type Target = {host: string; port: number};

/** Parses "host:port" (CONNECT's authority form); undefined when it is not one. */
export function parseAuthority(authority: string): Target | undefined {
	const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]\s/]+):(\d{1,5})$/.exec(authority);
	if (!match) return undefined;
	const port = Number(match[2]);
	if (port < 1 || port > 65_535) return undefined;
	return {host: match[1]!.toLowerCase(), port};
}

/**
 * Whether a pane's network list lets it reach `target`. An entry is a host ("api.example.com", any
 * port), a host and port ("localhost:8080"), or "*.example.com" (its subdomains, not itself).
 * Names are compared as written, case aside: no name stands for an address or the other way round.
 */
export function hostAllowed(target: Target, allowList: readonly string[]): boolean {
	const host = target.host.toLowerCase().replace(/\.$/, '');
	return allowList.some(raw => {
		const entry = raw.toLowerCase();
		const portMatch = /^(.*):(\d{1,5})$/.exec(entry);
		const [pattern, port] = portMatch && !entry.endsWith(']') ? [portMatch[1]!, Number(portMatch[2])] : [entry, undefined];
		if (port !== undefined && port !== target.port) return false;
		if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
		return host === pattern;
	});
}
