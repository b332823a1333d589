import fs from 'node:fs/promises';
import path from 'node:path';
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
	return `'${word.replaceAll('\'', '\'\\\'\'')}'`;
}

/** What a pane needs to start an agent. */
export type AgentLaunch = {
	file: string;
	args: string[];
	/** Variables to add to the pane's environment (after scrubbing). */
	env: Record<string, string>;
	/** Names to keep through credential scrubbing: the profile's keys plus agentmux's hook token. */
	keepEnv: string[];
	/** Files to write (mode 0600) before starting, e.g. Gemini's settings; inside the hook server's private directory. */
	files: Array<{path: string; content: string}>;
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
	/** Extra arguments for this pane (from the workspace). */
	extraArgs?: string[];
	/** The contents of Gemini's existing system-defaults file, kept under our hooks (see readGeminiSystemDefaults). */
	geminiSystemDefaults?: Record<string, unknown>;
};

/** Builds the argv, environment and files for an agent pane. Pure: nothing is written or started. */
export function buildAgentLaunch(options: LaunchOptions): AgentLaunch {
	const {profile, hook, pane} = options;
	const hookArgs: string[] = [];
	const env: Record<string, string> = {AGENTMUX_PANE: pane};
	const files: AgentLaunch['files'] = [];
	const hookArgv = (agent: string, event: string) => [options.execPath, options.cliPath, 'hook', agent, event];
	const hookCommand = (agent: string, event: string) => hookArgv(agent, event).map(word => shellQuote(word)).join(' ');
	if (hook) {
		env['AGENTMUX_HOOK_SOCKET'] = hook.socketPath;
		env['AGENTMUX_HOOK_TOKEN'] = hook.token;
		switch (profile.hooks) {
			case 'claude': {
				const entry = (event: string, matcher?: string) => [{
					...(matcher === undefined ? {} : {matcher}),
					hooks: [{type: 'command', command: hookCommand('claude', event), timeout: 60}],
				}];
				const settings = {
					hooks: {
						PreToolUse: entry('PreToolUse', 'Bash'),
						Notification: entry('Notification', ''),
						Stop: entry('Stop'),
						UserPromptSubmit: entry('UserPromptSubmit'),
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
				const base = options.geminiSystemDefaults ?? {};
				const baseHooks = (base['hooks'] ?? {}) as Record<string, unknown[]>;
				const ours: Record<string, unknown> = {
					BeforeTool: entry('BeforeTool', 'run_shell_command'),
					Notification: entry('Notification'),
					BeforeAgent: entry('BeforeAgent'),
					AfterAgent: entry('AfterAgent'),
				};
				const hooks: Record<string, unknown> = {...baseHooks};
				for (const [event, definition] of Object.entries(ours)) {
					hooks[event] = [...(Array.isArray(baseHooks[event]) ? baseHooks[event] : []), definition];
				}

				const file = path.join(hook.directory, `gemini-${pane.replaceAll(/[^\w-]/g, '_')}.json`);
				files.push({path: file, content: `${JSON.stringify({...base, hooks}, null, 2)}\n`});
				env['GEMINI_CLI_SYSTEM_DEFAULTS_PATH'] = file;
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

			case 'none': break;
		}
	}

	const args = [
		...hookArgs,
		...profile.args,
		...(options.extraArgs ?? []),
		...(options.resume && profile.resumeArgs ? profile.resumeArgs : []),
	];
	return {
		file: profile.command,
		args,
		env,
		keepEnv: [...new Set([...profile.env, 'AGENTMUX_HOOK_TOKEN', 'AGENTMUX_HOOK_SOCKET'])],
		files,
	};
}

/** Gemini's current system-defaults settings (GEMINI_CLI_SYSTEM_DEFAULTS_PATH or the platform file), or {}. */
export async function readGeminiSystemDefaults(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): Promise<Record<string, unknown>> {
	const systemSettings = env['GEMINI_CLI_SYSTEM_SETTINGS_PATH']
		?? (platform === 'darwin' ? '/Library/Application Support/GeminiCli/settings.json' : platform === 'win32' ? 'C:\\ProgramData\\gemini-cli\\settings.json' : '/etc/gemini-cli/settings.json');
	const file = env['GEMINI_CLI_SYSTEM_DEFAULTS_PATH'] ?? path.join(path.dirname(systemSettings), 'system-defaults.json');
	try {
		const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
	} catch {
		return {};
	}
}

/** Writes a launch's files, readable by the user only. */
export async function writeLaunchFiles(launch: AgentLaunch): Promise<void> {
	for (const file of launch.files) {
		await fs.writeFile(file.path, file.content, {mode: 0o600});
	}
}
