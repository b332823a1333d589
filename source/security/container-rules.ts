import {given, isOn, optionSpec, optionValue, parseArgs, subcommandReadings, valuesOf} from './getopt.js';
import {type CommandView, confirm, type Hit, type Rule, strongestHit} from './rule-types.js';
import {expandHome} from './system-paths.js';

// docker's own options before the command (cobra, not interspersed at the top).
const dockerGlobals = optionSpec(
	'--config= -c=|--context= -D|--debug -H=|--host= -l=|--log-level= --tls --tlscacert= --tlscert= --tlskey= --tlsverify -v|--version' +
		' --url= --identity= --root= --runroot= --storage-driver= --storage-opt= --cgroup-manager= --events-backend= --log-level= --remote -r --connection= --namespace= -n= --address= -a=',
	{permute: false, abbreviate: false},
);

// `docker run` / `create` options that take a value (pflag: interspersed until the image).
const runSpec = optionSpec(
	[
		'-a=|--attach= --add-host= --annotation= --blkio-weight= --cap-add= --cap-drop= --cgroup-parent= --cgroupns= --cidfile= --cpus= --cpu-shares=|-c=',
		'--cpuset-cpus= --device= --dns= --dns-option= --dns-search= --entrypoint= -e=|--env= --env-file= --expose= --gpus= --group-add= --health-cmd=',
		'-h=|--hostname= --ipc= --isolation= --label=|-l= --label-file= --link= --log-driver= --log-opt= --mac-address= -m=|--memory= --memory-swap=',
		'--mount= --name= --network=|--net= --network-alias= --pid= --platform= -p=|--publish= --pull= --restart= --runtime= --security-opt= --shm-size=',
		'--stop-signal= --stop-timeout= --storage-opt= --sysctl= --tmpfs= --ulimit= -u=|--user= --userns= --uts= -v=|--volume= --volumes-from= -w=|--workdir=',
		'-d|--detach -i|--interactive -t|--tty --rm --privileged --read-only --init -P|--publish-all --sig-proxy -q|--quiet --device-cgroup-rule= --ip= --ip6=',
	].join(' '),
	{permute: false, abbreviate: false},
);

// Host paths whose mount gives a container the machine: the root, system folders, the docker socket.
function dangerousMount(source: string): boolean {
	const path = expandHome(source).replace(/\/+$/, '') || '/';
	const home = expandHome('~');
	if (path === '/' || path === home) return true;
	if (path.startsWith(`${home}/`)) return false;
	if (/(^|\/)(docker|podman|containerd)\.sock$/.test(path)) return true;
	return /^\/(etc|root|boot|usr|bin|sbin|lib|lib32|lib64|libx32|proc|sys|dev|run|var\/run|var\/lib\/docker|home|Users|System|Library|private\/etc)(\/|$)|^\/var$/.test(path);
}

function judgeRun(view: CommandView, args: string[]): Hit | undefined {
	const parsed = parseArgs(args, runSpec);
	const hit = (what: string) => confirm('container-host-access', `'${view.text}' ${what}`);
	if (isOn(parsed, 'privileged')) return hit('runs a privileged container');
	for (const name of ['pid', 'network', 'ipc', 'uts', 'userns', 'cgroupns']) {
		if (optionValue(parsed, name) === 'host') return hit(`shares the host's ${name} namespace`);
	}

	const capabilities = valuesOf(parsed, 'cap-add').join(',');
	if (/\b(all|sys_admin|sys_ptrace|sys_module|dac_read_search|net_admin)\b/i.test(capabilities)) return hit('adds powerful capabilities');
	if (valuesOf(parsed, 'security-opt').some(option => /unconfined|label[:=]disable/i.test(option))) return hit('turns off container confinement');
	if (valuesOf(parsed, 'device').length > 0) return hit('gives the container a host device');
	for (const volume of valuesOf(parsed, 'volume')) {
		const source = volume.split(':')[0] ?? '';
		if (dangerousMount(source)) return hit(`mounts the host path ${source}`);
	}

	for (const mount of valuesOf(parsed, 'mount')) {
		const source = /(?:^|,)(?:source|src)=([^,]*)/.exec(mount)?.[1];
		if (source !== undefined && dangerousMount(source)) return hit(`mounts the host path ${source}`);
	}

	return undefined;
}

