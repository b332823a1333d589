import {type ChildProcess, spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import readline from 'node:readline';
import {median, percentile, round} from './stats.js';

// The credential proxy's cost, as an agent sees it: a request to the fake provider straight, and
// the same request through agentmux's proxy (stand-in checked, key swapped, audited), alternated
// so that the machine's load hits both alike. Provider, proxy and client are separate processes.

export type CredentialProxyFigures = {
	requests: number;
	directMedianMs: number | null;
	proxiedMedianMs: number | null;
	addedMedianMs: number | null;
	addedP90Ms: number | null;
	streamBytes: number;
	directStreamMBps: number | null;
	proxiedStreamMBps: number | null;
	/** Proxied streaming time over direct: 1 means the proxy does not slow a streamed answer. */
	streamRatio: number | null;
	/** A paced, model-like stream: each event's delay from the upstream's write to the agent's read, median. */
	pacedEventDirectMs: number | null;
	pacedEventProxiedMs: number | null;
	/** What the proxy adds to each event of a paced stream (median, and at the 99th percentile). */
	pacedEventAddedMs: number | null;
	pacedEventAddedP99Ms: number | null;
	firstEventDirectMs: number | null;
	firstEventProxiedMs: number | null;
	/** CPU the proxy process spent per MB it streamed: what the load on the machine does not change. */
	proxyCpuMsPerMB: number | null;
	/** CPU the proxy process spent per small request (check, swap, forward, audit). */
	proxyCpuMsPerRequest: number | null;
};

/** User + system CPU of a process so far, in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return Number.NaN;
	}
}

async function startChild(script: string, args: string[]): Promise<{child: ChildProcess; info: Record<string, string>}> {
	const child = spawn(process.execPath, [script, ...args], {stdio: ['pipe', 'pipe', 'inherit']});
	const line = await new Promise<string>((resolve, reject) => {
		readline.createInterface({input: child.stdout!}).once('line', resolve);
		child.once('exit', code => {
			reject(new Error(`bench child ${args[0]} exited with ${code}`));
		});
	});
	return {child, info: JSON.parse(line) as Record<string, string>};
}

const agent = new http.Agent({keepAlive: true, maxSockets: 1});

/** One request; resolves with the time to the first body byte and to the end. */
async function timed(url: string, key: string | undefined, method = 'POST'): Promise<{firstMs: number; totalMs: number; bytes: number}> {
	const start = performance.now();
	return new Promise((resolve, reject) => {
		const request = http.request(url, {method, agent, headers: {'content-type': 'application/json', ...(key ? {'x-api-key': key} : {})}}, response => {
			let first = 0;
			let bytes = 0;
			response.on('data', (chunk: Buffer) => {
				if (bytes === 0) first = performance.now() - start;
				bytes += chunk.length;
			});
			response.on('end', () => {
				if (response.statusCode !== 200) reject(new Error(`${url}: status ${response.statusCode}`));
				else resolve({firstMs: first, totalMs: performance.now() - start, bytes});
			});
		});
		request.on('error', reject);
		request.end('{"model":"bench","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}');
	});
}

/** A paced stream of small events; resolves with each event's delay from its sending to its arrival, in ms. */
async function pacedDelays(url: string, key: string): Promise<number[]> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, {method: 'POST', agent, headers: {'content-type': 'application/json', 'x-api-key': key}}, response => {
			const delays: number[] = [];
			let pending = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				const now = performance.timeOrigin + performance.now();
				pending += chunk;
				let end = pending.indexOf('\n\n');
				while (end !== -1) {
					const match = /"sent":([\d.]+)/.exec(pending.slice(0, end));
					if (match) delays.push(now - Number(match[1]));
					pending = pending.slice(end + 2);
					end = pending.indexOf('\n\n');
				}
			});
			response.on('end', () => {
				if (response.statusCode !== 200) reject(new Error(`${url}: status ${response.statusCode}`));
				else resolve(delays);
			});
		});
		request.on('error', reject);
		request.end('{}');
	});
}

