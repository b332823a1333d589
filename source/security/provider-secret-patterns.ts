import type {SecretPattern} from './secret-patterns.js';

/*
 * Token formats of hosting, CI, SaaS and package-registry providers, for the
 * families gitleaks' default rules cover. Written from the providers' published
 * formats: a distinctive prefix where the provider has one, else the
 * provider's name next to an assignment (`DATADOG_API_KEY=…`) and the value's shape.
 */

const hasDigitAndLetter = (value: string): boolean => /\d/.test(value) && /[a-zA-Z]/.test(value);
const mixed = (value: string): boolean => hasDigitAndLetter(value) && !/^(.)\1+$/.test(value);

/**
 * `NAME…=value` where NAME mentions the provider and a credential:
 * `TWILIO_AUTH_TOKEN=…`, `"datadog_app_key": "…"`, `heroku.api_key: …`
 * (`HEROKU_APP_ID=<uuid>` is not one). The value shape is the provider's; the
 * group `secret` is the value.
 */
function named(kind: string, names: string, value: string, accept: (secret: string) => boolean = mixed): SecretPattern {
	const credential = String.raw`[\w.-]{0,30}?(?:key|token|secret|pass\w*|pwd|auth|credential|pat)[\w.-]{0,10}`;
	return {
		kind,
		pattern: new RegExp(String.raw`(?:${names})${credential}["']?\s*(?:=|:=|:|=>)\s*["'\x60]?(?<secret>${value})(?![\w-])`, 'gi'),
		accept,
	};
}

