import type {Verdict} from '../security/verdict.js';
import type {ApprovedHashes} from './approved-hashes.js';
import {type Classification, classifyServer, policyLine} from './classify-server.js';
import type {McpServer} from './mcp-server.js';
import type {McpRegistry} from './registry-schema.js';

/** What the launch does about one server: start it unasked, ask the user, or refuse the pane. */
export type ServerReview = {
	server: McpServer;
	classification: Classification;
	/** The command policy's verdict on a stdio server's start. */
	policy?: Verdict;
	/** Set for a definition from the project or the argv that was not approved in this form before. */
	change?: 'new' | 'changed';
	outcome: 'allow' | 'ask' | 'refuse';
	/** Why, in a few words, for the dialog, the refusal and the audit log. */
	why: string;
	/** The rule that decided, for the dialog and the audit log. */
	rule: string;
};

/**
 * Judges one server: a `blocked` entry or a policy `deny` refuses; an unclassified server, a
 * `review` entry, a policy `confirm` (unless the registry trusts this exact argv), and a trusted
 * server that a project file added or changed since the last approved launch ask; the rest start.
 */
export function reviewServer(server: McpServer, registry: McpRegistry, classify: (line: string) => Verdict, approved: ApprovedHashes): ServerReview {
	const classification = classifyServer(server, registry);
	const policy = server.transport.kind === 'stdio' ? classify(policyLine(server.transport)) : undefined;
	const change = server.scope === 'user' ? undefined : approved.change(server);
	const base = {server, classification, ...(policy ? {policy} : {}), ...(change ? {change} : {})};
	const entry = classification.entry === undefined ? '' : ` (mcp.servers.${classification.entry}${classification.reason ? `: ${classification.reason}` : ''})`;
	if (classification.risk === 'blocked') return {...base, outcome: 'refuse', why: `blocked${entry}`, rule: 'mcp-blocked'};
	if (policy?.decision === 'deny') return {...base, outcome: 'refuse', why: `refused by policy (${policy.rule}): ${policy.reason}`, rule: policy.rule};
	// A policy confirm asks unless the user trusted this exact argv in the registry.
	const asks = policy?.decision === 'confirm' ? `; the policy asks (${policy.rule}): ${policy.reason}` : '';
	if (classification.risk === 'unclassified') return {...base, outcome: 'ask', why: `not classified in mcp.servers${asks}`, rule: 'mcp-unclassified'};
	if (classification.risk === 'review') return {...base, outcome: 'ask', why: `marked review${entry}${asks}`, rule: 'mcp-review'};
	if (change)
		return {
			...base,
			outcome: 'ask',
			why: `trusted${entry}, but ${change === 'new' ? 'new in' : 'changed in'} ${server.scope === 'args' ? "the pane's arguments" : 'a project file'} since the last launch`,
			rule: 'mcp-changed',
		};
	return {...base, outcome: 'allow', why: `trusted${entry}`, rule: 'mcp-trusted'};
}
