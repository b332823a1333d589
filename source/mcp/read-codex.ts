import path from 'node:path';
import {parse as parseToml} from 'smol-toml';
import {z} from 'zod';
import {readConfig} from './config-file.js';
import type {McpReadResult} from './mcp-server.js';
import type {ReadContext} from './read-context.js';
import {collectServers, type EntryReading, entriesSchema, envSchema, stringEnv} from './server-entries.js';

/*
 * Codex CLI's servers: the `[mcp_servers.NAME]` tables of `$CODEX_HOME/config.toml` (default
 * ~/.codex), and `-c mcp_servers.NAME.FIELD=VALUE` overrides in the pane's argv (the value is
 * TOML, or else a plain string, as Codex reads it).
 */

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

/** The `-c key=value` overrides of mcp_servers in an argv, by server name. */
export function codexOverrides(args: string[], errors: string[]): Record<string, Record<string, unknown>> {
	const servers: Record<string, Record<string, unknown>> = {};
	for (let index = 0; index < args.length; index++) {
		const argument = args[index]!;
		let setting: string | undefined;
		if (argument === '-c' || argument === '--config') setting = args[++index];
		else if (argument.startsWith('--config=')) setting = argument.slice('--config='.length);
		else if (argument.startsWith('-c') && argument.length > 2 && !argument.startsWith('--')) setting = argument.slice(2);
		const equals = setting?.indexOf('=') ?? -1;
		if (setting === undefined || equals === -1 || !setting.slice(0, equals).trim().startsWith('mcp_servers')) continue;
		const key = setting.slice(0, equals).trim();
		const value = setting.slice(equals + 1);
		let parsed: unknown;
		for (const text of [`${key} = ${value}`, `${key} = ${JSON.stringify(value)}`]) {
			try {
				parsed = parseToml(text);
				break;
			} catch {
				// Not TOML: Codex takes the value as a string.
			}
		}

		const tables = (parsed as {mcp_servers?: unknown} | undefined)?.mcp_servers;
		if (tables === null || typeof tables !== 'object') {
			errors.push(`-c ${key}: not a setting of a server (mcp_servers.NAME.FIELD=VALUE)`);
			continue;
		}

		for (const [name, fields] of Object.entries(tables)) {
			if (fields !== null && typeof fields === 'object') servers[name] = {...servers[name], ...(fields as Record<string, unknown>)};
			else errors.push(`-c ${key}: not a setting of a server (mcp_servers.NAME.FIELD=VALUE)`);
		}
	}

	return servers;
}

/** Every server Codex CLI would load. */
export function readCodexServers(context: ReadContext): McpReadResult {
	const result: McpReadResult = {servers: [], errors: []};
	const file = path.join(context.env['CODEX_HOME'] || path.join(context.home, '.codex'), 'config.toml');
	const config = readConfig(file, text => parseToml(text) as unknown, fileSchema, result.errors);
	const overrides = codexOverrides(context.args, result.errors);
	const fromFile = Object.fromEntries(Object.entries(config?.mcp_servers ?? {}).filter(([name]) => !(name in overrides)));
	collectServers(fromFile, serverSchema, readEntry, {agent: 'codex', source: file, scope: 'user', key: 'mcp_servers'}, result);
	// A server the argv defines or changes is the argv's: merged over the file's definition.
	const changed = Object.fromEntries(Object.entries(overrides).map(([name, fields]) => [name, {...(config?.mcp_servers?.[name] as object | undefined), ...fields}]));
	collectServers(changed, serverSchema, readEntry, {agent: 'codex', source: `-c mcp_servers (over ${file})`, scope: 'args', key: 'mcp_servers'}, result);
	return result;
}
