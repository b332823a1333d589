import fs from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import {readConfig} from './config-file.js';
import {parseJsonc} from './jsonc.js';
import type {McpReadResult, McpScope} from './mcp-server.js';
import type {ReadContext} from './read-context.js';
import {collectServers, type EntryReading, entriesSchema, envSchema, stringEnv} from './server-entries.js';

/*
 * Gemini CLI's servers: `mcpServers` in the system defaults and settings, in `<home>/.gemini/settings.json`,
 * in `<project>/.gemini/settings.json` and in every extension's `gemini-extension.json`. <home> is
 * $GEMINI_CLI_HOME, else the home folder. Settings files may hold comments.
 */

const serverSchema = z.looseObject({
	command: z.string().optional(),
	args: z.array(z.string()).optional(),
	env: envSchema,
	cwd: z.string().optional(),
	url: z.string().optional(),
	httpUrl: z.string().optional(),
	type: z.string().optional(),
});

const fileSchema = z.looseObject({mcpServers: entriesSchema.optional()});

/** agentmux's own hooks extension (gemini-home.ts) starts no server. */
const ownExtension = 'agentmux-hooks';

function readEntry(entry: z.infer<typeof serverSchema>): EntryReading {
	if (entry.command) return {transport: {kind: 'stdio', command: entry.command, args: entry.args ?? [], env: stringEnv(entry.env), ...(entry.cwd ? {cwd: entry.cwd} : {})}};
	if (entry.httpUrl) return {transport: {kind: 'remote', url: entry.httpUrl, type: 'http'}};
	if (entry.url) return {transport: {kind: 'remote', url: entry.url, type: entry.type ?? 'sse'}};
	return 'neither a command nor a url';
}

/** Every server Gemini CLI would load in this pane. */
export function readGeminiServers(context: ReadContext): McpReadResult {
	const result: McpReadResult = {servers: [], errors: []};
	const home = context.env['GEMINI_CLI_HOME'] || context.home;
	const read = (file: string, scope: McpScope) => {
		const settings = readConfig(file, parseJsonc, fileSchema, result.errors);
		if (settings?.mcpServers) collectServers(settings.mcpServers, serverSchema, readEntry, {agent: 'gemini', source: file, scope, key: 'mcpServers'}, result);
	};

	const system = context.env['GEMINI_CLI_SYSTEM_SETTINGS_PATH'] || '/etc/gemini-cli/settings.json';
	read(context.env['GEMINI_CLI_SYSTEM_DEFAULTS_PATH'] || path.join(path.dirname(system), 'system-defaults.json'), 'user');
	read(system, 'user');
	const userSettings = path.join(home, '.gemini', 'settings.json');
	read(userSettings, 'user');
	const projectSettings = path.join(path.resolve(context.cwd), '.gemini', 'settings.json');
	if (projectSettings !== userSettings) read(projectSettings, 'project');
	const extensions = path.join(home, '.gemini', 'extensions');
	let names: string[] = [];
	try {
		names = fs.readdirSync(extensions).sort();
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'ENOENT' && code !== 'ENOTDIR') result.errors.push(`${extensions}: ${(error as Error).message}`);
	}

	for (const name of names) {
		if (name !== ownExtension) read(path.join(extensions, name, 'gemini-extension.json'), 'user');
	}

	return result;
}
