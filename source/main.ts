import path from 'node:path';
import process from 'node:process';
import meow from 'meow';
import {runAttach} from './client/attach-command.js';
import {runAttachCommand, runKillCommand, runKillServerCommand, runListCommand} from './client/commands.js';
import {loadSettings} from './config/load-settings.js';
import {type LayoutName, layoutNameSchema} from './config/settings-schema.js';
import {agentPane, defaultShellPane, loadWorkspace, type PaneSpec} from './config/workspace.js';
import {sessionNameSchema} from './ipc/protocol.js';
import type {LayoutTree} from './panes/layout-tree.js';
import {flushStream} from './security/line-writer.js';

const parseCli = () =>
	meow(
		`
	Usage
	  $ agentmux [-s NAME]            attach to session NAME, or create it with one pane of your $SHELL
	  $ agentmux --workspace FILE     ... with the panes of a workspace file (NAME defaults to the file's name)
	  $ agentmux --agent claude --agent codex --agent shell
	  $ agentmux ls [--json]          the sessions, their panes and what their agents are doing
	  $ agentmux attach [NAME]        attach to a running session (alias: a)
	  $ agentmux kill [NAME]          end a session's panes
	  $ agentmux kill-server          end every session and the server
	  $ agentmux policy check [--json] -- LINE   how the policy judges a command line
	  $ agentmux policy check --stdin            one JSON verdict per input line
	  $ agentmux policy scan --stdin             secrets found in the input, one JSON object each
	  $ agentmux audit [--json] [--follow]       the audit log
	  $ agentmux mcp ls [--json]                 the MCP servers agents would load here, and their class
	  $ agentmux sandbox check [--json] [--workspace F] [PANE]   what a pane may read, write and reach
	  $ agentmux --agent claude --worktree NAME  an agent in a git worktree of its own (branch NAME)
	  $ agentmux worktrees [--json]              the worktrees agentmux made: pane, branch, ahead/behind, dirty
	  $ agentmux worktrees prune [--yes]         remove those whose branch is merged (asks before deleting a branch)

	Options
	  --session, -s    The session's name (default: the workspace file's name, else "main")
	  --workspace, -w  A workspace JSON file: {"layout": "tiled", "panes": [{"command": "npm", "args": ["test"]}]}
	  --layout, -l     tiled, main-vertical, columns or rows
	  --agent, -a      a pane running an agent: claude, codex, gemini, aider, opencode, shell,
	                   or a profile of your own (repeat for several)
	  --worktree       a git worktree and branch of that name for the --agent pane (one per --agent, in order)
	  --base           the worktree's branch starts here (a branch, tag or commit), not at HEAD
	  --reuse          open the branch (or its worktree) if it exists, instead of refusing the clash

	Keys
	  Alt-1..9 focus a pane; Ctrl-\\ then d detaches; Ctrl-\\ then ? lists every key.

	Sessions live in a per-user server: closing the terminal (or an SSH drop) detaches, and the
	agents keep working. Settings live in the agentmux config directory (config.json), or in
	$AGENTMUX_CONFIG_DIR.
`,
		{
			importMeta: import.meta,
			flags: {
				session: {type: 'string', shortFlag: 's'},
				workspace: {type: 'string', shortFlag: 'w'},
				layout: {type: 'string', shortFlag: 'l'},
				agent: {type: 'string', shortFlag: 'a', isMultiple: true},
				worktree: {type: 'string', isMultiple: true},
				base: {type: 'string'},
				reuse: {type: 'boolean', default: false},
				json: {type: 'boolean', default: false},
			},
		},
	);

/** Prints "path: message" lines and ends with exit code 2, before anything starts. */
function fail(lines: string[]): never {
	for (const line of lines) {
		process.stderr.write(`${line}\n`);
	}

	process.exit(2);
}

const io = {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr};

/** `agentmux policy …`, `agentmux audit …`, `agentmux mcp …` and `agentmux sandbox …` take their own arguments, untouched by meow. */
async function runSubcommand(name: string, argv: string[]): Promise<number> {
	const settingsResult = loadSettings();
	if (!settingsResult.ok) {
		fail(settingsResult.errors);
	}

	if (name === 'mcp') {
		const {runMcpCommand} = await import('./mcp/mcp-command.js');
		return runMcpCommand(argv, io, settingsResult.settings);
	}

	if (name === 'policy') {
		const {runPolicyCommand} = await import('./security/policy-command.js');
		return runPolicyCommand(argv, io, {rules: settingsResult.settings.policy.rules});
	}

	if (name === 'sandbox') {
		const {runSandboxCommand} = await import('./sandbox/sandbox-command.js');
		return runSandboxCommand(argv, io, settingsResult.settings);
	}

	if (name === 'worktrees') {
		const {runWorktreesCommand} = await import('./worktrees/worktrees-command.js');
		const {WorktreeRegistry} = await import('./worktrees/registry.js');
		const {createClassifier} = await import('./security/classify.js');
		const {AuditLog, defaultAuditPath} = await import('./security/audit-log.js');
		const services = {classifier: await createClassifier({rules: settingsResult.settings.policy.rules}), audit: new AuditLog(defaultAuditPath())};
		return runWorktreesCommand(argv, io, {registry: new WorktreeRegistry(), services});
	}

	const {runAuditCommand} = await import('./security/audit-command.js');
	const {defaultAuditPath} = await import('./security/audit-log.js');
	const controller = new AbortController();
	process.once('SIGINT', () => {
		controller.abort();
	});
	return runAuditCommand(argv, {...io, signal: controller.signal}, {path: defaultAuditPath()});
}