/** Provider token patterns, more specific than the generic assignment rule. */
export const providerSecretPatterns: SecretPattern[] = [
	// Prefixed tokens: the prefix alone makes them unambiguous.
	{kind: 'huggingface-token', pattern: /\b(?:hf|api_org)_[A-Za-z]{34}\b/g},
	{kind: 'digitalocean-token', pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g},
	{kind: 'discord-webhook', pattern: /https:\/\/(?:(?:canary|ptb)\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[\w-]{60,68}/g},
	{kind: 'discord-bot-token', pattern: /\b[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38}\b/g, accept: mixed},
	{kind: 'slack-token', pattern: /\bxoxe(?:\.xox[bp])?-\d-[A-Za-z0-9-]{20,}/g},
	{kind: 'azure-storage-key', pattern: /\bAccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g},
	{kind: 'azure-connection-string', pattern: /\bSharedAccess(?:Key|Signature)=(?<secret>[A-Za-z0-9+/%=]{40,}?)(?=[;"'\s]|$)/g},
	{kind: 'azure-sas-token', pattern: /[?&]sig=(?<secret>[A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})/g},
	{kind: 'azure-ad-client-secret', pattern: /(?<![\w~.-])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/g},
	{kind: 'twilio-api-key', pattern: /\bSK[0-9a-fA-F]{32}\b/g, accept: mixed},
	{kind: 'mailgun-key', pattern: /\bkey-[0-9a-f]{32}\b/g, accept: mixed},
	{kind: 'gitlab-token', pattern: /\bgl(?:pat|dt|ptt|rt|rtr|soat|cbt|ffct|imt|agent|oas|ft)-[0-9A-Za-z_-]{20,}/g},
	{kind: 'gitlab-runner-registration-token', pattern: /\bGR1348941[\w-]{20}\b/g},
	{kind: 'bitbucket-app-password', pattern: /\bATBB[A-Za-z0-9_=.-]{32,}/g},
	{kind: 'atlassian-api-token', pattern: /\bAT(?:ATT|CTT)3[A-Za-z0-9_\-=]{150,}/g},
	{kind: 'shopify-token', pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g},
	{kind: 'square-token', pattern: /\b(?:sq0(?:atp|csp|idp)-[0-9A-Za-z_-]{22,43}|EAAA[A-Za-z0-9_-]{60})\b/g, accept: mixed},
	{kind: 'braintree-token', pattern: /\baccess_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}\b/g},
	{kind: 'new-relic-key', pattern: /\bNR(?:AK|AA|II|JS|RA)-[A-Za-z0-9-]{19,40}\b/g, accept: mixed},
	{kind: 'sentry-token', pattern: /\bsntry[su]_[A-Za-z0-9+/=_]{40,}/g},
	{kind: 'vault-token', pattern: /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g, accept: mixed},
	{kind: 'doppler-token', pattern: /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9_-]{40,44}\b/g},
	{kind: 'linear-token', pattern: /\blin_(?:api|oauth)_[A-Za-z0-9]{40,64}\b/g},
	{kind: 'notion-token', pattern: /\b(?:ntn_\d{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})\b/g, accept: mixed},
	{kind: 'postman-key', pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/gi},
	{kind: 'pulumi-token', pattern: /\bpul-[a-f0-9]{40}\b/g},
	{kind: 'terraform-cloud-token', pattern: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/g},
	{kind: 'databricks-token', pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g},
	{kind: 'supabase-token', pattern: /\b(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,})\b/g},
	{kind: 'cloudflare-origin-ca-key', pattern: /\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b/g},
	{kind: 'heroku-token', pattern: /\bHRKU-[A-Za-z0-9_-]{58,62}\b/g},
	{kind: 'netlify-token', pattern: /\bnf[pcu]_[A-Za-z0-9]{36,40}\b/g, accept: mixed},
	{kind: 'pypi-token', pattern: /\bpypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,}/g},
	{kind: 'rubygems-token', pattern: /\brubygems_[a-f0-9]{48}\b/g},
	{kind: 'docker-hub-token', pattern: /\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{20,}/g},
	{kind: 'grafana-token', pattern: /\b(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})/g},
	{kind: 'groq-key', pattern: /\bgsk_[A-Za-z0-9]{52}\b/g},
	{kind: 'tailscale-key', pattern: /\btskey-(?:api|auth|client|webhook|scim)-[A-Za-z0-9]+-[A-Za-z0-9]{10,}/g},
	{kind: 'figma-token', pattern: /\bfig[dor]_[A-Za-z0-9_-]{40,}/g},
	{kind: 'age-secret-key', pattern: /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/g},
	{kind: '1password-token', pattern: /\b(?:ops_eyJ[A-Za-z0-9+/]{100,}={0,3}|A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})/g},
	{kind: 'artifactory-key', pattern: /\bAKCp[A-Za-z0-9]{69}\b/g},
	{kind: 'alibaba-access-key-id', pattern: /\bLTAI[A-Za-z0-9]{20}\b/g, accept: mixed},
	{kind: 'telegram-bot-token', pattern: /(?<!\d)\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])/g},
	{kind: 'mailchimp-key', pattern: /\b[0-9a-f]{32}-us\d{1,2}\b/g},
	{kind: 'planetscale-token', pattern: /\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}/g},
	{kind: 'flyio-token', pattern: /\b(?:fo1_[\w-]{43}|fm\d_[A-Za-z0-9+/=_-]{100,})/g},
	{kind: 'replicate-token', pattern: /\br8_[A-Za-z0-9]{37}\b/g, accept: mixed},
	{kind: 'perplexity-key', pattern: /\bpplx-[A-Za-z0-9]{48}\b/g},
	{kind: 'xai-key', pattern: /\bxai-[A-Za-z0-9]{80}\b/g},
	{kind: 'mapbox-token', pattern: /\bsk\.eyJ[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,}/g},
	{kind: 'airtable-token', pattern: /\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b/g},
	{kind: 'contentful-token', pattern: /\bCFPAT-[A-Za-z0-9_-]{43}\b/g},
	{kind: 'dynatrace-token', pattern: /\bdt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}\b/g},
	{kind: 'google-oauth-client-secret', pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}\b/g},
	{kind: 'twitter-bearer-token', pattern: /\bA{22}[A-Za-z0-9%]{30,}/g},
	// Values whose shape is common (hex, UUIDs): only next to the provider's name.
	named('twilio-auth-token', 'twilio', '[a-f0-9]{32}'),
	named('mailgun-signing-key', 'mailgun', '[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}'),
	named('bitbucket-secret', 'bitbucket', '[A-Za-z0-9=_-]{32}|[A-Za-z0-9=_-]{64}'),
	named('atlassian-api-token', 'atlassian|jira|confluence', '[A-Za-z0-9]{24}'),
	named('datadog-key', 'datadog|\\bdd_(?:api|app)', '[a-f0-9]{40}|[a-f0-9]{32}'),
	named('sentry-token', 'sentry', '[a-f0-9]{64}'),
	named('vault-token', 'vault', 's\\.[A-Za-z0-9]{24}'),
	named('cloudflare-token', 'cloudflare|\\bcf_api', '[A-Za-z0-9_-]{40}|[a-f0-9]{37}'),
	named('fastly-token', 'fastly', '[A-Za-z0-9_-]{32}'),
	named('heroku-token', 'heroku', '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
	named('netlify-token', 'netlify', '[A-Za-z0-9_-]{40,46}'),
	named('vercel-token', 'vercel', '[A-Za-z0-9]{24}'),
	named('snowflake-credential', 'snowflake', '[A-Za-z0-9_\\-+/=.!@#%^&*]{12,}'),
	named('okta-token', 'okta', '00[A-Za-z0-9_=-]{40}'),
	named('azure-devops-token', 'azure_?devops|\\bado_|\\bazdo', '[a-z2-7]{52}'),
];
