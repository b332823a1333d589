import {providerSecretPatterns} from './provider-secret-patterns.js';

/**
 * Token shapes typed or pasted as single lines. secretlint is built for files
 * and misses many of these (a bare `AKIA…` id, a `sk-proj-…` key, a PEM
 * header without its body), so they are matched here directly. A named group
 * `secret` narrows the finding to the secret part (the password of a URL).
 */
export interface SecretPattern {
	kind: string;
	pattern: RegExp;
	/** Extra check on the matched secret, against look-alikes. */
	accept?: (secret: string) => boolean;
}

const hasDigitAndLetter = (value: string): boolean => /\d/.test(value) && /[a-zA-Z]/.test(value);

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
	const counts = new Map<string, number>();
	for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
	let bits = 0;
	for (const count of counts.values()) {
		const p = count / value.length;
		bits -= p * Math.log2(p);
	}

	return bits;
}

const placeholder = (value: string): boolean => /^(\$|\*+$|<|\{\{|x{6,}$|changeme$|password$|secret$|example)/i.test(value);

/** Documentation and test keys say so (`AKIAIOSFODNN7EXAMPLE`): they are not secrets. */
export function isExampleValue(value: string): boolean {
	return /EXAMPLE|example|Example/.test(value);
}

/** Patterns in priority order: earlier kinds win where matches overlap. */
export const secretPatterns: SecretPattern[] = [
	{kind: 'private-key', pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----(?:[\s\S]*?-----END \1PRIVATE KEY\2-----)?/g},
	{kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g},
	{
		kind: 'aws-secret-access-key',
		pattern: /aws.{0,20}?(?:secret|private).{0,20}?["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
	},
	{kind: 'github-pat-fine-grained', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g},
	{kind: 'github-pat-classic', pattern: /\bghp_[A-Za-z0-9]{36,255}\b/g},
	{kind: 'github-oauth', pattern: /\bgho_[A-Za-z0-9]{36,255}\b/g},
	{kind: 'github-app-token', pattern: /\bgh[us]_[A-Za-z0-9]{36,255}\b/g},
	{kind: 'github-refresh-token', pattern: /\bghr_[A-Za-z0-9]{36,255}\b/g},
	{kind: 'anthropic', pattern: /\bsk-ant-(?:api|admin|oat)\d{2}-[A-Za-z0-9_-]{20,}/g},
	{kind: 'openai', pattern: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/g, accept: value => !value.startsWith('sk-ant-') && hasDigitAndLetter(value) && entropy(value) > 3.5},
	{kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g},
	{kind: 'google-oauth-token', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g},
	{kind: 'slack-webhook', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/g},
	{kind: 'slack-bot-token', pattern: /\bxoxb-[0-9A-Za-z-]{20,}/g},
	{kind: 'slack-user-token', pattern: /\bxoxp-[0-9A-Za-z-]{20,}/g},
	{kind: 'slack-token', pattern: /\b(?:xox[aosr]|xapp)-[0-9A-Za-z-]{20,}/g},
	{kind: 'stripe', pattern: /\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{16,}\b/g, accept: value => !value.startsWith('pk_')},
	{kind: 'stripe-webhook-secret', pattern: /\bwhsec_[0-9A-Za-z]{24,}\b/g},
	{kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g},
	{kind: 'pypi-token', pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g},
	{kind: 'gitlab-token', pattern: /\bglpat-[0-9A-Za-z_-]{20,}/g},
	{kind: 'huggingface-token', pattern: /\bhf_[A-Za-z]{34}\b/g},
	{kind: 'sendgrid-key', pattern: /\bSG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43}\b/g},
	...providerSecretPatterns,
	{kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g},
	{
		kind: 'database-url-password',
		pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"]*:(?<secret>[^\s@/'"]+)@[^\s/'"]+/gi,
		accept: value => !placeholder(value),
	},
	{
		// `API_KEY=…`, `password: …`: a credential-named setting with a token-like value.
		kind: 'credential-assignment',
		pattern:
			/\b[A-Za-z0-9_.-]*(?:secret|token|passw(?:or)?d|pwd|passphrase|credentials?|api_?key|access_?key|private_?key|auth)[A-Za-z0-9_]*["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9_\-+/=.~!@#%^&*?]{12,})/gi,
		accept: value => !placeholder(value) && hasDigitAndLetter(value) && entropy(value) > 3 && !/^[a-z]+(\/[a-z.]+)+$/i.test(value),
	},
];