function sessionName(text: string): string {
	const parsed = sessionNameSchema.safeParse(text);
	if (!parsed.success) {
		fail([`session name "${text}": ${parsed.error.issues[0]?.message ?? 'invalid'}`]);
	}

	return parsed.data;
}

function requireTerminal(): void {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		fail(['agentmux: standard input and output must be a terminal']);
	}
}

async function main(): Promise<number> {
	const subcommand = process.argv[2];
	if (subcommand === 'policy' || subcommand === 'audit' || subcommand === 'mcp' || subcommand === 'sandbox' || subcommand === 'worktrees') {
		return runSubcommand(subcommand, process.argv.slice(3));
	}

	const cli = parseCli();
	const [command, ...rest] = cli.input;
	const settingsResult = loadSettings();
	if (!settingsResult.ok) {
		fail(settingsResult.errors);
	}

	const size = () => ({cols: process.stdout.columns || 80, rows: process.stdout.rows || 24});
	switch (command) {
		case undefined: {
			break;
		}

		case 'ls':
		case 'list-sessions': {
			return runListCommand({json: cli.flags.json}, io);
		}

		case 'attach':
		case 'a': {
			const name = rest[0] ?? cli.flags.session;
			return runAttach(name === undefined ? undefined : sessionName(name));
		}

		case 'kill': {
			return runKillCommand(sessionName(rest[0] ?? cli.flags.session ?? 'main'), io);
		}

		case 'kill-server': {
			return runKillServerCommand(io);
		}

		default: {
			fail([`agentmux: unknown command "${command}" (see agentmux --help)`]);
		}
	}

	const {settings} = settingsResult;
	let panes: PaneSpec[] = [defaultShellPane(settings.shell)];
	let layout: LayoutName | LayoutTree = settings.defaultLayout;
	if (cli.flags.workspace !== undefined) {
		const workspaceResult = loadWorkspace(cli.flags.workspace);
		if (!workspaceResult.ok) {
			fail(workspaceResult.errors);
		}

		panes = workspaceResult.panes;
		layout = workspaceResult.tree ?? workspaceResult.workspace.layout ?? layout;
	}

	const workspacePanes = cli.flags.workspace === undefined ? 0 : panes.length;
	if ((cli.flags.base !== undefined || cli.flags.reuse) && (cli.flags.worktree ?? []).length === 0) {
		fail([`${cli.flags.base === undefined ? '--reuse' : '--base'}: only with --worktree`]);
	}

	const agents = cli.flags.agent ?? [];
	if (agents.length > 0) {
		const bad = agents.filter(name => !/^[a-z][a-z0-9_-]*$/.test(name));
		if (bad.length > 0) {
			fail(bad.map(name => `--agent: "${name}" is not a profile name`));
		}

		const agentPanes = agents.map(name => agentPane(name));
		const worktrees = cli.flags.worktree ?? [];
		if (worktrees.length > 0 && worktrees.length !== agentPanes.length) {
			fail([`--worktree: give one per --agent (${agentPanes.length} agent${agentPanes.length === 1 ? '' : 's'}, ${worktrees.length} worktree${worktrees.length === 1 ? '' : 's'})`]);
		}

		for (const [index, branch] of worktrees.entries()) {
			agentPanes[index]!.worktree = {branch, ...(cli.flags.base === undefined ? {} : {base: cli.flags.base}), ...(cli.flags.reuse ? {reuse: true} : {})};
		}

		panes = cli.flags.workspace === undefined ? agentPanes : [...panes, ...agentPanes];
	} else if (cli.flags.worktree !== undefined && cli.flags.worktree.length > 0) {
		fail(['--worktree: only with --agent (a workspace pane says "worktree" itself)']);
	}

	if (panes.some(pane => pane.worktree)) {
		// A bad branch name or a clash stops everything here, before a server or a pane starts.
		const {planPaneWorktrees} = await import('./app/pane-worktrees.js');
		const {uniqueNames} = await import('./app/agent-panes.js');
		const {errors} = await planPaneWorktrees(uniqueNames(panes), settings, index => (index < workspacePanes ? `${cli.flags.workspace}: panes.${index}.worktree` : '--worktree'));
		if (errors.length > 0) {
			fail(errors);
		}
	}

	if (cli.flags.layout !== undefined) {
		const parsed = layoutNameSchema.safeParse(cli.flags.layout);
		if (!parsed.success) {
			fail([`--layout: ${parsed.error.issues[0]?.message ?? 'invalid layout'}`]);
		}

		layout = parsed.data;
	}

	requireTerminal();
	const fallbackName =
		cli.flags.workspace === undefined
			? 'main'
			: path
					.basename(cli.flags.workspace)
					.replace(/\.json$/i, '')
					.replaceAll(/[^\w.@+-]/g, '_') || 'main';
	const name = sessionName(cli.flags.session ?? fallbackName);
	return runAttachCommand({type: 'attach', session: name, ...size(), create: {panes, layout}}, io);
}

process.exitCode = await main();
// Output still queued for a slow reader (a pipe) would be dropped by exit; a terminal that is gone
// (after a hangup) must not hold the client, so the wait is bounded.
const flushed = Promise.all([flushStream(process.stdout), flushStream(process.stderr)]);
await Promise.race([
	flushed,
	new Promise(resolve => {
		setTimeout(resolve, 500).unref();
	}),
]);
// Nothing is left to do; a socket half-closed by the server must not hold the client.
process.exit();
