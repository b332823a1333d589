import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {scanSecrets, scanSecretsSync} from '../../source/security/secret-scan.js';

// Fake tokens are built here from each provider's published format, never copied from anywhere:
// a seeded generator keeps them the same from run to run.
let seed = 0x5eed;
function random(alphabet: string, length: number): string {
	let text = '';
	for (let index = 0; index < length; index++) {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		text += alphabet[Math.floor((seed / 2_147_483_648) * alphabet.length)];
	}

	return text;
}

const lower = 'abcdefghijklmnopqrstuvwxyz';
const upper = lower.toUpperCase();
const digits = '0123456789';
const hex = `${digits}abcdef`;
const alnum = `${lower}${upper}${digits}`;
const urlSafe = `${alnum}_-`;
const base64 = `${alnum}+/`;
const uuid = () => `${random(hex, 8)}-${random(hex, 4)}-4${random(hex, 3)}-a${random(hex, 3)}-${random(hex, 12)}`;

/** A line as typed or pasted, the token in it, and the kind the scanner must report. */
type Case = {family: string; kind: string; token: string; line: (token: string) => string};

const cases: Case[] = [
	{family: 'Hugging Face', kind: 'huggingface-token', token: `hf_${random(lower + upper, 34)}`, line: t => `huggingface-cli login --token ${t}`},
	{family: 'Hugging Face org', kind: 'huggingface-token', token: `api_org_${random(lower + upper, 34)}`, line: t => `HF_TOKEN=${t}`},
	{family: 'DigitalOcean', kind: 'digitalocean-token', token: `dop_v1_${random(hex, 64)}`, line: t => `doctl auth init -t ${t}`},
	{family: 'DigitalOcean OAuth', kind: 'digitalocean-token', token: `doo_v1_${random(hex, 64)}`, line: t => `export DIGITALOCEAN_TOKEN=${t}`},
	{family: 'Discord webhook', kind: 'discord-webhook', token: `https://discord.com/api/webhooks/${random(digits, 18)}/${random(urlSafe, 68)}`, line: t => `curl -X POST -d '{"content":"hi"}' ${t}`},
	{family: 'Discord bot', kind: 'discord-bot-token', token: `M${random(alnum, 25)}.${random(urlSafe, 6)}.${random(urlSafe, 38)}`, line: t => `DISCORD_TOKEN=${t}`},
	{
		family: 'Slack webhook',
		kind: 'slack-webhook',
		token: `https://hooks.slack.com/services/T${random(upper + digits, 8)}/B${random(upper + digits, 10)}/${random(alnum, 24)}`,
		line: t => `curl -d 'payload={}' ${t}`,
	},
	{
		family: 'Azure storage',
		kind: 'azure-storage-key',
		token: `${random(base64, 86)}==`,
		line: t => `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${t};EndpointSuffix=core.windows.net"`,
	},
	{
		family: 'Azure service bus',
		kind: 'azure-connection-string',
		token: `${random(base64, 43)}=`,
		line: t => `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${t}`,
	},
	{
		family: 'Azure SAS',
		kind: 'azure-sas-token',
		token: `${random(alnum, 43)}%3D`,
		line: t => `azcopy copy x 'https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rwdl&se=2026-12-31&sig=${t}'`,
	},
	{family: 'Azure AD client secret', kind: 'azure-ad-client-secret', token: `${random(alnum, 3)}8Q~${random(alnum, 34)}`, line: t => `az login --service-principal -u app -p ${t} --tenant t`},
	{family: 'Twilio API key', kind: 'twilio-api-key', token: `SK${random(hex, 32)}`, line: t => `TWILIO_API_KEY=${t}`},
	{family: 'Twilio auth token', kind: 'twilio-auth-token', token: random(hex, 32), line: t => `export TWILIO_AUTH_TOKEN=${t}`},
	{family: 'SendGrid', kind: 'sendgrid-key', token: `SG.${random(urlSafe, 22)}.${random(urlSafe, 43)}`, line: t => `SENDGRID_API_KEY=${t}`},
	{family: 'Mailgun', kind: 'mailgun-key', token: `key-${random(hex, 32)}`, line: t => `curl -s --user 'api:${t}' https://api.mailgun.net/v3/x/messages`},
	{family: 'GitLab PAT', kind: 'gitlab-token', token: `glpat-${random(urlSafe, 20)}`, line: t => `git clone https://oauth2:${t}@gitlab.com/g/p.git`},
	{family: 'GitLab deploy token', kind: 'gitlab-token', token: `gldt-${random(urlSafe, 20)}`, line: t => `GITLAB_DEPLOY_TOKEN=${t}`},
	{family: 'GitLab runner', kind: 'gitlab-token', token: `glrt-${random(urlSafe, 20)}`, line: t => `gitlab-runner register --token ${t}`},
	{family: 'Bitbucket app password', kind: 'bitbucket-app-password', token: `ATBB${random(alnum, 32)}`, line: t => `BITBUCKET_APP_PASSWORD=${t}`},
	{family: 'Bitbucket client secret', kind: 'bitbucket-secret', token: random(alnum, 64), line: t => `bitbucket_client_secret: ${t}`},
	{family: 'Atlassian', kind: 'atlassian-api-token', token: `ATATT3${random(urlSafe, 186)}`, line: t => `curl -u me@x.com:${t} https://x.atlassian.net/rest/api/3/myself`},
	{family: 'Jira', kind: 'atlassian-api-token', token: random(alnum, 24), line: t => `JIRA_API_TOKEN=${t}`},
	{family: 'Shopify', kind: 'shopify-token', token: `shpat_${random(hex, 32)}`, line: t => `SHOPIFY_ACCESS_TOKEN=${t}`},
	{family: 'Square', kind: 'square-token', token: `EAAA${random(urlSafe, 60)}`, line: t => `SQUARE_ACCESS_TOKEN=${t}`},
	{family: 'Square OAuth secret', kind: 'square-token', token: `sq0csp-${random(urlSafe, 43)}`, line: t => `square_secret=${t}`},
	{family: 'Braintree', kind: 'braintree-token', token: `access_token$production$${random(lower + digits, 16)}$${random(hex, 32)}`, line: t => `BRAINTREE_TOKEN='${t}'`},
	{family: 'Datadog', kind: 'datadog-key', token: random(hex, 32), line: t => `DD_API_KEY=${t} datadog-agent run`},
	{family: 'Datadog app key', kind: 'datadog-key', token: random(hex, 40), line: t => `export DATADOG_APP_KEY=${t}`},
	{family: 'New Relic', kind: 'new-relic-key', token: `NRAK-${random(upper + digits, 27)}`, line: t => `NEW_RELIC_API_KEY=${t}`},
	{family: 'Sentry org token', kind: 'sentry-token', token: `sntrys_eyJ${random(base64, 120)}`, line: t => `SENTRY_AUTH_TOKEN=${t}`},
	{family: 'Sentry user token', kind: 'sentry-token', token: `sntryu_${random(hex, 64)}`, line: t => `sentry-cli --auth-token ${t} releases list`},
	{family: 'Vault', kind: 'vault-token', token: `hvs.${random(urlSafe, 90)}`, line: t => `VAULT_TOKEN=${t} vault kv get secret/x`},
	{family: 'Vault legacy', kind: 'vault-token', token: `s.${random(alnum, 24)}`, line: t => `export VAULT_TOKEN=${t}`},
	{family: 'Doppler', kind: 'doppler-token', token: `dp.pt.${random(alnum, 43)}`, line: t => `doppler configure set token ${t}`},
	{family: 'Linear', kind: 'linear-token', token: `lin_api_${random(alnum, 40)}`, line: t => `LINEAR_API_KEY=${t}`},
	{family: 'Notion', kind: 'notion-token', token: `ntn_${random(digits, 11)}${random(alnum, 35)}`, line: t => `NOTION_TOKEN=${t}`},
	{family: 'Notion legacy', kind: 'notion-token', token: `secret_${random(alnum, 43)}`, line: t => `curl -H 'Authorization: Bearer ${t}' https://api.notion.com/v1/users`},
	{family: 'Postman', kind: 'postman-key', token: `PMAK-${random(hex, 24)}-${random(hex, 34)}`, line: t => `postman login --with-api-key ${t}`},
	{family: 'Pulumi', kind: 'pulumi-token', token: `pul-${random(hex, 40)}`, line: t => `PULUMI_ACCESS_TOKEN=${t} pulumi up`},
	{family: 'Terraform Cloud', kind: 'terraform-cloud-token', token: `${random(alnum, 14)}.atlasv1.${random(urlSafe, 67)}`, line: t => `TF_TOKEN_app_terraform_io=${t}`},
	{family: 'Databricks', kind: 'databricks-token', token: `dapi${random(hex, 32)}`, line: t => `DATABRICKS_TOKEN=${t}`},
	{family: 'Snowflake', kind: 'snowflake-credential', token: random(alnum, 20), line: t => `SNOWFLAKE_PASSWORD=${t}`},
	{family: 'Snowflake URL', kind: 'database-url-password', token: random(alnum, 16), line: t => `snowflake://me:${t}@acct/db`},
	{family: 'Supabase', kind: 'supabase-token', token: `sbp_${random(hex, 40)}`, line: t => `supabase login --token ${t}`},
	{family: 'Supabase secret key', kind: 'supabase-token', token: `sb_secret_${random(urlSafe, 31)}`, line: t => `SUPABASE_SECRET_KEY=${t}`},
	{family: 'Cloudflare API token', kind: 'cloudflare-token', token: random(urlSafe, 40), line: t => `CLOUDFLARE_API_TOKEN=${t} wrangler deploy`},
	{family: 'Cloudflare global key', kind: 'cloudflare-token', token: random(hex, 37), line: t => `export CF_API_KEY=${t}`},
	{family: 'Cloudflare origin CA', kind: 'cloudflare-origin-ca-key', token: `v1.0-${random(hex, 24)}-${random(hex, 146)}`, line: t => `ORIGIN_CA_KEY=${t}`},
	{family: 'Fastly', kind: 'fastly-token', token: random(urlSafe, 32), line: t => `FASTLY_API_TOKEN=${t}`},
	{family: 'Heroku', kind: 'heroku-token', token: uuid(), line: t => `HEROKU_API_KEY=${t} heroku apps`},
	{family: 'Heroku new format', kind: 'heroku-token', token: `HRKU-${random(urlSafe, 60)}`, line: t => `heroku auth:token # ${t}`},
	{family: 'Netlify', kind: 'netlify-token', token: random(urlSafe, 43), line: t => `NETLIFY_AUTH_TOKEN=${t} netlify deploy`},
	{family: 'Netlify personal', kind: 'netlify-token', token: `nfp_${random(alnum, 36)}`, line: t => `netlify deploy --auth ${t}`},
	{family: 'Vercel', kind: 'vercel-token', token: random(alnum, 24), line: t => `VERCEL_TOKEN=${t} vercel --prod`},
	{family: 'PyPI', kind: 'pypi-token', token: `pypi-AgEIcHlwaS5vcmc${random(urlSafe, 70)}`, line: t => `twine upload -u __token__ -p ${t} dist/*`},
	{family: 'TestPyPI', kind: 'pypi-token', token: `pypi-AgENdGVzdC5weXBpLm9yZw${random(urlSafe, 70)}`, line: t => `TWINE_PASSWORD=${t}`},
	{family: 'RubyGems', kind: 'rubygems-token', token: `rubygems_${random(hex, 48)}`, line: t => `GEM_HOST_API_KEY=${t} gem push x.gem`},
	{family: 'Docker Hub', kind: 'docker-hub-token', token: `dckr_pat_${random(urlSafe, 27)}`, line: t => `echo ${t} | docker login -u me --password-stdin`},
	{family: 'Grafana', kind: 'grafana-token', token: `glsa_${random(alnum, 32)}_${random(hex, 8)}`, line: t => `GRAFANA_TOKEN=${t}`},
	{family: 'Groq', kind: 'groq-key', token: `gsk_${random(alnum, 52)}`, line: t => `GROQ_API_KEY=${t}`},
	{family: 'Tailscale', kind: 'tailscale-key', token: `tskey-auth-${random(alnum, 12)}-${random(alnum, 30)}`, line: t => `tailscale up --authkey=${t}`},
	{family: 'Telegram', kind: 'telegram-bot-token', token: `${random(digits, 10)}:AA${random(urlSafe, 33)}`, line: t => `curl https://api.telegram.org/bot${t}/getMe`},
	{family: 'Google OAuth client secret', kind: 'google-oauth-client-secret', token: `GOCSPX-${random(urlSafe, 28)}`, line: t => `client_secret=${t}`},
	{family: 'Age', kind: 'age-secret-key', token: `AGE-SECRET-KEY-1${random('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`, line: t => `echo ${t} > key.txt`},
	{family: 'generic password', kind: 'credential-assignment', token: `${random(alnum, 10)}!${random(alnum, 8)}`, line: t => `DB_PASSWORD=${t}`},
	{family: 'generic secret', kind: 'credential-assignment', token: random(alnum, 32), line: t => `--set app.secret=${t}`},
];

