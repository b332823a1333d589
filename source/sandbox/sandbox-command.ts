import os from 'node:os';
import {ProfileError, resolveProfile} from '../agents/builtin-profiles.js';
import type {AgentProfile} from '../agents/profile-schema.js';
import type {Settings} from '../config/settings-schema.js';
import {defaultShellPane, loadWorkspace, type PaneSpec} from '../config/workspace.js';
import {displayPath} from './bwrap-args.js';
import {checkAvailability} from './sandbox-availability.js';
import {agentStateVariables, apiHosts, resolveSandboxPolicy, type SandboxPolicy} from './sandbox-policy.js';

type Io = {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream};

/** One pane's answer, as `--json` prints it. */
export type PaneReport = {
	pane: string;
	agent?: string;
	mode: SandboxPolicy['mode'];
	prefer: boolean;
	airGapped: boolean;
	writable: string[];
	readable: string[];
	denied: string[];
	protected: string[];
	network: 'off' | string[];
	/** Whether the pane would start: false with the reason when the sandbox cannot start and it is not `prefer`. */
	starts: boolean;
	problem?: string;
};

const usage = 'usage: agentmux sandbox check [--json] [--workspace FILE] [PANE]';

/** `agentmux sandbox check [--json] [--workspace F] [PANE]`: what each pane may read, write and reach, before anything starts. */
export async function runSandboxCommand(argv: string[], io: Io, settings: Settings, env: NodeJS.ProcessEnv = process.env): Promise<number> {
	const [verb, ...rest] = argv;
	if (verb !== 'check') {
		io.stderr.write(`${usage}\n`);
		return 2;
	}

	let json = false;
	let workspaceFile: string | undefined;
	let paneName: string | undefined;
	for (let index = 0; index < rest.length; index++) {
		const word = rest[index]!;
		if (word === '--json') json = true;
		else if (word === '--workspace' || word === '-w') workspaceFile = rest[++index];
		else if (word.startsWith('--workspace=')) workspaceFile = word.slice('--workspace='.length);
		else if (!word.startsWith('-') && paneName === undefined) paneName = word;
		else {
			io.stderr.write(`agentmux sandbox check: unknown argument "${word}"\n${usage}\n`);
			return 2;
		}
	}

	let panes: PaneSpec[] = [defaultShellPane(settings.shell)];
	if (workspaceFile !== undefined) {
		const loaded = loadWorkspace(workspaceFile);
		if (!loaded.ok) {
			io.stderr.write(`${loaded.errors.join('\n')}\n`);
			return 2;
		}

		panes = loaded.panes;
	}

	const chosen = paneName === undefined ? panes : panes.filter(pane => pane.name === paneName);
	if (chosen.length === 0) {
		io.stderr.write(`agentmux sandbox check: no pane "${paneName}" (panes: ${panes.map(pane => pane.name).join(', ')})\n`);
		return 2;
	}

	const home = env['HOME'] ?? os.homedir();
	const reports: PaneReport[] = [];
	const errors: string[] = [];
	let availability: Awaited<ReturnType<typeof checkAvailability>> | undefined;
	for (const pane of chosen) {
		let profile: AgentProfile | undefined;
		try {
			profile = pane.agent && pane.agent !== 'shell' ? resolveProfile(pane.agent, settings.agents, {shell: settings.shell ?? env['SHELL']}) : undefined;
		} catch (error) {
			errors.push(...(error instanceof ProfileError ? error.issues : [(error as Error).message]));
			continue;
		}

		const resolved = resolveSandboxPolicy({
			cwd: pane.cwd,
			home,
			env,
			...(profile ? {agent: profile.name} : {}),
			layers: [profile ? settings.sandbox.agents : settings.sandbox.shells, profile?.sandbox, pane.sandbox],
			settings: settings.sandbox,
			airGapped: settings.airGapped,
			otherWorkTrees: panes.filter(other => other !== pane).map(other => other.cwd),
			...(profile
				? {
						extraWritable: agentStateVariables.map(name => env[name]).filter((value): value is string => Boolean(value)),
						extraHosts: apiHosts({...env, ...pane.env}),
					}
				: {}),
		});
		if (!resolved.ok) {
			errors.push(...resolved.errors.map(message => `${pane.name}: ${message}`));
			continue;
		}

		const {policy} = resolved;
		let problem: string | undefined;
		if (policy.mode !== 'off') {
			// eslint-disable-next-line no-await-in-loop
			availability ??= await checkAvailability({bwrap: settings.sandbox.bwrap, socat: settings.sandbox.socat, env});
			if (!availability.ok) problem = availability.reason;
			else if (policy.network !== 'off' && availability.socat === undefined) problem = `socat (${settings.sandbox.socat}) is not installed`;
		}

		reports.push({
			pane: pane.name,
			...(profile ? {agent: profile.name} : {}),
			mode: policy.mode,
			prefer: policy.fallback,
			airGapped: policy.airGapped,
			writable: policy.writable,
			readable: policy.readable,
			denied: policy.denied,
			protected: policy.protected,
			network: policy.network,
			starts: problem === undefined || policy.fallback,
			...(problem === undefined ? {} : {problem}),
		});
	}

	if (json) {
		io.stdout.write(`${JSON.stringify(errors.length > 0 ? {panes: reports, errors} : reports, undefined, 2)}\n`);
	} else {
		for (const report of reports) io.stdout.write(describe(report, home));
		for (const error of errors) io.stderr.write(`${error}\n`);
	}

	return errors.length > 0 ? 2 : reports.every(report => report.starts) ? 0 : 1;
}

function describe(report: PaneReport, home: string): string {
	const show = (list: string[]) => (list.length === 0 ? '(none)' : list.map(entry => displayPath(entry, home)).join(', '));
	const head = `${report.pane}${report.agent ? ` (agent ${report.agent})` : ''}: `;
	if (report.mode === 'off') return `${head}no sandbox: reads, writes and reaches whatever you can\n\n`;
	const lines = [
		`${head}sandbox ${report.mode}${report.prefer ? ' (prefer: unsandboxed, marked, where it cannot start)' : ''}`,
		`  write:      ${show(report.writable)}, a private /tmp`,
		'  read:       everything else, read-only',
		`  unreadable: ${show(report.denied)}`,
		`  read-only inside what it writes: ${show(report.protected)}`,
		`  network:    ${report.network === 'off' ? 'none' : report.airGapped ? 'loopback only (airGapped)' : report.network.length === 0 ? 'nothing (every attempt is refused and audited)' : `${report.network.join(', ')}, through agentmux's proxy`}`,
	];
	if (report.readable.length > 0) lines.splice(3, 0, `  read again: ${show(report.readable)}`);
	if (report.problem !== undefined) lines.push(report.starts ? `  starts UNSANDBOXED here: ${report.problem}` : `  would NOT start here: ${report.problem}`);
	return `${lines.join('\n')}\n\n`;
}
