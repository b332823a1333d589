import {isOn, optionSpec, optionValue, parseArgs, readings} from './getopt.js';
import {type CommandView, confirm, type Hit, type Rule, strongestHit} from './rule-types.js';

const cloudHit = (view: CommandView, what = 'deletes cloud resources'): Hit => confirm('cloud-delete', `'${view.text}' ${what}`);

// Verbs that delete: `delete`, `delete-bucket`, `apps:destroy`, `sites:delete`, `rb`.
const deleteVerb = /(^|[-:_])(delete|destroy|terminate|purge|remove|deregister|decommission|wipe|nuke)([-:_]|$)|^[\w-]+:reset$/i;

/**
 * Generic cloud CLI: the command path is the leading words; a word after an
 * option without `=value` may be that option's value, so it is read both
 * ways (a delete verb either way is a delete).
 */
function commandPath(values: string[], depth = 4): string[] {
	const words: string[] = [];
	for (const value of values) {
		if (value === '--') break;
		if (value.startsWith('-')) continue;
		words.push(value);
		if (words.length >= depth) break;
	}

	return words;
}

const genericCloud: Rule = view => (commandPath(view.values).some(word => deleteVerb.test(word)) ? cloudHit(view) : undefined);

// aws: global options anywhere; `aws SERVICE OPERATION`.
const awsSpec = optionSpec(
	'--profile= --region= --output= --endpoint-url= --query= --cli-read-timeout= --cli-connect-timeout= --ca-bundle= --color= --cli-binary-format= --cli-input-json= --cli-input-yaml=' +
		' --debug --no-verify-ssl --no-paginate --no-sign-request --recursive --dryrun --dry-run --no-dry-run --force --delete --exclude= --include= --page-size=',
	{abbreviate: false},
);

const aws: Rule = view =>
	strongestHit(
		readings(view.values, awsSpec).map(parsed => {
			const [service, operation] = parsed.operands;
			if (isOn(parsed, 'dryrun', 'dry-run')) return undefined;
			if (service === 's3' || service === 's3api') {
				if (operation === 'rb') return cloudHit(view, 'deletes a storage bucket');
				if ((operation === 'rm' || operation === 'mv') && isOn(parsed, 'recursive')) return cloudHit(view, 'deletes cloud storage recursively');
				if (operation === 'sync' && isOn(parsed, 'delete')) return cloudHit(view, 'deletes files missing from the source');
			}

			return operation && deleteVerb.test(operation) ? cloudHit(view) : undefined;
		}),
	);

const gsutil: Rule = view => {
	const parsed = parseArgs(view.values, optionSpec('-m -q -d -D -u= -o= -h= -i= -r|-R -a -f -I -e -n -c -x= -p= -P -U -C -J -j=', {abbreviate: false}));
	const [command] = parsed.operands;
	if (command === 'rb') return cloudHit(view, 'deletes a storage bucket');
	if (command === 'rm' && (isOn(parsed, 'r') || isOn(parsed, 'a') || parsed.operands.some(url => /^gs:\/\/[^/]+\/?(\*\*?)?$/.test(url)))) return cloudHit(view, 'deletes cloud storage recursively');
	if (command === 'rsync' && view.values.includes('-d')) return cloudHit(view, 'deletes files missing from the source');
	return undefined;
};

const gcloud: Rule = view => {
	const path = commandPath(view.values, 5);
	if (path[0] === 'storage' && path[1] === 'rm' && view.values.some(value => /^(-r|--recursive|-R)$/.test(value))) return cloudHit(view, 'deletes cloud storage recursively');
	return genericCloud(view);
};

// gh options that take a value, so `gh --repo o/r repo delete` and `gh issue list --label delete` read right.
const ghSpec = optionSpec(
	'-R=|--repo= -L=|--limit= -l=|--label= -s=|--state= -a=|--assignee= -A=|--author= -B=|--base= -H=|--head= -t=|--title= -b=|--body= -F=|--body-file= -m=|--milestone= -q=|--jq= -T=|--template= --json= -X=|--method= -f=|--field= --raw-field= --header= --hostname= -p=|--preview= -e=|--env= --org= -O=|--owner= -c=|--comment= -S=|--search= -w|--web -y|--yes',
	{abbreviate: false},
);

