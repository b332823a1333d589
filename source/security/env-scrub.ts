/** Names that hold credentials. Matched case-insensitively against the whole name. */
const credentialPatterns: RegExp[] = [
	/^AWS_/,
	/^AZURE_.*(SECRET|KEY|PASSWORD)/,
	/^(GOOGLE|GCP|GCLOUD)_.*(CREDENTIALS|KEY|TOKEN)/,
	/_TOKEN$/,
	/^TOKEN$/,
	/_TOKENS?_/,
	/_SECRET$/,
	/_SECRETS?_/,
	/^SECRET/,
	/_KEY$/,
	/_API_KEY/,
	/APIKEY/,
	/_ACCESS_KEY/,
	/PASSWORD/,
	/PASSWD/,
	/PASSPHRASE/,
	/CREDENTIAL/,
	/_AUTH$/,
	/AUTH_TOKEN/,
	/COOKIE/,
	/SESSION_?ID/,
	/^GITHUB_TOKEN$/,
	/^GH_TOKEN$/,
	/^NPM_TOKEN$/,
	/^NODE_AUTH_TOKEN$/,
	/^PYPI_/,
	/^TWINE_PASSWORD$/,
	/^CARGO_REGISTRY_TOKEN$/,
	/^DOCKER_AUTH_CONFIG$/,
	/^KUBECONFIG_DATA$/,
	/^VAULT_TOKEN$/,
	/^PGPASSWORD$/,
	/^MYSQL_PWD$/,
	/^OPENAI_/,
	/^ANTHROPIC_API_KEY$/,
	/^HF_TOKEN$/,
	/^HUGGING_FACE_HUB_TOKEN$/,
	/^SLACK_(BOT_)?TOKEN$/,
];

// Key-like names that are not secrets: layout and editor settings, public key
// paths, and sockets. SSH_AUTH_SOCK is kept on purpose: it is a socket path,
// not a key; removing it only breaks `git push` over ssh while the agent keeps
// holding the keys (an agent that can reach the socket can use them, so panes
// that must not sign should drop it through `extraPatterns`).
const harmless = new Set(['SSH_AUTH_SOCK', 'GPG_AGENT_INFO', 'KEYTIMEOUT', 'XKB_DEFAULT_KEYMAP', 'GPG_TTY']);

// Connection strings carry passwords inline: scheme://user:password@host.
const urlWithPassword = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:[^\s@/]+@/i;

/** Options for {@link scrubEnvironment}. */
export interface ScrubOptions {
	/** Names to keep even if they look like credentials. */
	keep?: string[];
	/** Extra name patterns (regex sources, case-insensitive) to remove. */
	extraPatterns?: string[];
}

/**
 * A copy of `env` without credential variables, for a pane's child process.
 * Returns the clean environment and the sorted names that were removed.
 */
export function scrubEnvironment(env: NodeJS.ProcessEnv, options: ScrubOptions = {}): {env: Record<string, string>; removed: string[]} {
	const keep = new Set(options.keep ?? []);
	const extra = (options.extraPatterns ?? []).map(source => new RegExp(source, 'i'));
	const clean: Record<string, string> = {};
	const removed: string[] = [];
	for (const [name, value] of Object.entries(env)) {
		if (value === undefined) continue;
		if (!keep.has(name) && isCredential(name, value, extra)) {
			removed.push(name);
			continue;
		}

		clean[name] = value;
	}

	return {env: clean, removed: removed.sort()};
}

function isCredential(name: string, value: string, extra: RegExp[]): boolean {
	if (extra.some(pattern => pattern.test(name))) return true;
	if (harmless.has(name)) return false;
	const upper = name.toUpperCase();
	if (credentialPatterns.some(pattern => pattern.test(upper))) return true;
	// DATABASE_URL, REDIS_URL, …: only when a password is actually inline.
	return /(_URL|_URI|_DSN)$|^DATABASE/.test(upper) && urlWithPassword.test(value);
}
