import os from 'node:os';
import type {AgentProfile} from '../agents/profile-schema.js';
import type {Confirmations} from '../app/confirmations.js';
import type {PolicyServices} from '../app/gate-host.js';
import {loadSettings} from '../config/load-settings.js';
import type {Settings} from '../config/settings-schema.js';
import {logDiagnostic} from '../diagnostics/diagnostic-log.js';
import type {Session} from '../sessions/session.js';
import {ApprovedHashes} from './approved-hashes.js';
import {matchFor} from './classify-server.js';
import {approveMcpServers} from './mcp-approval.js';
import type {McpRegistry} from './registry-schema.js';
import {saveRegistryEntry} from './save-registry.js';

/**
 * The MCP step of an agent pane's launch approval, in the session server: reads the servers the
 * pane's agent would load (from the pane's folder, argv and environment), with the registry as
 * the settings file holds it at this moment, so that answers saved by an earlier dialog count.
 */
export async function approveMcpLaunch(session: Session, profile: AgentProfile | undefined, confirmations: Confirmations, services: PolicyServices, started: Settings): Promise<true | string> {
	if (!profile || profile.mcp === 'none') return true;
	const env: Record<string, string | undefined> = {...process.env, ...session.spec.env};
	// A Gemini pane's GEMINI_CLI_HOME is agentmux's mirror of the real home (gemini-home.ts): read the real one.
	if (profile.hooks === 'gemini') env['GEMINI_CLI_HOME'] = process.env['GEMINI_CLI_HOME'];
	const current = () => {
		const result = loadSettings();
		if (!result.ok) logDiagnostic('mcp', `settings unreadable, using those the session started with: ${result.errors.join('; ')}`);
		return result;
	};

	const approved = new ApprovedHashes();
	if (approved.problem) logDiagnostic('mcp', `approved definitions forgotten, every project server is asked again: ${approved.problem}`);
	return approveMcpServers({
		agent: profile.mcp,
		pane: session.spec.name,
		context: {cwd: session.spec.cwd, home: env['HOME'] || os.homedir(), env, args: session.spec.args},
		confirmations,
		classify: line => services.classifier.classify(line),
		audit: services.audit,
		registry(): McpRegistry {
			const result = current();
			return result.ok ? result.settings.mcp.servers : started.mcp.servers;
		},
		save(name, server, risk, reason) {
			const result = current();
			if (!result.ok) throw new Error(`cannot save to the settings: ${result.errors[0] ?? 'unreadable'}`);
			return saveRegistryEntry(result.path, name, server.transport, {risk, match: matchFor(server.transport), reason});
		},
		approved,
	});
}