const gh: Rule = view => {
	const path = parseArgs(view.values, ghSpec).operands;
	if (path[0] === 'api') {
		const method = optionValue(parseArgs(view.values, ghSpec), 'method');
		return method && /DELETE/i.test(method) ? cloudHit(view, 'sends a DELETE request to GitHub') : undefined;
	}

	if (path.slice(0, 2).some(word => /^(delete|archive)$/.test(word))) return cloudHit(view, 'deletes or archives GitHub resources');
	return undefined;
};

// terraform, tofu: Go flags, single dash, `-flag=true|false`.
const terraformSpec = optionSpec(
	'-destroy -auto-approve -chdir= -var= -var-file= -target= -replace= -lock -lock-timeout= -input -parallelism= -refresh -refresh-only -state= -out= -json -no-color -compact-warnings -help -version',
	{singleDash: true, abbreviate: false, permute: true},
);

const terraform: Rule = view => {
	const parsed = parseArgs(view.values, terraformSpec);
	const [command, action] = parsed.operands;
	if (command === 'destroy') return confirm('terraform-destroy', `'${view.text}' destroys infrastructure`);
	if (command === 'apply' && isOn(parsed, 'destroy')) return confirm('terraform-destroy', `'${view.text}' destroys infrastructure`);
	if (command === 'apply' && isOn(parsed, 'auto-approve')) return confirm('terraform-auto-approve', `'${view.text}' applies changes without review`);
	if (command === 'state' && ['rm', 'push', 'replace-provider'].includes(action ?? '')) return confirm('terraform-destroy', `'${view.text}' edits terraform state`);
	if (command === 'workspace' && action === 'delete') return confirm('terraform-destroy', `'${view.text}' deletes a workspace`);
	if (command === 'force-unlock') return confirm('terraform-destroy', `'${view.text}' breaks a state lock`);
	return undefined;
};

const pulumi: Rule = view => {
	const path = commandPath(view.values, 3);
	if (path[0] === 'destroy' || path[0] === 'down') return confirm('terraform-destroy', `'${view.text}' destroys infrastructure`);
	if (path[0] === 'stack' && path[1] === 'rm') return confirm('terraform-destroy', `'${view.text}' deletes a stack`);
	if (path[0] === 'up' && view.values.some(value => /^(-y|--yes|--skip-preview)$/.test(value))) return confirm('terraform-auto-approve', `'${view.text}' applies changes without review`);
	return undefined;
};

/** vercel rm / remove, netlify sites:delete, and the like: a delete verb in the first words. */
const verbs =
	(...extra: string[]): Rule =>
	view => {
		const path = commandPath(view.values, 3);
		return path.some(word => deleteVerb.test(word) || extra.includes(word)) ? cloudHit(view) : undefined;
	};

/** Rules for cloud and hosting CLIs. */
export const cloudRules: Record<string, Rule> = {
	aws,
	gcloud,
	gsutil,
	az: genericCloud,
	doctl: genericCloud,
	linode: genericCloud,
	'linode-cli': genericCloud,
	hcloud: genericCloud,
	scw: genericCloud,
	ibmcloud: genericCloud,
	oci: genericCloud,
	aliyun: genericCloud,
	exo: genericCloud,
	gh,
	glab: verbs(),
	heroku: verbs('pg:reset'),
	fly: verbs(),
	flyctl: verbs(),
	vercel: verbs('rm', 'remove'),
	netlify: verbs(),
	firebase: verbs(),
	supabase: view =>
		commandPath(view.values, 3)
			.join(' ')
			.match(/^(db reset|projects delete|branches delete)/)
			? cloudHit(view)
			: undefined,
	railway: verbs('down'),
	render: verbs(),
	wrangler: verbs(),
	terraform,
	tofu: terraform,
	terragrunt: terraform,
	pulumi,
	cdk: verbs(),
	sam: verbs(),
	serverless: verbs('remove'),
	sls: verbs('remove'),
	eksctl: verbs(),
	kops: verbs(),
};