const removeHit = (view: CommandView) => confirm('docker-destructive', `'${view.text}' removes containers, images or volumes`);
const forceSpec = optionSpec('-f|--force -v|--volumes --rmi= -a|--all --filter= -t|--time= --timeout= --link -l');

function judgeCompose(view: CommandView, rest: string[]): Hit | undefined {
	const composeGlobals = optionSpec('-f=|--file= -p=|--project-name= --profile= --env-file= --project-directory= --ansi= --progress= --parallel= --dry-run --compatibility --all-resources', {
		permute: false,
		abbreviate: false,
	});
	return strongestHit(
		subcommandReadings(rest, composeGlobals).map(reading => {
			const [command, ...args] = reading.rest;
			if (isOn(reading.globals, 'dry-run')) return undefined;
			const parsed = parseArgs(args, forceSpec);
			if (command === 'down' && (isOn(parsed, 'volumes') || given(parsed, 'rmi'))) return removeHit(view);
			if (command === 'rm' && isOn(parsed, 'volumes')) return removeHit(view);
			if (command === 'run') return judgeRun(view, args);
			return undefined;
		}),
	);
}

const objectKinds = new Set([
	'image',
	'container',
	'volume',
	'network',
	'builder',
	'buildx',
	'system',
	'context',
	'plugin',
	'secret',
	'config',
	'service',
	'stack',
	'node',
	'pod',
	'machine',
	'manifest',
]);

function judgeDocker(view: CommandView, command: string | undefined, args: string[]): Hit | undefined {
	if (command === undefined) return undefined;
	const parsed = parseArgs(args, forceSpec);
	const force = isOn(parsed, 'force');
	if (command === 'compose') return judgeCompose(view, args);
	if (command === 'run' || command === 'create') return judgeRun(view, args);
	if (command === 'push') return confirm('container-push', `'${view.text}' publishes an image to a registry`);
	if ((command === 'buildx' || command === 'build' || command === 'builder') && args.some(arg => /^--push(=true)?$|^--output=.*push=true/.test(arg))) {
		return confirm('container-push', `'${view.text}' builds and publishes an image to a registry`);
	}

	if (command === 'manifest' && parsed.operands[0] === 'push') return confirm('container-push', `'${view.text}' publishes a manifest to a registry`);
	if (command === 'rm' || command === 'rmi') return force || isOn(parsed, 'volumes') ? removeHit(view) : undefined;
	if (command === 'kill' && view.name === 'podman' && isOn(parsed, 'all')) return removeHit(view);
	if (!objectKinds.has(command)) return undefined;
	const [action] = parsed.operands;
	if (action === 'prune' || (command === 'system' && (action === 'reset' || action === 'migrate'))) return removeHit(view);
	if (command === 'volume' && (action === 'rm' || action === 'remove')) return removeHit(view);
	if (['stack', 'service', 'node', 'secret', 'machine'].includes(command) && (action === 'rm' || action === 'remove')) return removeHit(view);
	if (['container', 'image', 'pod'].includes(command) && (action === 'rm' || action === 'remove') && (force || isOn(parsed, 'volumes'))) return removeHit(view);
	if (command === 'image' && action === 'push') return confirm('container-push', `'${view.text}' publishes an image to a registry`);
	if (command === 'container' && (action === 'run' || action === 'create')) return judgeRun(view, args.slice(args.indexOf(action) + 1));
	return undefined;
}

