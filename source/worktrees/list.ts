import type {WorktreeRecord, WorktreeRegistry} from './registry.js';
import {type WorktreeStatus, worktreeStatus} from './status.js';

export type ListedWorktree = WorktreeRecord & {status: WorktreeStatus};

/** Every worktree agentmux made, with its state now. */
export async function listAgentmuxWorktrees(registry: WorktreeRegistry): Promise<ListedWorktree[]> {
	return Promise.all(registry.list().map(async record => ({...record, status: await worktreeStatus(record)})));
}
