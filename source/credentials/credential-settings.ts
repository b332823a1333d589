import {z} from 'zod';
import {providerIds} from './providers.js';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a URL may be a provider upstream: https anywhere, plain http only on this machine's loopback. */
export function upstreamProblem(value: string): string | undefined {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return 'not a URL';
	}

	if (url.username !== '' || url.password !== '') return 'an upstream URL carries no user or password';
	if (url.search !== '' || url.hash !== '') return 'an upstream URL has no query or fragment';
	if (url.protocol === 'https:') return undefined;
	if (url.protocol === 'http:' && loopbackHosts.has(url.hostname)) return undefined;
	return url.protocol === 'http:' ? 'plain http is allowed only for a loopback upstream (127.0.0.1, localhost, [::1]); the key would cross the network in clear' : 'an upstream is an https:// URL';
}

const upstreamSchema = z.string().superRefine((value, context) => {
	const problem = upstreamProblem(value);
	if (problem) context.addIssue({code: 'custom', message: problem});
});

const providerSettingsSchema = z
	.strictObject({
		/** Where requests go instead of the provider's own host (a company gateway; a fake API in tests). */
		upstream: upstreamSchema.optional(),
		/** A variable of the user's environment (when agentmux starts) holding the key, instead of the provider's usual one. */
		keyEnv: z
			.string()
			.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name')
			.optional(),
		/** A file holding the key (only its first line is read); it must be yours and private (mode 0600 or stricter). */
		keyFile: z.string().min(1).optional(),
		/** A program that prints the key: an argv, never a shell string, e.g. ["pass", "show", "anthropic"]. */
		keyCommand: z.array(z.string().min(1)).min(1).optional(),
	})
	.refine(value => value.keyFile === undefined || value.keyCommand === undefined, {message: 'give "keyFile" or "keyCommand", not both'});

export type ProviderSettings = z.infer<typeof providerSettingsSchema>;

/** `credentialProxy` in the settings: per provider, where the real key comes from and where requests go. */
export const credentialProxySettingsSchema = z.strictObject(
	Object.fromEntries(providerIds.map(id => [id, providerSettingsSchema.prefault({})])) as Record<(typeof providerIds)[number], z.ZodPrefault<typeof providerSettingsSchema>>,
);

export type CredentialProxySettings = z.infer<typeof credentialProxySettingsSchema>;
