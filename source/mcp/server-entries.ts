import {z} from 'zod';
import {issueText} from './config-file.js';
import type {McpAgent, McpScope, McpServer, McpTransport} from './mcp-server.js';

/** An entry's transport, or a message saying why it has none. */
export type EntryReading = {transport: McpTransport; disabled?: boolean} | string;

/** Environment maps: names with string values; other values are kept out (they cannot reach a program as they are). */
export const envSchema = z.record(z.string(), z.unknown()).optional();

/** The string values of an env map. */
export function stringEnv(env: Record<string, unknown> | undefined): Record<string, string> {
	return Object.fromEntries(Object.entries(env ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * Turns a map of server definitions into servers. Each entry is checked against `schema` (which
 * tolerates fields it does not know); an entry that fails, or has neither a command nor a URL,
 * becomes a `source: key.NAME: message` line instead, and the others are still read.
 */
export function collectServers<T>(
	entries: Record<string, unknown>,
	schema: z.ZodType<T>,
	read: (entry: T) => EntryReading,
	where: {agent: McpAgent; source: string; scope: McpScope; key: string},
	result: {servers: McpServer[]; errors: string[]},
): void {
	for (const [name, raw] of Object.entries(entries)) {
		const parsed = schema.safeParse(raw);
		const reading = parsed.success ? read(parsed.data) : issueText(parsed.error);
		if (typeof reading === 'string') {
			result.errors.push(`${where.source}: ${where.key}.${name}: ${reading}`);
			continue;
		}

		result.servers.push({agent: where.agent, name, source: where.source, key: where.key, scope: where.scope, transport: reading.transport, disabled: reading.disabled ?? false, definition: raw});
	}
}

/** A map of named entries, each checked later on its own. */
export const entriesSchema = z.record(z.string(), z.unknown());
