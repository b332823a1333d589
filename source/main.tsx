import process from 'node:process';
import meow from 'meow';
import {layoutNameSchema} from './config/settings-schema.js';
import {loadSettings} from './config/load-settings.js';
import {agentPane, defaultShellPane, loadWorkspace, type PaneSpec} from './config/workspace.js';
import {runTui} from './app/run-tui.js';
import {runAuditCommand} from './security/audit-command.js';
import {defaultAuditPath} from './security/audit-log.js';
import {flushStream} from './security/line-writer.js';
import {runPolicyCommand} from './security/policy-command.js';

const parseCli = () => meow(`
	Usage
	  $ agentmux                      one pane with your $SHELL
	  $ agentmux --workspace FILE     the panes of a workspace file
	  $ agentmux --agent claude --agent codex --agent shell
	  $ agentmux policy check [--json] -- LINE   how the policy judges a command line
	  $ agentmux policy check --stdin            one JSON verdict per input line
	  $ agentmux policy scan --stdin             secrets found in the input, one JSON object each
	  $ agentmux audit [--json] [--follow]       the audit log

	Options
	  --workspace, -w  A workspace JSON file: {"layout": "tiled", "panes": [{"command": "npm", "args": ["test"]}]}
	  --layout, -l     tiled, main-vertical, columns or rows
	  --agent, -a      a pane running an agent: claude, codex, gemini, aider, opencode, shell,
	                   or a profile of your own (repeat for several)

	Keys
	  Alt-1..9 focus a pane; Ctrl-\\ then ? lists every key.

	Settings live in the agentmux config directory (config.json), or in $AGENTMUX_CONFIG_DIR.
`, {
	importMeta: import.meta,
	flags: {
		workspace: {type: 'string', shortFlag: 'w'},
		layout: {type: 'string', shortFlag: 'l'},
		agent: {type: 'string', shortFlag: 'a', isMultiple: true},
	},
});

/** Prints "path: message" lines and ends with exit code 2, before anything starts. */
function fail(lines: string[]): never {
	for (const line of lines) {
		process.stderr.write(`${line}\n`);
	}

	process.exit(2);
}

const io = {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr};

/** `agentmux policy …` and `agentmux audit …` take their own arguments, untouched by meow. */
async function runSubcommand(name: string, argv: string[]): Promise<number> {
	const settingsResult = loadSettings();
	if (!settingsResult.ok) {
		fail(settingsResult.errors);
	}

	if (name === 'policy') {
		return runPolicyCommand(argv, io, {rules: settingsResult.settings.policy.rules});
	}

	const controller = new AbortController();
	process.once('SIGINT', () => {
		controller.abort();
	});
	return runAuditCommand(argv, {...io, signal: controller.signal}, {path: defaultAuditPath()});
}

async function main(): Promise<number> {
	const subcommand = process.argv[2];
	if (subcommand === 'policy' || subcommand === 'audit') {
		return runSubcommand(subcommand, process.argv.slice(3));
	}

	const cli = parseCli();
	if (cli.input.length > 0) {
		fail([`agentmux: unknown command "${cli.input[0]}" (see agentmux --help)`]);
	}

	const settingsResult = loadSettings();
	if (!settingsResult.ok) {
		fail(settingsResult.errors);
	}

	const {settings} = settingsResult;
	let panes: PaneSpec[] = [defaultShellPane(settings.shell)];
	let layout = settings.defaultLayout;
	if (cli.flags.workspace !== undefined) {
		const workspaceResult = loadWorkspace(cli.flags.workspace);
		if (!workspaceResult.ok) {
			fail(workspaceResult.errors);
		}

		panes = workspaceResult.panes;
		layout = workspaceResult.workspace.layout ?? layout;
	}

	const agents = cli.flags.agent ?? [];
	if (agents.length > 0) {
		const bad = agents.filter(name => !/^[a-z][a-z0-9_-]*$/.test(name));
		if (bad.length > 0) {
			fail(bad.map(name => `--agent: "${name}" is not a profile name`));
		}

		const agentPanes = agents.map(name => agentPane(name));
		panes = cli.flags.workspace === undefined ? agentPanes : [...panes, ...agentPanes];
	}

	if (cli.flags.layout !== undefined) {
		const parsed = layoutNameSchema.safeParse(cli.flags.layout);
		if (!parsed.success) {
			fail([`--layout: ${parsed.error.issues[0]?.message ?? 'invalid layout'}`]);
		}

		layout = parsed.data;
	}

	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		fail(['agentmux: standard input and output must be a terminal']);
	}

	return runTui({settings, panes, layout});
}

process.exitCode = await main();
// Output still queued for a slow reader (a pipe) would be dropped by exit.
await flushStream(process.stdout);
await flushStream(process.stderr);
// Panes' pseudo-terminals may still hold the event loop open for a moment; nothing is left to do.
process.exit();
