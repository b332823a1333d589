import fs from 'node:fs/promises';
import path from 'node:path';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import {type AuditEntry, auditEntrySchema, auditLine} from '../security/audit-log.js';

/** One proxied (or refused) request, as the audit log records it. */
export type CredentialRecord = {
	pane: string;
	cwd: string;
	provider: string;
	host: string;
	method: string;
	/** The path without its query (a query may carry a key). */
	path: string;
	status: number;
	/** Forwarded, or refused by the proxy. */
	decision: 'allow' | 'deny';
	reason: string;
};

/**
 * Appends `credential` records to the audit log without holding up the request: the policy's own
 * records are written synchronously before a key is forwarded, but a proxied request must not wait
 * for a disk, so these are queued and written (and fsynced) in order off the event loop. The
 * lines go through the same redaction as every other audit line.
 */
export class CredentialAudit {
	private queue: string[] = [];
	private writing: Promise<void> | undefined;
	private directoryReady = false;

	constructor(readonly filePath: string) {}

	record(record: CredentialRecord): void {
		const entry: AuditEntry = {
			time: new Date().toISOString(),
			pane: record.pane,
			cwd: record.cwd,
			kind: 'credential',
			decision: record.decision,
			rule: 'credential-proxy',
			reason: record.reason,
			command: `${record.method} ${record.host}${record.path} -> ${record.status}`,
			provider: record.provider,
			host: record.host,
			method: record.method,
			path: record.path,
			status: record.status,
		};
		const parsed = auditEntrySchema.safeParse(entry);
		if (!parsed.success) {
			logDiagnostic('credential proxy', `audit entry rejected: ${parsed.error.message}`);
			return;
		}

		this.queue.push(auditLine(parsed.data));
		this.writing ??= this.drain();
	}

	/** Resolves once everything recorded so far is on disk. */
	async flush(): Promise<void> {
		while (this.writing) await this.writing;
	}

	private async drain(): Promise<void> {
		try {
			while (this.queue.length > 0) {
				const batch = this.queue.join('');
				this.queue = [];
				await this.write(batch);
			}
		} catch (error) {
			logDiagnostic('credential proxy', `cannot write audit log ${this.filePath}: ${(error as Error).message}`);
		} finally {
			this.writing = undefined;
		}
	}

	private async write(text: string): Promise<void> {
		if (!this.directoryReady) {
			await fs.mkdir(path.dirname(this.filePath), {recursive: true, mode: 0o700});
			this.directoryReady = true;
		}

		const handle = await fs.open(this.filePath, 'a', 0o600);
		try {
			if (((await handle.stat()).mode & 0o077) !== 0) await handle.chmod(0o600);
			await handle.write(text);
			await handle.datasync();
		} finally {
			await handle.close();
		}
	}
}
