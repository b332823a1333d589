import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import {stateDirectory} from '../diagnostics/diagnostic-log.js';
import type {McpServer} from './mcp-server.js';

/*
 * The definitions the user let an agent load, as hashes, so that a project file that adds a server
 * or changes one since the last launch is asked about again even where the registry trusts its
 * command. Kept in the state folder, 0600: it says which projects the user works in.
 */

const fileSchema = z.strictObject({version: z.literal(1), servers: z.record(z.string(), z.string())});

/** Where the hashes live: `<state folder>/mcp-approved.json`. */
export function approvedHashesPath(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateDirectory(env), 'mcp-approved.json');
}

/** JSON with object keys sorted at every level, so equal definitions hash alike. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(item => canonical(item)).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
	}

	return JSON.stringify(value) ?? 'null';
}

/** Which definition this is: agent, file, place in the file and name. */
export function serverKey(server: McpServer): string {
	return `${server.agent} ${server.source} ${server.key}.${server.name}`;
}

/** The hash of everything in the definition, the fields agentmux does not know included (env values, headers, cwd...). */
export function definitionHash(server: McpServer): string {
	return createHash('sha256').update(canonical(server.definition)).digest('hex');
}

export class ApprovedHashes {
	private servers: Record<string, string> = {};

	/** Reads the file; a missing or broken one is empty (so everything in a project is asked again), with the reason in `problem`. */
	constructor(readonly file = approvedHashesPath()) {
		this.servers = this.load();
	}

	problem: string | undefined;

	private load(): Record<string, string> {
		try {
			const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
			if (parsed.success) return parsed.data.servers;
			this.problem = `${this.file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.problem = `${this.file}: ${(error as Error).message}`;
		}

		return {};
	}

	/** undefined when this exact definition was approved before; else whether the server is new or changed. */
	change(server: McpServer): 'new' | 'changed' | undefined {
		const stored = this.servers[serverKey(server)];
		if (stored === undefined) return 'new';
		return stored === definitionHash(server) ? undefined : 'changed';
	}

	/** Records these definitions as approved and writes the file (0600, atomically). */
	record(servers: McpServer[]): void {
		if (servers.length === 0) return;
		// Another pane may have recorded its servers since this one read the file: keep theirs.
		this.servers = this.load();
		for (const server of servers) this.servers[serverKey(server)] = definitionHash(server);
		fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700});
		const temporary = `${this.file}.${process.pid}.tmp`;
		fs.writeFileSync(temporary, `${JSON.stringify({version: 1, servers: this.servers}, null, 2)}\n`, {mode: 0o600});
		fs.chmodSync(temporary, 0o600);
		fs.renameSync(temporary, this.file);
	}
}
