import {spawn} from 'node:child_process';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {median, percentile, round} from './stats.js';

// What an agent waits for before every tool it runs: Claude Code starts `agentmux hook claude
// PreToolUse`, which asks agentmux's policy over the hook socket and prints the answer. Measured
// as the agent sees it, from spawn to exit, against the built CLI.

export type HookFigures = {runs: number; medianMs: number | null; p90Ms: number | null; bareNodeMedianMs: number | null};

type HookServerModule = {
	HookServer: {start(options: {judge(pane: string, command: string): Promise<{decision: 'allow' | 'confirm' | 'deny'}>}): Promise<{socketPath: string; token: string; close(): Promise<void>}>};
};

async function timeProcess(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<number> {
	const start = performance.now();
	await new Promise<void>((resolve, reject) => {
		const child = spawn(process.execPath, args, {env, stdio: ['pipe', 'ignore', 'ignore']});
		child.on('error', reject);
		child.on('close', () => {
			resolve();
		});
		child.stdin.end(input);
	});
	return performance.now() - start;
}

export async function measureHook(repoRoot: string, runs: number): Promise<HookFigures> {
	const {HookServer} = (await import(pathToFileURL(path.join(repoRoot, 'dist/source/agents/hook-channel.js')).href)) as HookServerModule;
	const server = await HookServer.start({judge: async () => ({decision: 'confirm'})});
	const env = {...process.env, AGENTMUX_HOOK_SOCKET: server.socketPath, AGENTMUX_HOOK_TOKEN: server.token, AGENTMUX_PANE: 'bench'};
	const input = JSON.stringify({hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {command: 'rm -rf build'}});
	const cli = path.resolve(repoRoot, process.env['AGENTMUX_BENCH_CLI'] ?? 'dist/bundle/cli.js');
	const hook: number[] = [];
	const bare: number[] = [];
	try {
		for (let run = 0; run < runs; run++) {
			// eslint-disable-next-line no-await-in-loop
			hook.push(await timeProcess([cli, 'hook', 'claude', 'PreToolUse'], env, input));
			// eslint-disable-next-line no-await-in-loop
			bare.push(await timeProcess(['-e', '0'], env, ''));
		}
	} finally {
		await server.close();
	}

	return {runs, medianMs: round(median(hook), 1), p90Ms: round(percentile(hook, 90), 1), bareNodeMedianMs: round(median(bare), 1)};
}