export async function measureCredentialProxy(repoRoot: string, requests: number, streamBytes: number): Promise<CredentialProxyFigures> {
	const script = path.join(repoRoot, 'dist/bench/credential-proxy-child.js');
	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-bench-proxy-'));
	const upstream = await startChild(script, ['upstream']);
	const proxy = await startChild(script, ['proxy', upstream.info['url']!, stateDir]);
	try {
		const direct = upstream.info['url']!;
		const proxied = proxy.info['url']!;
		const key = proxy.info['key']!;
		for (let warm = 0; warm < 20; warm++) {
			// eslint-disable-next-line no-await-in-loop
			await timed(`${direct}/v1/messages`, 'sk-direct');
			// eslint-disable-next-line no-await-in-loop
			await timed(`${proxied}/v1/messages`, key);
		}

		const requestCpuStart = cpuMs(proxy.child.pid);
		const straight: number[] = [];
		const through: number[] = [];
		const added: number[] = [];
		for (let run = 0; run < requests; run++) {
			// eslint-disable-next-line no-await-in-loop
			const a = await timed(`${direct}/v1/messages`, 'sk-direct');
			// eslint-disable-next-line no-await-in-loop
			const b = await timed(`${proxied}/v1/messages`, key);
			straight.push(a.totalMs);
			through.push(b.totalMs);
			added.push(b.totalMs - a.totalMs);
		}

		const requestCpu = cpuMs(proxy.child.pid) - requestCpuStart;
		const streamCpuStart = cpuMs(proxy.child.pid);
		const streams = {direct: [] as number[], proxied: [] as number[], firstDirect: [] as number[], firstProxied: [] as number[]};
		for (let run = 0; run < 3; run++) {
			// eslint-disable-next-line no-await-in-loop
			const a = await timed(`${direct}/v1/stream?bytes=${streamBytes}`, 'sk-direct');
			// eslint-disable-next-line no-await-in-loop
			const b = await timed(`${proxied}/v1/stream?bytes=${streamBytes}`, key);
			streams.direct.push(a.totalMs);
			streams.proxied.push(b.totalMs);
			streams.firstDirect.push(a.firstMs);
			streams.firstProxied.push(b.firstMs);
		}

		const streamCpu = cpuMs(proxy.child.pid) - streamCpuStart;
		// A model-like answer: 200 events 5 ms apart, direct and through the proxy, alternated.
		const paced = {direct: [] as number[], proxied: [] as number[]};
		for (let run = 0; run < 3; run++) {
			// eslint-disable-next-line no-await-in-loop
			paced.direct.push(...(await pacedDelays(`${direct}/v1/paced?events=200&gapMs=5`, 'sk-direct')));
			// eslint-disable-next-line no-await-in-loop
			paced.proxied.push(...(await pacedDelays(`${proxied}/v1/paced?events=200&gapMs=5`, key)));
		}

		const mbps = (ms: number) => streamBytes / 1e6 / (ms / 1000);
		return {
			requests,
			directMedianMs: round(median(straight), 3),
			proxiedMedianMs: round(median(through), 3),
			addedMedianMs: round(median(added), 3),
			addedP90Ms: round(percentile(added, 0.9), 3),
			streamBytes,
			directStreamMBps: round(mbps(median(streams.direct)), 1),
			proxiedStreamMBps: round(mbps(median(streams.proxied)), 1),
			streamRatio: round(median(streams.proxied) / median(streams.direct), 2),
			pacedEventDirectMs: round(median(paced.direct), 3),
			pacedEventProxiedMs: round(median(paced.proxied), 3),
			pacedEventAddedMs: round(median(paced.proxied) - median(paced.direct), 3),
			pacedEventAddedP99Ms: round(percentile(paced.proxied, 0.99) - percentile(paced.direct, 0.99), 3),
			firstEventDirectMs: round(median(streams.firstDirect), 3),
			firstEventProxiedMs: round(median(streams.firstProxied), 3),
			proxyCpuMsPerMB: round(streamCpu / ((3 * streamBytes) / 1e6), 2),
			proxyCpuMsPerRequest: round(requestCpu / requests, 3),
		};
	} finally {
		agent.destroy();
		upstream.child.stdin!.end();
		proxy.child.stdin!.end();
		await Promise.all([upstream.child, proxy.child].map(async child => new Promise(resolve => child.once('exit', resolve))));
		fs.rmSync(stateDir, {recursive: true, force: true});
	}
}
