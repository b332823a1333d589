/**
 * A child process of the credential proxy bench: `upstream` runs a fake provider on 127.0.0.1
 * (`/small`: a short JSON answer; `/stream?bytes=N`: server-sent events, N bytes in 4 KiB
 * events); `proxy URL STATE_DIR` runs agentmux's credential proxy in front of it. Each prints one
 * JSON line saying where it listens, then runs until its stdin closes.
 */
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import process from 'node:process';
import {pathToFileURL} from 'node:url';

const [mode, upstreamUrl, stateDir] = process.argv.slice(2);
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

async function upstream(): Promise<void> {
	const event = `data: ${'x'.repeat(4090)}\n\n`;
	const server = http.createServer((request, response) => {
		request.resume();
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		if (url.pathname.endsWith('/paced')) {
			// A model's answer: small events spaced in time, each stamped with when it was sent (ms since the epoch).
			let left = Number(url.searchParams.get('events') ?? 100);
			const gapMs = Number(url.searchParams.get('gapMs') ?? 5);
			response.writeHead(200, {'content-type': 'text/event-stream'});
			const timer = setInterval(() => {
				response.write(`data: {"sent":${performance.timeOrigin + performance.now()}}\n\n`);
				if (--left <= 0) {
					clearInterval(timer);
					response.end();
				}
			}, gapMs);
			return;
		}

		if (url.pathname.endsWith('/stream')) {
			let left = Number(url.searchParams.get('bytes') ?? 1e6);
			response.writeHead(200, {'content-type': 'text/event-stream'});
			const send = () => {
				while (left > 0) {
					left -= event.length;
					if (!response.write(event)) {
						response.once('drain', send);
						return;
					}
				}

				response.end();
			};

			send();
			return;
		}

		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"id":"msg_1","type":"message","content":[{"type":"text","text":"OK"}]}');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	process.stdout.write(`${JSON.stringify({url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`})}\n`);
}

async function proxy(): Promise<void> {
	process.env['AGENTMUX_STATE_DIR'] = stateDir!;
	const load = async <T>(file: string) => (await import(pathToFileURL(path.join(repoRoot, 'dist/source/credentials', file)).href)) as T;
	const {CredentialService} = await load<typeof import('../source/credentials/credential-service.js')>('credential-service.js');
	const {credentialProxySettingsSchema} = await load<typeof import('../source/credentials/credential-settings.js')>('credential-settings.js');
	const settings = credentialProxySettingsSchema.parse({anthropic: {upstream: upstreamUrl}});
	const service = new CredentialService(settings, {ANTHROPIC_API_KEY: 'sk-ant-bench-real-key'}, path.join(stateDir!, 'audit.jsonl'));
	const running = await service.start();
	const {env} = running.grant({session: 'bench', pane: 'bench', cwd: stateDir!}, ['anthropic']);
	process.stdout.write(`${JSON.stringify({url: env['ANTHROPIC_BASE_URL'], key: env['ANTHROPIC_API_KEY']})}\n`);
	process.stdin.on('end', () => {
		void service.close();
	});
}

process.stdin.resume();
process.stdin.on('end', () => {
	process.exit(0);
});
await (mode === 'upstream' ? upstream() : proxy());
