import {CredentialAudit} from './credential-audit.js';
import {CredentialProxy} from './credential-proxy.js';
import type {CredentialProxySettings} from './credential-settings.js';
import {KeySource} from './key-source.js';

/**
 * The session server's credential proxy, started when the first pane that wants it starts and
 * closed with the server. It holds the real keys, read from the server's environment (the client
 * that started the server passed its own) when the server starts.
 */
export class CredentialService {
	readonly keys: KeySource;
	private readonly audit: CredentialAudit;
	private starting: Promise<CredentialProxy> | undefined;
	private proxy: CredentialProxy | undefined;

	constructor(
		private readonly settings: CredentialProxySettings,
		env: NodeJS.ProcessEnv,
		auditPath: string,
	) {
		this.keys = new KeySource(settings, env);
		this.audit = new CredentialAudit(auditPath);
	}

	/** The proxy, started on the first call. */
	async start(): Promise<CredentialProxy> {
		this.starting ??= CredentialProxy.start({settings: this.settings, keys: this.keys, audit: this.audit}).then(proxy => {
			this.proxy = proxy;
			return proxy;
		});
		return this.starting;
	}

	/** The proxy once it runs, else undefined. */
	get running(): CredentialProxy | undefined {
		return this.proxy;
	}

	/**
	 * Where the proxy listens, once it runs. For the sandbox: a pane in a network namespace has its
	 * own 127.0.0.1, so the sandbox forwards one port inside to this address and lets nothing else out.
	 */
	address(): {host: string; port: number} | undefined {
		return this.proxy?.address;
	}

	/** Stops the proxy (if it ran) and writes out what the audit still holds. */
	async close(): Promise<void> {
		const proxy = await this.starting?.catch(() => undefined);
		await proxy?.close();
		await this.audit.flush();
	}
}
