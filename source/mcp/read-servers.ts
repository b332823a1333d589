import type {McpAgent, McpReadResult} from './mcp-server.js';
import {readClaudeServers} from './read-claude.js';
import {readCodexServers} from './read-codex.js';
import type {ReadContext} from './read-context.js';
import {readGeminiServers} from './read-gemini.js';
import {readOpencodeServers} from './read-opencode.js';

const readers: Record<McpAgent, (context: ReadContext) => McpReadResult> = {
	claude: readClaudeServers,
	gemini: readGeminiServers,
	codex: readCodexServers,
	opencode: readOpencodeServers,
};

/** Every MCP server `agent` would load in the pane described by `context`. Never throws: unreadable files are `path: message` lines. */
export function readAgentServers(agent: McpAgent, context: ReadContext): McpReadResult {
	try {
		return readers[agent](context);
	} catch (error) {
		return {servers: [], errors: [`${agent}: ${(error as Error).message}`]};
	}
}
