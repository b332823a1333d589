import type {Confirmations, DialogChoice} from '../app/confirmations.js';
import type {AuditEntry, AuditLog} from '../security/audit-log.js';
import type {Verdict} from '../security/verdict.js';
import type {ApprovedHashes} from './approved-hashes.js';
import {describeTransport, type McpAgent, type McpServer} from './mcp-server.js';
import type {ReadContext} from './read-context.js';
import {readAgentServers} from './read-servers.js';
import type {McpRegistry, McpRisk} from './registry-schema.js';
import {reviewServer, type ServerReview} from './review-servers.js';

export type McpGateOptions = {
	agent: McpAgent;
	pane: string;
	context: ReadContext;
	confirmations: Confirmations;
	classify: (line: string) => Verdict;
	audit: AuditLog;
	/** The registry as the settings file holds it now (answers saved earlier in this session included). */
	registry: () => McpRegistry;
	/** Writes an entry into the settings file; returns the entry's name, or throws with the reason. */
	save: (name: string, server: McpServer, risk: McpRisk, reason: string) => string;
	approved: ApprovedHashes;
};

const agentNames: Record<McpAgent, string> = {claude: 'Claude Code', gemini: 'Gemini CLI', codex: 'Codex CLI', opencode: 'opencode'};

const choices: DialogChoice[] = [
	{key: 'o', label: 'allow once'},
	{key: 't', label: 'trust (saved)'},
	{key: 'b', label: 'block (saved)'},
	{key: 'n', label: "don't start"},
];

/** A server as one line for refusals and the audit log. */
function serverLine(server: McpServer): string {
	return `${server.agent} MCP server "${server.name}": ${describeTransport(server.transport)} (${server.source})`;
}

function dialogDetail(review: ServerReview, index: number, asked: ServerReview[]): string {
	const {server} = review;
	const count = asked.length;
	const where = server.scope === 'project' ? 'a project file' : server.scope === 'args' ? "the pane's arguments" : 'your own settings';
	const lines = [
		`${agentNames[server.agent]} in this pane would load it${count > 1 ? ` (${index + 1} of ${count} to review)` : ''}.`,
		`from: ${server.source}${server.key === 'mcpServers' || server.key === 'mcp_servers' || server.key === 'mcp' ? '' : ` (${server.key})`}, ${where}`,
		server.transport.kind === 'stdio' ? `runs: ${describeTransport(server.transport)}` : `connects to: ${describeTransport(server.transport)}`,
	];
	if (server.transport.kind === 'stdio' && Object.keys(server.transport.env).length > 0) lines.push(`env: ${Object.keys(server.transport.env).join(', ')}`);
	lines.push(`why: ${review.why}`);
	if (index === 0 && count > 1)
		lines.push(
			`then: ${asked
				.slice(1)
				.map(other => `"${other.server.name}"`)
				.join(', ')}`,
		);
	return lines.join('\n');
}

/**
 * Reviews the MCP servers an agent pane would load before it starts (after its argv passed the
 * launch policy). A blocked server, or one whose start the command policy denies, refuses the
 * launch with the reason; each server that needs the user's word is shown in a dialog, where it
 * can be allowed once, trusted or blocked (both written to the settings), or the start declined.
 * Files that could not be read ask too. Every decision but a plain allow is audited; an audit
 * failure refuses. Once the pane may start, the definitions are recorded as approved.
 */
export async function approveMcpServers(options: McpGateOptions): Promise<true | string> {
	const {servers, errors} = readAgentServers(options.agent, options.context);
	const audit = (fields: Pick<AuditEntry, 'decision' | 'rule' | 'reason' | 'command' | 'answer'>) => {
		options.audit.append({time: new Date().toISOString(), pane: options.pane, cwd: options.context.cwd, kind: 'mcp', ...fields});
	};

	try {
		if (errors.length > 0) {
			const detail = `${errors.join('\n')}\n\nThe agent may still load servers from these files.`;
			const yes = await options.confirmations.confirm(`Start ${options.pane}? Some MCP configuration could not be read`, detail, 'mcp-unreadable');
			audit({decision: 'confirm', rule: 'mcp-unreadable', reason: 'MCP configuration could not be read', command: errors.join('; '), answer: yes ? 'yes' : 'no'});
			if (!yes) return 'not confirmed';
		}

		const registry = options.registry();
		const reviews = servers.filter(server => !server.disabled).map(server => reviewServer(server, registry, options.classify, options.approved));
		const refused = reviews.filter(review => review.outcome === 'refuse');
		for (const review of refused) {
			audit({decision: 'deny', rule: review.rule, reason: review.why, command: serverLine(review.server), answer: 'none'});
		}

		if (refused.length > 0) {
			const first = refused[0]!;
			return `MCP server "${first.server.name}" (${first.server.source}) ${first.why}${refused.length > 1 ? ` (and ${refused.length - 1} more)` : ''}`;
		}

		const asked = reviews.filter(review => review.outcome === 'ask');
		for (const [index, review] of asked.entries()) {
			const {server} = review;
			const title = `Start ${options.pane}? MCP server "${server.name}"`;
			// eslint-disable-next-line no-await-in-loop
			const key = options.confirmations.choose
				? await options.confirmations.choose(title, dialogDetail(review, index, asked), choices, review.rule)
				: (await options.confirmations.confirm(title, dialogDetail(review, index, asked), review.rule))
					? 'o'
					: 'n';
			let reason = review.why;
			if (key === 't' || key === 'b') {
				const risk = key === 't' ? 'trusted' : 'blocked';
				const saved = options.save(server.name, server, risk, `${risk} at the start of pane ${options.pane} on ${new Date().toISOString().slice(0, 10)}`);
				reason += `; saved as mcp.servers.${saved} (${risk})`;
			}

			const answer = key === 'o' || key === 't' ? 'yes' : 'no';
			audit({decision: 'confirm', rule: review.rule, reason: `${reason}; answered: ${choices.find(choice => choice.key === key)?.label ?? key}`, command: serverLine(server), answer});
			if (key === 'b') return `MCP server "${server.name}" (${server.source}) blocked`;
			if (answer === 'no') return 'not confirmed';
		}

		options.approved.record(reviews.map(review => review.server));
	} catch (error) {
		return `MCP review failed: ${(error as Error).message}`;
	}

	return true;
}
