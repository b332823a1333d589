import readline from 'node:readline';
import type {PolicyServices} from '../app/gate-host.js';
import {worktreeGate} from '../app/worktree-approval.js';
import {connectToServer} from '../client/server-connection.js';
import type {SessionSummary} from '../ipc/server-messages.js';
import {type ListedWorktree, listAgentmuxWorktrees} from './list.js';
import type {WorktreeRegistry} from './registry.js';
import {deleteWorktreeBranch, removeWorktree} from './remove.js';

type Io = {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream};

export type WorktreesCommandOptions = {registry: WorktreeRegistry; services: PolicyServices};

const usage = 'usage: agentmux worktrees [--json] | agentmux worktrees prune [--yes]';

/** The panes of running sessions, by the worktree folder they run in. */
async function livePanes(): Promise<Map<string, {session: string; pane: string}>> {
	const result = new Map<string, {session: string; pane: string}>();
	const connection = await connectToServer().catch(() => undefined);
	if (!connection) return result;
	const reply = connection.next();
	connection.send({type: 'list'});
	const message = await reply;
	connection.socket.end();
	if (message.type !== 'sessions') return result;
	for (const session of message.sessions as SessionSummary[]) {
		for (const worktree of session.worktrees ?? []) {
			result.set(worktree.path, {session: session.name, pane: worktree.pane});
		}
	}

	return result;
}

/** One y/N line on the terminal; anything but y (and no terminal at all) is no. */
async function askYesNo(io: Io, question: string): Promise<boolean> {
	if (!io.stdin.isTTY) return false;
	const lines = readline.createInterface({input: io.stdin, output: io.stdout, terminal: false});
	try {
		io.stdout.write(`${question} [y/N] `);
		const answer = await new Promise<string>(resolve => {
			lines.once('line', resolve);
			lines.once('close', () => resolve(''));
		});
		return /^y(es)?$/i.test(answer.trim());
	} finally {
		lines.close();
	}
}

function describe(worktree: ListedWorktree, pane: {session: string; pane: string} | undefined): string {
	const {status} = worktree;
	const state = status.exists
		? `${status.ahead} ahead, ${status.behind} behind ${status.against}, ${status.dirty === 0 ? 'clean' : `${status.dirty} dirty`}${status.unpushed > 0 ? `, ${status.unpushed} unpushed` : ''}${status.merged ? ', merged' : ''}`
		: 'folder gone';
	return `${worktree.branch}  ${worktree.path}  ${pane ? `pane ${pane.pane} (${pane.session})` : 'no pane'}  ${state}`;
}

/** `agentmux worktrees [--json]` and `agentmux worktrees prune [--yes]`. */
export async function runWorktreesCommand(argv: readonly string[], io: Io, options: WorktreesCommandOptions): Promise<number> {
	const prune = argv[0] === 'prune';
	const flags = prune ? argv.slice(1) : argv;
	const known = prune ? ['--yes', '-y'] : ['--json'];
	const unknown = flags.find(flag => !known.includes(flag));
	if (unknown !== undefined) {
		io.stderr.write(`worktrees: unknown argument "${unknown}" (${usage})\n`);
		return 2;
	}

	const [worktrees, panes] = await Promise.all([listAgentmuxWorktrees(options.registry), livePanes()]);
	if (!prune) {
		if (flags.includes('--json')) {
			const rows = worktrees.map(({status, ...record}) => ({
				...record,
				session: panes.get(record.path)?.session ?? null,
				pane: panes.get(record.path)?.pane ?? null,
				exists: status.exists,
				ahead: status.ahead,
				behind: status.behind,
				against: status.against,
				dirty: status.dirty,
				dirtyFiles: status.dirtyFiles,
				unpushed: status.unpushed,
				merged: status.merged,
			}));
			io.stdout.write(`${JSON.stringify(rows)}\n`);
			return 0;
		}

		if (worktrees.length === 0) {
			io.stdout.write('no worktrees made by agentmux\n');
		}

		for (const worktree of worktrees) {
			io.stdout.write(`${describe(worktree, panes.get(worktree.path))}\n`);
		}

		return 0;
	}

	const yes = flags.includes('--yes') || flags.includes('-y');
	// Asked on the terminal; a script says --yes. Without either, a question the policy raises is no.
	const gate = worktreeGate(options.services, {confirm: async (title, detail) => yes || askYesNo(io, `${title}\n${detail}\n`)}, 'worktrees prune');
	let failed = false;
	let pruned = 0;
	for (const worktree of worktrees) {
		const {status, ...record} = worktree;
		const pane = panes.get(record.path);
		if (!status.merged) continue;
		if (pane) {
			io.stdout.write(`kept ${record.path}: pane ${pane.pane} of session ${pane.session} runs in it\n`);
			continue;
		}

		if (status.dirty > 0) {
			io.stdout.write(`kept ${record.path}: ${status.dirty} uncommitted file${status.dirty === 1 ? '' : 's'}\n`);
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		const removed = await removeWorktree(record, {gate, registry: options.registry, deleteBranch: false});
		if (!removed.ok) {
			io.stderr.write(`${record.path}: ${removed.message}\n`);
			failed = true;
			continue;
		}

		pruned++;
		io.stdout.write(`removed ${record.path} (${record.branch} is merged into ${status.against})\n`);
		if (!record.createdBranch) continue;
		// eslint-disable-next-line no-await-in-loop
		const deleteIt = yes || (await askYesNo(io, `delete branch ${record.branch}?`));
		if (!deleteIt) {
			io.stdout.write(`kept branch ${record.branch}${io.stdin.isTTY ? '' : ' (no terminal to ask: --yes deletes it)'}\n`);
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		const deleted = await deleteWorktreeBranch(record, gate, true);
		if (deleted === true) {
			io.stdout.write(`deleted branch ${record.branch}\n`);
		} else {
			io.stderr.write(`branch ${record.branch}: ${deleted}\n`);
			failed = true;
		}
	}

	if (pruned === 0 && !failed) {
		io.stdout.write('nothing to prune: no worktree of agentmux has a merged branch and no pane\n');
	}

	return failed ? 1 : 0;
}