describe('provider token families are found in typed lines', () => {
	for (const testCase of cases) {
		it(`${testCase.family}: ${testCase.kind}`, async () => {
			const line = testCase.line(testCase.token);
			const findings = scanSecretsSync(line);
			const hit = findings.find(finding => line.slice(finding.start, finding.end).includes(testCase.token) || testCase.token.includes(line.slice(finding.start, finding.end)));
			assert.ok(hit, `nothing found in: ${line}`);
			assert.equal(hit.kind, testCase.kind, line);
			assert.ok(hit.end - hit.start >= Math.min(testCase.token.length, 16), 'the finding covers the token');
			assert.ok((await scanSecrets(line)).length > 0, 'the full scan finds it too');
		});
	}
});

describe('look-alikes stay quiet', () => {
	const quiet = [
		`uuidgen # ${uuid()}`,
		`docker rm ${random(hex, 64)}`,
		`git show ${random(hex, 40)}`,
		`sha256sum x # ${random(hex, 64)}  x`,
		`md5: ${random(hex, 32)}`,
		`"integrity": "sha512-${random(base64, 86)}=="`,
		`echo ${random(base64, 40)}= | base64 -d`,
		'echo SGVsbG8sIHdvcmxkISBUaGlzIGlzIGEgdGVzdCBzdHJpbmcu | base64 --decode',
		'<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">',
		'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
		'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
		'HF_TOKEN=hf_EXAMPLEexampleEXAMPLEexampleEXAMPLEe',
		`TWILIO_ACCOUNT_SID=AC${random(hex, 32)}`.replace(/AC[0-9a-f]{32}/, 'ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'),
		'DATADOG_SITE=datadoghq.eu',
		'HEROKU_APP=my-staging-app',
		'vercel deploy --prod',
		'netlify deploy --dir=dist',
		'the key-value store keeps the session',
		'export SNOWFLAKE_ACCOUNT=xy12345.eu-central-1',
		'password=${DB_PASSWORD}',
		'secret: "{{ .Values.secret }}"',
		'git checkout feature/glpat-rotation',
		'docker pull grafana/grafana:11.1.0',
		'npm view rubygems_helper',
		'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
		'export TF_LOG=debug',
		'kubectl create secret generic db --from-literal=password=$(cat pw.txt)',
		'color: #1e90ff; background: #ffffff',
		'version 0.25.10 commit 1a2b3c4',
	];
	for (const line of quiet) {
		it(line.length > 70 ? `${line.slice(0, 67)}...` : line, async () => {
			assert.deepEqual(
				scanSecretsSync(line).map(finding => finding.kind),
				[],
			);
			assert.deepEqual(
				(await scanSecrets(line)).map(finding => finding.kind),
				[],
			);
		});
	}
});