const docker: Rule = view => strongestHit(subcommandReadings(view.values, dockerGlobals).map(reading => judgeDocker(view, reading.rest[0], reading.rest.slice(1))));

// kubectl's global flags that take a value (pflag: `--as admin`, `-v 6`, `-v=6`, anywhere on the line).
const kubectlGlobals = optionSpec(
	[
		'--as= --as-group= --as-uid= --cache-dir= --certificate-authority= --client-certificate= --client-key= --cluster= --context= --kubeconfig=',
		'--log-dir= --log-file= --log-file-max-size= --log-flush-frequency= -n=|--namespace= --password= --profile= --profile-output= --request-timeout=',
		'-s=|--server= --tls-server-name= --token= --user= --username= -v=|--v= --vmodule= --stderrthreshold= --insecure-skip-tls-verify --match-server-version',
		'--warnings-as-errors --disable-compression -l=|--selector= -f=|--filename= -o=|--output= -c=|--container= --field-selector= -R|--recursive -A|--all-namespaces',
		'--grace-period= --timeout= --wait --force --prune --all --dry-run=? --cascade=? -k=|--kustomize= --now --ignore-not-found',
	].join(' '),
	{abbreviate: false},
);

const kubectl: Rule = view =>
	strongestHit(
		subcommandReadings(view.values, kubectlGlobals).map(reading => {
			const [command, ...args] = reading.rest;
			if (command === undefined) return undefined;
			// Flags may come after the command too; read the whole line for them.
			const parsed = parseArgs(args, kubectlGlobals);
			const dryRun = optionValue(parsed, 'dry-run');
			if (dryRun === 'client' || dryRun === 'server' || (given(parsed, 'dry-run') && dryRun === undefined)) return undefined;
			if (command === 'delete' || command === 'drain') return confirm('kubectl-delete', `'${view.text}' deletes cluster resources`);
			if ((command === 'replace' || command === 'apply') && (isOn(parsed, 'force') || isOn(parsed, 'prune'))) {
				return confirm('kubectl-delete', `'${view.text}' may delete and recreate cluster resources`);
			}

			if (command === 'scale' && args.some(arg => /^--replicas=0$/.test(arg))) return confirm('kubectl-delete', `'${view.text}' scales a workload to zero`);
			return undefined;
		}),
	);

const helmGlobals = optionSpec(
	'-n=|--namespace= --kube-context= --kubeconfig= --kube-as-user= --kube-as-group= --kube-apiserver= --kube-token= --registry-config= --repository-config= --repository-cache= --burst-limit= --qps= --debug',
	{abbreviate: false},
);

const helm: Rule = view =>
	strongestHit(
		subcommandReadings(view.values, helmGlobals).map(reading => {
			const command = reading.rest[0];
			return command && ['uninstall', 'delete', 'del', 'un'].includes(command) && !reading.rest.includes('--dry-run') ? confirm('helm-uninstall', `'${view.text}' uninstalls a release`) : undefined;
		}),
	);

/** Rules for containers and clusters. */
export const containerRules: Record<string, Rule> = {
	docker,
	podman: docker,
	nerdctl: docker,
	'docker-compose': view => judgeCompose(view, view.values),
	'podman-compose': view => judgeCompose(view, view.values),
	kubectl,
	oc: kubectl,
	microk8s: view =>
		view.values[0]?.startsWith('kubectl') ? kubectl({...view, values: view.values.slice(1)}) : view.values[0] === 'reset' ? confirm('kubectl-delete', `'${view.text}' resets the cluster`) : undefined,
	helm,
	kind: view => (view.values[0] === 'delete' ? confirm('kubectl-delete', `'${view.text}' deletes a cluster`) : undefined),
	minikube: view => (view.values[0] === 'delete' ? confirm('kubectl-delete', `'${view.text}' deletes a cluster`) : undefined),
	k3d: view => (view.values.includes('delete') ? confirm('kubectl-delete', `'${view.text}' deletes a cluster`) : undefined),
};
