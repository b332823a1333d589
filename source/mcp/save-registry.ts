import fs from 'node:fs';
import path from 'node:path';
import {settingsSchema} from '../config/settings-schema.js';
import {matchesTransport} from './classify-server.js';
import type {McpTransport} from './mcp-server.js';
import {type McpEntry, mcpEntrySchema} from './registry-schema.js';

/**
 * Writes one registry entry into the settings file, when the user asked for it in the launch
 * dialog: an entry that already matches this transport is updated, else a new one is added under
 * the server's name (with -2, -3… where that name is taken). Everything else in the file stays
 * as it was; the result is checked against the settings schema before it replaces the file
 * (atomically, keeping its mode). Returns the entry's name; throws with the reason, writing
 * nothing, when the file cannot be read, parsed or written.
 */
export function saveRegistryEntry(configFile: string, name: string, transport: McpTransport, entry: McpEntry): string {
	let text = '{}';
	let mode = 0o600;
	try {
		text = fs.readFileSync(configFile, 'utf8');
		mode = fs.statSync(configFile).mode & 0o777;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}

	const raw: unknown = text.trim() === '' ? {} : JSON.parse(text);
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${configFile}: (root): not an object`);
	const settings = raw as Record<string, unknown>;
	const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
	settings['mcp'] ??= {};
	const mcp = settings['mcp'];
	if (!isObject(mcp)) throw new Error(`${configFile}: mcp: not an object`);
	mcp['servers'] ??= {};
	const servers = mcp['servers'];
	if (!isObject(servers)) throw new Error(`${configFile}: mcp.servers: not an object`);
	let key = Object.keys(servers).find(existing => {
		const parsed = mcpEntrySchema.safeParse(servers[existing]);
		return parsed.success && matchesTransport(parsed.data.match, transport);
	});
	if (key === undefined) {
		key = name;
		for (let count = 2; key in servers; count++) key = `${name}-${count}`;
	}

	servers[key] = entry;
	const checked = settingsSchema.safeParse(settings);
	if (!checked.success) throw new Error(`${configFile}: ${checked.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
	fs.mkdirSync(path.dirname(configFile), {recursive: true, mode: 0o700});
	const temporary = `${configFile}.${process.pid}.tmp`;
	fs.writeFileSync(temporary, `${JSON.stringify(settings, null, '\t')}\n`, {mode});
	fs.renameSync(temporary, configFile);
	return key;
}
