import path from 'node:path';
import {parse as parseToml} from 'smol-toml';
import {z} from 'zod';
import {readConfig} from './config-file.js';
import type {McpReadResult} from './mcp-server.js';
import type {ReadContext} from './read-context.js';
import {collectServers, type EntryReading, entriesSchema, envSchema, stringEnv} from './server-entries.js';

/* Codex CLI's servers: the `[mcp_servers.NAME]` tables of `$CODEX_HOME/config.toml` (default ~/.codex). */

const serverSchema = z.looseObject({
	command: z.string().optional(),
	args: z.array(z.string()).optional(),
	env: envSchema,
	cwd: z.string().optional(),
	url: z.string().optional(),
	enabled: z.boolean().optional(),
});

const fileSchema = z.looseObject({mcp_servers: entriesSchema.optional()});

function readEntry(entry: z.infer<typeof serverSchema>): EntryReading {
	const disabled = entry.enabled === false;
	if (entry.command) return {transport: {kind: 'stdio', command: entry.command, args: entry.args ?? [], env: stringEnv(entry.env), ...(entry.cwd ? {cwd: entry.cwd} : {})}, disabled};
	if (entry.url) return {transport: {kind: 'remote', url: entry.url, type: 'http'}, disabled};
	return 'neither a command nor a url';
}

/** Every server Codex CLI would load. */
export function readCodexServers(context: ReadContext): McpReadResult {
	const result: McpReadResult = {servers: [], errors: []};
	const file = path.join(context.env['CODEX_HOME'] || path.join(context.home, '.codex'), 'config.toml');
	const config = readConfig(file, text => parseToml(text) as unknown, fileSchema, result.errors);
	if (config?.mcp_servers) collectServers(config.mcp_servers, serverSchema, readEntry, {agent: 'codex', source: file, scope: 'user', key: 'mcp_servers'}, result);
	return result;
}
