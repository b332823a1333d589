import fs from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import {stateDirectory} from '../diagnostics/diagnostic-log.js';

/** One worktree agentmux made: enough to list it, judge what removing it loses, and clean it up. */
// The file is read back into git argv: nothing in it may look like an option, and folders are absolute.
const folder = z.string().refine(value => value.startsWith('/'), 'an absolute path');
const refName = z.string().regex(/^[^-]/, 'not an option');

export const worktreeRecordSchema = z.strictObject({
	path: folder,
	repoRoot: folder,
	branch: refName,
	/** What the branch started from, as the user named it (a branch name, or a commit when HEAD was detached). */
	base: refName,
	/** The commit it started from: ahead/behind and "merged" are measured against `base`, this is the fallback. */
	baseCommit: z.string().regex(/^[0-9a-f]{40,64}$/),
	/** True when agentmux made the branch too (not when it reused one): only then does removing delete it. */
	createdBranch: z.boolean(),
	createdAt: z.string(),
	/** The session and pane it was made for. */
	session: z.string().optional(),
	pane: z.string().optional(),
});
export type WorktreeRecord = z.infer<typeof worktreeRecordSchema>;

const registrySchema = z.strictObject({version: z.literal(1), worktrees: z.array(worktreeRecordSchema)});

/** `<state folder>/worktrees.json`: the worktrees agentmux made, so it can clean up after itself. */
export function worktreeRegistryPath(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateDirectory(env), 'worktrees.json');
}

/**
 * The record of worktrees agentmux made: one 0600 JSON file, rewritten atomically (a crash leaves
 * the old version or the new one). A file that does not parse is left alone and read as empty,
 * and the next write keeps a copy of it beside the new one.
 */
export class WorktreeRegistry {
	constructor(readonly file: string = worktreeRegistryPath()) {}

	/** Every record; a missing file is none. */
	list(): WorktreeRecord[] {
		return this.read().worktrees;
	}

	/** The record of the worktree at `folder` (or of one that holds it), if agentmux made it. */
	find(folder: string): WorktreeRecord | undefined {
		const resolved = path.resolve(folder);
		return this.list().find(record => resolved === record.path || resolved.startsWith(`${record.path}${path.sep}`));
	}

	/** Adds a record, replacing one for the same folder. */
	add(record: WorktreeRecord): void {
		this.update(records => [...records.filter(existing => existing.path !== record.path), worktreeRecordSchema.parse(record)]);
	}

	/** Drops the record for the worktree at `folder`. */
	remove(folder: string): void {
		this.update(records => records.filter(existing => existing.path !== folder));
	}

	private read(): {worktrees: WorktreeRecord[]; corrupt: boolean} {
		let text: string;
		try {
			text = fs.readFileSync(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {worktrees: [], corrupt: false};
			throw error;
		}

		try {
			const parsed = registrySchema.safeParse(JSON.parse(text));
			return parsed.success ? {worktrees: parsed.data.worktrees, corrupt: false} : {worktrees: [], corrupt: true};
		} catch {
			return {worktrees: [], corrupt: true};
		}
	}

	private update(change: (records: WorktreeRecord[]) => WorktreeRecord[]): void {
		const {worktrees, corrupt} = this.read();
		const directory = path.dirname(this.file);
		fs.mkdirSync(directory, {recursive: true, mode: 0o700});
		if (corrupt) {
			// Never lose what the user may want to look at: the unreadable file is kept aside.
			fs.copyFileSync(this.file, `${this.file}.corrupt`);
		}

		const temporary = path.join(directory, `.worktrees.${process.pid}.tmp`);
		fs.writeFileSync(temporary, `${JSON.stringify({version: 1, worktrees: change(worktrees)}, undefined, '\t')}\n`, {mode: 0o600});
		fs.chmodSync(temporary, 0o600);
		fs.renameSync(temporary, this.file);
	}
}
