/** The providers whose keys agentmux can hold back behind its credential proxy. */
export const providerIds = ['anthropic', 'openai', 'gemini'] as const;
export type ProviderId = (typeof providerIds)[number];

/** How the credential modes are spelled in profiles, workspaces and settings. */
export const credentialModes = ['env', 'proxy'] as const;
export type CredentialMode = (typeof credentialModes)[number];

/** Where a request carries its key: a header (whole value, or after "Bearer ") or the `key` query parameter. */
export type KeySlot = {kind: 'header'; name: string; bearer: boolean} | {kind: 'query'; name: string};

export type Provider = {
	id: ProviderId;
	/** The host the proxy forwards to unless the settings name another upstream. */
	upstream: string;
	/** Variables of the user's environment that hold the real key, first one set wins. */
	keyEnv: string[];
	/** The pane's stand-in key variable and base URL variable, as the agents read them. */
	paneKey: string;
	paneBase: string;
	/** Appended to the proxy's address in the pane's base URL: OpenAI clients expect the /v1 in it. */
	basePath: string;
	/**
	 * Variables taken out of a proxied pane: a key or token the agent would otherwise prefer to the
	 * stand-in (and send around the proxy).
	 */
	dropEnv: string[];
	/** Where the provider's clients put the key, in the order the proxy looks. */
	slots: KeySlot[];
	/** The provider's name for messages. */
	label: string;
};

/*
 * Slots, from the providers' API references and the agents' clients: Anthropic's SDK sends
 * x-api-key (an ANTHROPIC_AUTH_TOKEN goes as a bearer token); OpenAI's, a bearer token; Google's
 * genai SDK (Gemini CLI), x-goog-api-key, and older clients the `key` query parameter.
 */
export const providers: Record<ProviderId, Provider> = {
	anthropic: {
		id: 'anthropic',
		upstream: 'https://api.anthropic.com',
		keyEnv: ['ANTHROPIC_API_KEY'],
		paneKey: 'ANTHROPIC_API_KEY',
		paneBase: 'ANTHROPIC_BASE_URL',
		basePath: '',
		dropEnv: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'],
		slots: [
			{kind: 'header', name: 'x-api-key', bearer: false},
			{kind: 'header', name: 'authorization', bearer: true},
		],
		label: 'Anthropic',
	},
	openai: {
		id: 'openai',
		upstream: 'https://api.openai.com',
		keyEnv: ['OPENAI_API_KEY'],
		paneKey: 'OPENAI_API_KEY',
		paneBase: 'OPENAI_BASE_URL',
		basePath: '/v1',
		dropEnv: ['OPENAI_API_KEY', 'CODEX_API_KEY'],
		slots: [{kind: 'header', name: 'authorization', bearer: true}],
		label: 'OpenAI',
	},
	gemini: {
		id: 'gemini',
		upstream: 'https://generativelanguage.googleapis.com',
		keyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
		paneKey: 'GEMINI_API_KEY',
		// Gemini CLI 0.61 reads GOOGLE_GEMINI_BASE_URL (its "gateway" auth, x-goog-api-key header).
		paneBase: 'GOOGLE_GEMINI_BASE_URL',
		basePath: '',
		dropEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
		slots: [
			{kind: 'header', name: 'x-goog-api-key', bearer: false},
			{kind: 'query', name: 'key'},
			{kind: 'header', name: 'authorization', bearer: true},
		],
		label: 'Google Gemini',
	},
};

/** Every header and query name any provider carries a key in: all are taken off a forwarded request. */
export const credentialHeaders = [...new Set(Object.values(providers).flatMap(provider => provider.slots.filter(slot => slot.kind === 'header').map(slot => slot.name)))];

/**
 * The providers an agent profile uses, read from the key variables it keeps through scrubbing;
 * a pane without a profile (a plain command) may use any.
 */
export function providersForEnv(keptEnv: readonly string[] | undefined): ProviderId[] {
	if (keptEnv === undefined) return [...providerIds];
	return providerIds.filter(id => providers[id].keyEnv.some(name => keptEnv.includes(name)) || keptEnv.includes(providers[id].paneKey));
}

/** The providers' own API hosts: what a pane behind the proxy must not reach directly. */
export function providerHosts(): string[] {
	return providerIds.map(id => new URL(providers[id].upstream).hostname);
}
