import path from 'node:path';
import {z} from 'zod';
import {readConfig} from './config-file.js';
import {parseJsonc} from './jsonc.js';
import type {McpReadResult, McpScope} from './mcp-server.js';
import {projectFolders} from './project-folders.js';
import type {ReadContext} from './read-context.js';
import {collectServers, type EntryReading, entriesSchema, envSchema, stringEnv} from './server-entries.js';

/*
 * opencode's servers: `mcp` in the global config (`$XDG_CONFIG_HOME/opencode/`, default
 * ~/.config/opencode: config.json, opencode.json, opencode.jsonc), in $OPENCODE_CONFIG, and in the
 * project's opencode.json / opencode.jsonc from the git root down to the pane's folder, and inline
 * in $OPENCODE_CONFIG_CONTENT. Local
 * servers give their argv as one array; remote ones a URL.
 */

const serverSchema = z.looseObject({
	type: z.string().optional(),
	command: z.union([z.array(z.string()).min(1), z.string().min(1)]).optional(),
	environment: envSchema,
	url: z.string().optional(),
	enabled: z.boolean().optional(),
});

const fileSchema = z.looseObject({mcp: entriesSchema.optional()});

function readEntry(entry: z.infer<typeof serverSchema>): EntryReading {
	const disabled = entry.enabled === false;
	if (entry.command !== undefined && entry.type !== 'remote') {
		const [command, ...args] = typeof entry.command === 'string' ? [entry.command] : entry.command;
		return {transport: {kind: 'stdio', command: command!, args, env: stringEnv(entry.environment)}, disabled};
	}

	if (entry.url) return {transport: {kind: 'remote', url: entry.url, type: 'http'}, disabled};
	return 'neither a command nor a url';
}

function safeJsonc(text: string, source: string, errors: string[]): unknown {
	try {
		return parseJsonc(text);
	} catch (error) {
		errors.push(`${source}: ${(error as Error).message}`);
		return {};
	}
}

/** Every server opencode would load in this pane. */
export function readOpencodeServers(context: ReadContext): McpReadResult {
	const result: McpReadResult = {servers: [], errors: []};
	const read = (file: string, scope: McpScope) => {
		const config = readConfig(file, parseJsonc, fileSchema, result.errors);
		if (config?.mcp) collectServers(config.mcp, serverSchema, readEntry, {agent: 'opencode', source: file, scope, key: 'mcp'}, result);
	};

	const global = path.join(context.env['XDG_CONFIG_HOME'] || path.join(context.home, '.config'), 'opencode');
	for (const name of ['config.json', 'opencode.json', 'opencode.jsonc']) read(path.join(global, name), 'user');
	const custom = context.env['OPENCODE_CONFIG'];
	if (custom) read(path.resolve(context.cwd, custom), 'user');
	const inline = context.env['OPENCODE_CONFIG_CONTENT'];
	if (inline) {
		const source = 'OPENCODE_CONFIG_CONTENT';
		const config = fileSchema.safeParse(safeJsonc(inline, source, result.errors));
		if (config.success && config.data.mcp) collectServers(config.data.mcp, serverSchema, readEntry, {agent: 'opencode', source, scope: 'args', key: 'mcp'}, result);
		else if (!config.success) result.errors.push(`${source}: ${config.error.issues[0]?.message ?? 'invalid'}`);
	}

	for (const folder of projectFolders(context.cwd).reverse()) {
		if (folder === global) continue;
		for (const name of ['opencode.json', 'opencode.jsonc']) read(path.join(folder, name), 'project');
	}

	return result;
}
