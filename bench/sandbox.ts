import fs from 'node:fs';
import path from 'node:path';
import pty from 'node-pty';
import {settingsSchema} from '../source/config/settings-schema.js';
import {SandboxHost} from '../source/sandbox/sandbox-host.js';
import {median, round} from './stats.js';

export type StartupFigures = {
	runs: number;
	/** From asking for the pane until its program's first output, medians in ms. */
	unsandboxedMs: number | null;
	/** network "off": bubblewrap alone. */
	sandboxedOffMs: number | null;
	/** A network list: the proxy listening, bubblewrap, and socat bridging it in. */
	sandboxedNetworkMs: number | null;
	extraOffMs: number | null;
	extraNetworkMs: number | null;
};

/** Starts `file args` in a pty the way a Session does and resolves when it first writes. */
async function firstOutput(file: string, args: string[], cwd: string, env: Record<string, string>): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const child = pty.spawn(file, args, {name: 'xterm-256color', cols: 80, rows: 24, cwd, env});
		let seen = '';
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`no output from ${file} in 10 s: ${seen}`));
		}, 10_000);
		child.onData(data => {
			seen += data;
			if (seen.includes('ready')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.onExit(() => {
			clearTimeout(timer);
			if (seen.includes('ready')) resolve();
			else reject(new Error(`${file} exited without output: ${seen}`));
		});
	});
}

/**
 * The extra time to start a sandboxed pane: the sandbox's own preparation (policy, proxy) plus
 * bubblewrap, against the same program started as an unsandboxed pane starts it. Runs alternate.
 */
export async function measureSandboxStartup(root: string, env: Record<string, string>, runs: number): Promise<StartupFigures> {
	const cwd = path.join(root, 'sandbox-cwd');
	fs.mkdirSync(cwd, {recursive: true});
	const settings = settingsSchema.parse({}).sandbox;
	const host = new SandboxHost(settings, false, env);
	const echo = '/bin/echo';
	const times = {plain: [] as number[], off: [] as number[], network: [] as number[]};
	try {
		// One untimed round: the trial run and the private folder happen once per server.
		await host.prepare({owner: {}, input: {cwd, layers: ['workspace']}, paneEnv: {}, onDenied() {}});
		for (let run = 0; run < runs; run++) {
			let started = performance.now();
			// eslint-disable-next-line no-await-in-loop
			await firstOutput(echo, ['ready'], cwd, env);
			times.plain.push(performance.now() - started);
			for (const [kind, network] of [
				['off', 'off'],
				['network', ['localhost:1']],
			] as const) {
				const owner = {};
				started = performance.now();
				// eslint-disable-next-line no-await-in-loop
				const prepared = await host.prepare({owner, input: {cwd, layers: [{mode: 'workspace', network: network === 'off' ? 'off' : [...network]}]}, paneEnv: {}, onDenied() {}});
				if (prepared.kind !== 'sandboxed') throw new Error(`the sandbox did not start: ${JSON.stringify(prepared)}`);
				const launch = prepared.wrap(echo, ['ready'], env);
				// eslint-disable-next-line no-await-in-loop
				await firstOutput(launch.file, launch.args, cwd, launch.env);
				times[kind].push(performance.now() - started);
				// eslint-disable-next-line no-await-in-loop
				await host.release(owner);
			}
		}
	} finally {
		await host.close();
	}

	const plain = median(times.plain);
	const off = median(times.off);
	const network = median(times.network);
	return {
		runs,
		unsandboxedMs: round(plain, 1),
		sandboxedOffMs: round(off, 1),
		sandboxedNetworkMs: round(network, 1),
		extraOffMs: round(off - plain, 1),
		extraNetworkMs: round(network - plain, 1),
	};
}
