import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import type {CredentialProxySettings} from './credential-settings.js';
import {type ProviderId, providerIds, providers} from './providers.js';

/** A key command that takes longer than this is given up on (it may be waiting for a passphrase nobody sees). */
const keyCommandTimeoutMs = 15_000;

/** Why no key could be had; the message never holds the key or what a key command printed. */
export class KeyError extends Error {}

/**
 * The real provider keys, held in the server process only: read from the user's environment when
 * agentmux starts, or from the key file or key command named in the settings, on first use.
 */
export class KeySource {
	private readonly fromEnv = new Map<ProviderId, string>();
	private readonly cache = new Map<ProviderId, Promise<string>>();

	constructor(
		private readonly settings: CredentialProxySettings,
		env: NodeJS.ProcessEnv,
	) {
		for (const id of providerIds) {
			const names = settings[id].keyEnv === undefined ? providers[id].keyEnv : [settings[id].keyEnv];
			const value = names.map(name => env[name]?.trim()).find(candidate => candidate !== undefined && candidate !== '');
			if (value !== undefined) this.fromEnv.set(id, value);
		}
	}

	/** Whether a key for the provider may be had: in the environment, or a file or command is named. */
	available(id: ProviderId): boolean {
		const configured = this.settings[id];
		return configured.keyCommand !== undefined || configured.keyFile !== undefined || this.fromEnv.has(id);
	}

	/** Where the key comes from, for messages. */
	describe(id: ProviderId): string {
		const configured = this.settings[id];
		if (configured.keyCommand) return `the key command ${configured.keyCommand[0]}`;
		if (configured.keyFile) return `the key file ${configured.keyFile}`;
		return `$${configured.keyEnv ?? providers[id].keyEnv.join(' or $')}`;
	}

	/** The real key; a failed read is not remembered, so the next request tries again. */
	async key(id: ProviderId): Promise<string> {
		let pending = this.cache.get(id);
		if (!pending) {
			pending = this.read(id);
			this.cache.set(id, pending);
			pending.catch(() => {
				this.cache.delete(id);
			});
		}

		return pending;
	}

	private async read(id: ProviderId): Promise<string> {
		const configured = this.settings[id];
		if (configured.keyCommand) return runKeyCommand(configured.keyCommand);
		if (configured.keyFile) return readKeyFile(configured.keyFile);
		const value = this.fromEnv.get(id);
		if (value === undefined) throw new KeyError(`no ${providers[id].label} key: ${this.describe(id)} was not set when agentmux started, and no keyFile or keyCommand is set`);
		return value;
	}
}

function expandHome(file: string): string {
	return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}

/** The first line of a key file that is the user's own, a regular file, and closed to others. */
async function readKeyFile(file: string): Promise<string> {
	const resolved = expandHome(file);
	let handle: fs.FileHandle;
	try {
		// O_NOFOLLOW: a link planted in place of the file is refused, not followed.
		handle = await fs.open(resolved, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
	} catch (error) {
		throw new KeyError(`key file ${file}: cannot open: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}

	try {
		const stat = await handle.stat();
		if (!stat.isFile()) throw new KeyError(`key file ${file}: not a regular file`);
		if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) throw new KeyError(`key file ${file}: owned by another user`);
		if ((stat.mode & 0o077) !== 0) throw new KeyError(`key file ${file}: readable by others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`);
		const first = (await handle.readFile('utf8')).split('\n')[0]?.trim() ?? '';
		if (first === '') throw new KeyError(`key file ${file}: empty`);
		return first;
	} finally {
		await handle.close();
	}
}

/** The first line a key command prints; started from its argv, never through a shell. */
async function runKeyCommand(argv: string[]): Promise<string> {
	const [file, ...args] = argv as [string, ...string[]];
	const result = await execa(file, args, {stdin: 'ignore', stderr: 'ignore', timeout: keyCommandTimeoutMs, reject: false, stripFinalNewline: true});
	if (result.failed) {
		const why = result.timedOut ? `took over ${keyCommandTimeoutMs / 1000} s` : result.exitCode === undefined ? (result.code ?? 'could not start') : `exited with code ${result.exitCode}`;
		throw new KeyError(`key command ${file}: ${why}`);
	}

	const first = String(result.stdout).split('\n')[0]?.trim() ?? '';
	if (first === '') throw new KeyError(`key command ${file}: printed nothing`);
	return first;
}
