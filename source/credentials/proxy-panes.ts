import type {AgentProfile} from '../agents/profile-schema.js';
import type {PaneSpec} from '../config/workspace.js';
import type {CredentialService} from './credential-service.js';
import {type CredentialMode, type ProviderId, providers, providersForEnv} from './providers.js';

export type ProxiedPanes = {
	panes: PaneSpec[];
	/** The token of each pane behind the proxy, by pane name, to revoke when it goes. */
	tokens: Map<string, string>;
	/** What to tell the user in a pane, by pane name. */
	notices: Map<string, string>;
};

/** A pane's credential mode: the workspace pane's own, else its profile's, else the plain environment. */
export function credentialMode(spec: PaneSpec, profile: AgentProfile | undefined): CredentialMode {
	return spec.credentials ?? profile?.credentials ?? 'env';
}

/**
 * Puts the panes that ask for it behind the credential proxy: each gets a token of its own, a
 * stand-in key and the proxy's base URL for every provider its agent uses and agentmux has a key
 * for, and loses the variables that held or could replace the real key. A pane with no key to
 * proxy (Claude Code logged in with a subscription) keeps its own login and is told why.
 */
export async function applyCredentialProxy(session: string, specs: PaneSpec[], profiles: ReadonlyMap<string, AgentProfile>, service: CredentialService): Promise<ProxiedPanes> {
	const tokens = new Map<string, string>();
	const notices = new Map<string, string>();
	const panes: PaneSpec[] = [];
	for (const spec of specs) {
		const profile = profiles.get(spec.name);
		if (credentialMode(spec, profile) !== 'proxy') {
			panes.push(spec);
			continue;
		}

		const wanted = providersForEnv(profile?.env);
		const proxied = wanted.filter(id => service.keys.available(id));
		if (proxied.length === 0) {
			notices.set(spec.name, noKeyNotice(spec, profile, wanted, service));
			panes.push(spec);
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		const proxy = await service.start();
		const {token, env} = proxy.grant({session, pane: spec.name, cwd: spec.cwd}, proxied);
		tokens.set(spec.name, token);
		const dropped = new Set(proxied.flatMap(id => providers[id].dropEnv));
		const kept = Object.fromEntries(Object.entries(spec.env).filter(([name]) => !dropped.has(name)));
		panes.push({...spec, env: {...kept, ...env}});
	}

	return {panes, tokens, notices};
}

function noKeyNotice(spec: PaneSpec, profile: AgentProfile | undefined, wanted: ProviderId[], service: CredentialService): string {
	const sources = wanted.map(id => service.keys.describe(id)).join(', ');
	if (profile?.hooks === 'claude' || spec.agent === 'claude') {
		return `credentials: proxy, but no Anthropic API key (${sources}): Claude Code keeps its own login. A subscription login cannot be proxied; its token stays with Claude Code.`;
	}

	return `credentials: proxy, but no API key for ${wanted.map(id => providers[id].label).join(', ') || 'any provider'} (${sources || 'none named'}): the pane keeps its own login.`;
}
