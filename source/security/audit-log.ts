import {chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {z} from 'zod';
import {redactText, scanSecretsSync} from './secret-scan.js';
import type {Verdict} from './verdict.js';

/** One audit record; `command` must already be redacted (append redacts again anyway). */
export const auditEntrySchema = z.object({
	time: z.string(),
	pane: z.string(),
	cwd: z.string(),
	kind: z.enum(['launch', 'line', 'paste', 'approval', 'secret', 'credential', 'mcp', 'sandbox', 'worktree']),
	decision: z.enum(['allow', 'confirm', 'deny']),
	rule: z.string(),
	reason: z.string(),
	command: z.string(),
	answer: z.enum(['yes', 'no', 'none', 'auto']).optional(),
	relaxedBuiltin: z.string().optional(),
	/** Credential proxy records (kind `credential`): where a request went and what came back; never the key. */
	provider: z.string().optional(),
	host: z.string().optional(),
	method: z.string().optional(),
	path: z.string().optional(),
	status: z.number().int().optional(),
});

/** A validated audit record. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** `$AGENTMUX_STATE_DIR`, else `$XDG_STATE_HOME/agentmux`, else `~/.local/state/agentmux`; file `audit.jsonl`. */
export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
	const directory = env.AGENTMUX_STATE_DIR ?? path.join(env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'agentmux');
	return path.join(directory, 'audit.jsonl');
}

function redactAll(value: string): string {
	return redactText(value, scanSecretsSync(value));
}

/** One entry as the JSONL line written for it, secrets redacted: the last line of defence, whatever the caller passed. */
export function auditLine(entry: AuditEntry): string {
	const safe: AuditEntry = {...entry, command: redactAll(entry.command), reason: redactAll(entry.reason), ...(entry.path === undefined ? {} : {path: redactAll(entry.path)})};
	return `${JSON.stringify(safe)}\n`;
}

/** The audit entry for a policy verdict, stamped now: what was judged, where, and what the user answered. */
export function verdictEntry(verdict: Verdict, fields: Pick<AuditEntry, 'pane' | 'cwd' | 'kind' | 'command' | 'answer'>): AuditEntry {
	return {
		time: new Date().toISOString(),
		...fields,
		decision: verdict.decision,
		rule: verdict.rule,
		reason: verdict.reason,
		...(verdict.relaxedBuiltin ? {relaxedBuiltin: verdict.relaxedBuiltin} : {}),
	};
}

/** Append-only JSONL audit log, flushed to disk before each append returns. */
export class AuditLog {
	constructor(readonly filePath: string) {}

	/**
	 * Appends one entry synchronously (open, write, fsync, close) so the record
	 * is on disk before the keystroke it judged is forwarded. Throws a
	 * descriptive Error on failure; callers must then not forward.
	 */
	append(entry: AuditEntry): void {
		const parsed = auditEntrySchema.safeParse(entry);
		if (!parsed.success) {
			throw new Error(`audit entry rejected: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
		}

		const line = auditLine(parsed.data);
		let fd: number | undefined;
		try {
			this.prepareDirectory();
			fd = openSync(this.filePath, 'a', 0o600);
			// The file may predate us with a looser mode; the log holds commands.
			if ((statSync(this.filePath).mode & 0o077) !== 0) chmodSync(this.filePath, 0o600);
			writeSync(fd, line);
			fsyncSync(fd);
		} catch (error) {
			throw new Error(`cannot write audit log ${this.filePath}: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			if (fd !== undefined) closeSync(fd);
		}
	}

	private prepareDirectory(): void {
		const directory = path.dirname(this.filePath);
		mkdirSync(directory, {recursive: true, mode: 0o700});
		if ((statSync(directory).mode & 0o077) !== 0) chmodSync(directory, 0o700);
	}
}

/** Entries of an audit log; corrupt lines are skipped and counted. A missing file is empty. */
export function readAuditLog(filePath: string): {entries: AuditEntry[]; corrupt: number} {
	let text: string;
	try {
		text = readFileSync(filePath, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {entries: [], corrupt: 0};
		throw error;
	}

	return parseAuditLines(text);
}

/** Parses JSONL audit text (also used by `audit --follow` for new chunks). */
export function parseAuditLines(text: string): {entries: AuditEntry[]; corrupt: number} {
	const entries: AuditEntry[] = [];
	let corrupt = 0;
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		try {
			const parsed = auditEntrySchema.safeParse(JSON.parse(line));
			if (parsed.success) entries.push(parsed.data);
			else corrupt++;
		} catch {
			corrupt++;
		}
	}

	return {entries, corrupt};
}
