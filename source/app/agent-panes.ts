import path from 'node:path';
import {buildAgentLaunch, writeLaunchFiles} from '../agents/agent-launch.js';
import {ProfileError, resolveProfile} from '../agents/builtin-profiles.js';
import type {HookServer} from '../agents/hook-channel.js';
import type {AgentProfile} from '../agents/profile-schema.js';
import type {Settings} from '../config/settings-schema.js';
import type {PaneSpec} from '../config/workspace.js';
import {cliPath} from '../startup/cli-location.js';

export type PreparedPanes = {
	panes: PaneSpec[];
	/** The profile of each agent pane, by pane name. */
	profiles: Map<string, AgentProfile>;
	errors: string[];
};

/** Gives every pane a name no other pane has: hooks report by name. */
export function uniqueNames(panes: PaneSpec[]): PaneSpec[] {
	const seen = new Map<string, number>();
	return panes.map(pane => {
		const count = (seen.get(pane.name) ?? 0) + 1;
		seen.set(pane.name, count);
		return count === 1 ? pane : {...pane, name: `${pane.name}-${count}`};
	});
}

/**
 * Turns agent panes into panes that can start: the profile's argv, hooks
 * wired to agentmux (never the user's own agent settings), and the
 * credential variables the agent needs kept through scrubbing.
 */
export async function prepareAgentPanes(specs: PaneSpec[], settings: Settings, hookServer: HookServer | undefined): Promise<PreparedPanes> {
	const profiles = new Map<string, AgentProfile>();
	const errors: string[] = [];
	const panes: PaneSpec[] = [];
	for (const spec of uniqueNames(specs)) {
		if (!spec.agent) {
			panes.push(spec);
			continue;
		}

		let profile: AgentProfile;
		try {
			profile = resolveProfile(spec.agent, settings.agents, {shell: settings.shell ?? process.env['SHELL']});
		} catch (error) {
			errors.push(...(error instanceof ProfileError ? error.issues : [(error as Error).message]));
			continue;
		}

		const launch = buildAgentLaunch({
			profile,
			pane: spec.name,
			hook: hookServer ? {...hookServer.address, directory: hookServer.directory} : undefined,
			cliPath,
			execPath: process.execPath,
			resume: spec.resume,
			...(spec.resumeId === undefined ? {} : {resumeId: spec.resumeId}),
			extraArgs: spec.args,
			realHome: process.env['GEMINI_CLI_HOME'] || process.env['HOME'] || undefined,
		});
		// eslint-disable-next-line no-await-in-loop
		await writeLaunchFiles(launch);
		const kept: Record<string, string> = {};
		for (const name of launch.keepEnv) {
			const value = process.env[name];
			if (value !== undefined) {
				kept[name] = value;
			}
		}

		if (profile.name !== 'shell') {
			profiles.set(spec.name, profile);
		}

		panes.push({...spec, command: launch.file, args: launch.args, env: {...kept, ...spec.env, ...launch.env}});
	}

	return {panes, profiles, errors};
}

/** The program an agent pane runs, for messages. */
export function programName(spec: PaneSpec): string {
	return path.basename(spec.command);
}
