import path from 'node:path';
import {z} from 'zod';
import {readConfig} from './config-file.js';
import type {McpReadResult} from './mcp-server.js';
import {projectFolders} from './project-folders.js';
import type {ReadContext} from './read-context.js';
import {collectServers, type EntryReading, entriesSchema, envSchema, stringEnv} from './server-entries.js';

/*
 * Claude Code's servers: `--mcp-config` (files or inline JSON; with --strict-mcp-config nothing
 * else), `~/.claude.json` (`mcpServers` of the user scope, and `projects[<folder>].mcpServers` of
 * the local scope) and `.mcp.json` in the project (the project scope). Every one of them is read,
 * whichever wins a name clash in Claude itself: each could be the one that runs.
 */

const serverSchema = z.looseObject({
	type: z.string().optional(),
	command: z.string().optional(),
	args: z.array(z.string()).optional(),
	env: envSchema,
	url: z.string().optional(),
});

const fileSchema = z.looseObject({mcpServers: entriesSchema.optional()});
const userFileSchema = z.looseObject({mcpServers: entriesSchema.optional(), projects: z.record(z.string(), z.unknown()).optional()});

function readEntry(entry: z.infer<typeof serverSchema>): EntryReading {
	if (entry.command) return {transport: {kind: 'stdio', command: entry.command, args: entry.args ?? [], env: stringEnv(entry.env)}};
	if (entry.url) return {transport: {kind: 'remote', url: entry.url, type: entry.type ?? 'http'}};
	return 'neither a command nor a url';
}

/** The values given to --mcp-config (it takes every argument up to the next option) and whether --strict-mcp-config is on. */
export function mcpConfigArguments(args: string[]): {values: string[]; strict: boolean} {
	const values: string[] = [];
	let strict = false;
	for (let index = 0; index < args.length; index++) {
		const argument = args[index]!;
		if (argument === '--') break;
		if (argument === '--strict-mcp-config') strict = true;
		else if (argument.startsWith('--mcp-config=')) values.push(argument.slice('--mcp-config='.length));
		else if (argument === '--mcp-config') {
			while (index + 1 < args.length && !args[index + 1]!.startsWith('-')) values.push(args[++index]!);
		}
	}

	return {values, strict};
}

/** Every server Claude Code would load in this pane. */
export function readClaudeServers(context: ReadContext): McpReadResult {
	const result: McpReadResult = {servers: [], errors: []};
	const {values, strict} = mcpConfigArguments(context.args);
	for (const value of values) {
		const inline = value.trim().startsWith('{');
		const source = inline ? '--mcp-config (inline JSON)' : path.resolve(context.cwd, value);
		const file = inline ? parseInline(value, source, result.errors) : readConfig(source, text => JSON.parse(text) as unknown, fileSchema, result.errors);
		if (file?.mcpServers) collectServers(file.mcpServers, serverSchema, readEntry, {agent: 'claude', source, scope: 'args', key: 'mcpServers'}, result);
	}

	if (strict) return result;
	const configDirectory = context.env['CLAUDE_CONFIG_DIR'];
	const userFile = path.join(configDirectory || context.home, '.claude.json');
	const user = readConfig(userFile, text => JSON.parse(text) as unknown, userFileSchema, result.errors);
	const folders = projectFolders(context.cwd);
	if (user?.mcpServers) collectServers(user.mcpServers, serverSchema, readEntry, {agent: 'claude', source: userFile, scope: 'user', key: 'mcpServers'}, result);
	for (const folder of folders) {
		const project = user?.projects?.[folder];
		if (project === undefined) continue;
		const parsed = fileSchema.safeParse(project);
		const key = `projects.${folder}.mcpServers`;
		if (!parsed.success) result.errors.push(`${userFile}: projects.${folder}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
		else if (parsed.data.mcpServers) collectServers(parsed.data.mcpServers, serverSchema, readEntry, {agent: 'claude', source: userFile, scope: 'user', key}, result);
	}

	for (const folder of folders) {
		const file = path.join(folder, '.mcp.json');
		const project = readConfig(file, text => JSON.parse(text) as unknown, fileSchema, result.errors);
		if (project?.mcpServers) collectServers(project.mcpServers, serverSchema, readEntry, {agent: 'claude', source: file, scope: 'project', key: 'mcpServers'}, result);
	}

	return result;
}

function parseInline(value: string, source: string, errors: string[]): z.infer<typeof fileSchema> | undefined {
	let raw: unknown;
	try {
		raw = JSON.parse(value);
	} catch (error) {
		errors.push(`${source}: ${(error as Error).message}`);
		return undefined;
	}

	const parsed = fileSchema.safeParse(raw);
	if (!parsed.success) {
		errors.push(`${source}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
		return undefined;
	}

	return parsed.data;
}
