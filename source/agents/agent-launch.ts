import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {geminiExtensionFiles, mirrorGeminiHome} from './gemini-home.js';
import type {HookAddress} from './hook-channel.js';
import type {AgentProfile} from './profile-schema.js';

/*
 * Hook commands in Claude Code and Gemini CLI settings (and aider's --notifications-command) are
 * shell command strings that the agent itself runs through its shell. agentmux never starts a
 * shell: it only writes a string into the agent's settings, and quotes every word of it with POSIX
 * single quotes so that the agent's shell sees exactly our argv ([execPath, cliPath, 'hook', …])
 * however odd the paths are. Codex's notify takes an argv array, so no quoting is involved there.
 */

/** POSIX shell single-quoting: the word comes back unchanged from any POSIX shell. */
export function shellQuote(word: string): string {
	return `'${word.replaceAll("'", "'\\''")}'`;
}

/** What a pane needs to start an agent. */
export type AgentLaunch = {
	file: string;
	args: string[];
	/** Variables to add to the pane's environment (after scrubbing). */
	env: Record<string, string>;
	/** Names to keep through credential scrubbing: the profile's keys plus agentmux's hook token. */
	keepEnv: string[];
	/** Files to write (mode 0600) before starting, e.g. Gemini's hooks extension; inside the hook server's private directory. */
	files: Array<{path: string; content: string}>;
	/** Gemini panes: the mirrored home to build before the files are written (see gemini-home.ts). */
	geminiHome?: {mirror: string; realHome: string};
};

export type LaunchOptions = {
	profile: AgentProfile;
	/** The pane's id, as AGENTMUX_PANE. */
	pane: string;
	/** The hook server; without it no hooks are wired and the screen is the only source. */
	hook?: HookAddress & {directory: string};
	/** The agentmux CLI entry (process.argv[1]) and the node that runs it (process.execPath). */
	cliPath: string;
	execPath: string;
	/** Resume the agent's last conversation where the profile knows how. */
	resume?: boolean;
	/** Resume this conversation (the id the agent reported), where the profile knows how. */
	resumeId?: string;
	/** Extra arguments for this pane (from the workspace). */
	extraArgs?: string[];
	/** The user's home as Gemini CLI sees it ($GEMINI_CLI_HOME, else $HOME): mirrored for Gemini panes. */
	realHome?: string;
};

/** Builds the argv, environment and files for an agent pane. Pure: nothing is written or started. */
export function buildAgentLaunch(options: LaunchOptions): AgentLaunch {
	const {profile, hook, pane} = options;
	const hookArgs: string[] = [];
	const env: Record<string, string> = {AGENTMUX_PANE: pane};
	const files: AgentLaunch['files'] = [];
	let geminiHome: AgentLaunch['geminiHome'];
	const hookArgv = (agent: string, event: string) => [options.execPath, options.cliPath, 'hook', agent, event];
	const hookCommand = (agent: string, event: string) =>
		hookArgv(agent, event)
			.map(word => shellQuote(word))
			.join(' ');
	if (hook) {
		env['AGENTMUX_HOOK_SOCKET'] = hook.socketPath;
		env['AGENTMUX_HOOK_TOKEN'] = hook.token;
		switch (profile.hooks) {
			case 'claude': {
				const entry = (event: string, matcher?: string) => [
					{
						...(matcher === undefined ? {} : {matcher}),
						hooks: [{type: 'command', command: hookCommand('claude', event), timeout: 60}],
					},
				];
				const settings = {
					hooks: {
						PreToolUse: entry('PreToolUse', 'Bash'),
						Notification: entry('Notification', ''),
						Stop: entry('Stop'),
						UserPromptSubmit: entry('UserPromptSubmit'),
						// Its input carries the conversation's id: a restore resumes exactly this one.
						SessionStart: entry('SessionStart'),
					},
				};
				hookArgs.push('--settings', JSON.stringify(settings));
				break;
			}

			case 'gemini': {
				// Gemini may redact the hook's inherited environment, so our variables travel in the hook's own env.
				const hookEnv = {AGENTMUX_HOOK_SOCKET: hook.socketPath, AGENTMUX_HOOK_TOKEN: hook.token, AGENTMUX_PANE: pane};
				const entry = (event: string, matcher?: string) => ({
					...(matcher === undefined ? {} : {matcher}),
					hooks: [{type: 'command', name: `agentmux-${event}`, command: hookCommand('gemini', event), timeout: 60_000, env: hookEnv}],
				});
				const hooks = {
					BeforeTool: [entry('BeforeTool', 'run_shell_command')],
					Notification: [entry('Notification')],
					BeforeAgent: [entry('BeforeAgent')],
					AfterAgent: [entry('AfterAgent')],
					SessionStart: [entry('SessionStart')],
				};
				const mirror = path.join(hook.directory, `gemini-home-${pane.replaceAll(/[^\w-]/g, '_')}`);
				for (const file of geminiExtensionFiles(hooks)) files.push({path: path.join(mirror, file.path), content: file.content});
				env['GEMINI_CLI_HOME'] = mirror;
				geminiHome = {mirror, realHome: options.realHome ?? os.homedir()};
				break;
			}

			case 'codex-notify': {
				// -c values are parsed as TOML; a JSON array of strings is valid TOML.
				hookArgs.push('-c', `notify=${JSON.stringify(hookArgv('codex', 'notify'))}`);
				break;
			}

			case 'aider-notify': {
				hookArgs.push('--notifications', '--notifications-command', hookCommand('aider', 'notify'));
				break;
			}

			case 'none':
				break;
		}
	}

	const args = [...hookArgs, ...profile.args, ...(options.extraArgs ?? []), ...resumeArguments(profile, options)];
	return {
		file: profile.command,
		args,
		env,
		keepEnv: [...new Set([...profile.env, 'AGENTMUX_HOOK_TOKEN', 'AGENTMUX_HOOK_SOCKET'])],
		files,
		...(geminiHome ? {geminiHome} : {}),
	};
}

/** Writes a launch's files, readable by the user only. */
export async function writeLaunchFiles(launch: AgentLaunch): Promise<void> {
	if (launch.geminiHome) await mirrorGeminiHome(launch.geminiHome.mirror, launch.geminiHome.realHome);
	for (const file of launch.files) {
		await fs.writeFile(file.path, file.content, {mode: 0o600});
	}
}

/** The arguments that bring back a conversation: by id when one was saved, else the profile's "resume" when asked for. */
function resumeArguments(profile: AgentProfile, options: Pick<LaunchOptions, 'resume' | 'resumeId'>): string[] {
	if (options.resumeId !== undefined && profile.resumeIdArgs) {
		const id = options.resumeId;
		return profile.resumeIdArgs.map(word => word.replaceAll('{id}', id));
	}

	return options.resume && profile.resumeArgs ? profile.resumeArgs : [];
}
