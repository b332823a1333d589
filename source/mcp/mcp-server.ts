/** The agents whose MCP configuration agentmux reads. */
export const mcpAgents = ['claude', 'gemini', 'codex', 'opencode'] as const;
export type McpAgent = (typeof mcpAgents)[number];

/** How a server is reached: a program started with an argv, or a remote endpoint. */
export type McpTransport = {kind: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string} | {kind: 'remote'; url: string; type: string};

/**
 * Where a definition came from. `user`: the user's own files (home folder, environment); `project`:
 * files in the pane's project, untrusted input; `args`: the pane's argv (--mcp-config).
 */
export type McpScope = 'user' | 'project' | 'args';

/** One MCP server an agent would load. */
export type McpServer = {
	agent: McpAgent;
	name: string;
	/** The file it was read from (or a description such as "--mcp-config (inline JSON)"). */
	source: string;
	/** Where in the source the definition sits (`mcpServers`, `projects./work.mcpServers`, `mcp_servers`). */
	key: string;
	scope: McpScope;
	transport: McpTransport;
	/** The agent skips it (`enabled: false`); listed, not gated. */
	disabled: boolean;
	/** The definition as written, for the hash of what was approved. */
	definition: unknown;
};

/** What the readers found: the servers, and a `path: message` line for each file or entry they could not read. */
export type McpReadResult = {servers: McpServer[]; errors: string[]};

/** The transport as one line: the argv, or the type and URL. Environment values are never shown (they may be keys). */
export function describeTransport(transport: McpTransport): string {
	if (transport.kind === 'remote') return `${transport.type} ${transport.url}`;
	return [transport.command, ...transport.args].map(word => (/^[\w./:=@%+,-]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
}
