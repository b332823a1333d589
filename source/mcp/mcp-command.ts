import os from 'node:os';
import {resolveProfile} from '../agents/builtin-profiles.js';
import type {Settings} from '../config/settings-schema.js';
import {createClassifier} from '../security/classify.js';
import {createLineWriter} from '../security/line-writer.js';
import type {CommandIo} from '../security/policy-command.js';
import {resolveExecutable} from '../sessions/resolve-executable.js';
import {ApprovedHashes} from './approved-hashes.js';
import {describeTransport, mcpAgents} from './mcp-server.js';
import {readAgentServers} from './read-servers.js';
import {reviewServer, type ServerReview} from './review-servers.js';

const usage = 'usage: agentmux mcp ls [--json]\n';

/** One server as `mcp ls --json` prints it: environment names only, never their values. */
function jsonRow(review: ServerReview, installed: boolean) {
	const {server, classification, policy} = review;
	const transport =
		server.transport.kind === 'stdio'
			? {kind: 'stdio', command: server.transport.command, args: server.transport.args, env: Object.keys(server.transport.env), ...(server.transport.cwd ? {cwd: server.transport.cwd} : {})}
			: server.transport;
	return {
		agent: server.agent,
		installed,
		name: server.name,
		source: server.source,
		key: server.key,
		scope: server.scope,
		transport,
		disabled: server.disabled,
		risk: classification.risk,
		...(classification.entry === undefined ? {} : {entry: classification.entry}),
		...(classification.reason === undefined ? {} : {reason: classification.reason}),
		...(policy ? {policy: {decision: policy.decision, rule: policy.rule, reason: policy.reason}} : {}),
		launch: server.disabled ? 'disabled' : review.outcome,
		why: review.why,
	};
}

/**
 * `agentmux mcp ls [--json]`: every MCP server that Claude Code, Gemini CLI, Codex CLI and opencode
 * would load when started in this folder, with its source file, its class in the registry and what
 * a launch would do about it. Files that cannot be read are `path: message` lines on stderr (and
 * in the JSON), and make the exit code 2; everything readable is still listed.
 */
export async function runMcpCommand(argv: string[], io: CommandIo, settings: Settings, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
	const [sub, ...rest] = argv;
	const unknown = rest.find(argument => argument !== '--json');
	if (sub !== 'ls' || unknown !== undefined) {
		io.stderr.write(`agentmux mcp: ${sub === undefined ? 'a subcommand is needed' : unknown === undefined ? `unknown subcommand ${sub}` : `unknown argument ${unknown}`}\n${usage}`);
		return 2;
	}

	const json = rest.includes('--json');
	const classifier = await createClassifier({rules: settings.policy.rules});
	const approved = new ApprovedHashes();
	const context = {cwd, home: env['HOME'] || os.homedir(), env, args: []};
	const rows: Array<{row: ReturnType<typeof jsonRow>; review: ServerReview}> = [];
	const errors: string[] = [];
	for (const agent of mcpAgents) {
		let installed = false;
		try {
			installed = resolveExecutable(resolveProfile(agent, settings.agents).command, cwd, env['PATH'] ?? '') !== undefined;
		} catch {
			// A broken profile of the user's: the servers are listed all the same.
		}

		const result = readAgentServers(agent, context);
		errors.push(...result.errors);
		for (const server of result.servers) {
			const review = reviewServer(server, settings.mcp.servers, line => classifier.classify(line), approved);
			rows.push({row: jsonRow(review, installed), review});
		}
	}

	const out = createLineWriter(io.stdout);
	if (json) {
		await out.write(`${JSON.stringify({servers: rows.map(({row}) => row), errors}, null, 2)}\n`);
	} else if (rows.length === 0) {
		await out.write('no MCP servers configured for this folder\n');
	} else {
		for (const {row, review} of rows) {
			const transport = describeTransport(review.server.transport);
			const risk = row.entry === undefined ? row.risk : `${row.risk} (${row.entry})`;
			await out.write(`${row.agent}${row.installed ? '' : ' (not installed)'}  ${row.name}  ${risk}  launch: ${row.launch}  ${transport}  ${row.source}\n`);
		}
	}

	for (const error of errors) io.stderr.write(`${error}\n`);
	await out.flush();
	return errors.length > 0 ? 2 : 0;
}
