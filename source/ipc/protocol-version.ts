import {readFileSync} from 'node:fs';
import {fromPackageRoot} from '../security/package-root.js';

/*
 * The protocol's numbers and the handshake's words, with no schema library behind them: the
 * attaching client loads this before its first frame, and a validator's start-up is not on that path.
 */

/** Bumped whenever a message changes shape; a client and server must agree on it and on the package version. */
const protocolRevision = 5;

let version: string | undefined;

/** What a client and a server compare in the handshake. */
export function protocolVersion(): string {
	if (version === undefined) {
		let packageVersion = 'unknown';
		try {
			packageVersion = (JSON.parse(readFileSync(fromPackageRoot('package.json'), 'utf8')) as {version?: string}).version ?? packageVersion;
		} catch {
			// Still comparable: both sides read the same file when they are the same install.
		}

		version = `${packageVersion}/${protocolRevision}`;
	}

	return version;
}

/** The words a user sees when client and server differ. */
export function versionMismatch(client: string, server: string): string {
	return `agentmux: this client (${client}) and the running server (${server}) are different versions: restart the server (agentmux kill-server)`;
}

/** Longest message a client may send: a whole workspace fits, a flood of garbage does not. */
export const maxClientMessageBytes = 1024 * 1024;
/** Longest message a server sends (a full frame of a very large terminal fits many times). */
export const maxServerMessageBytes = 64 * 1024 * 1024;

/**
 * The client says how much it has drawn every this many bytes, and the server draws ahead of
 * what was said by at most drawWindowBytes: a terminal that shows output slower than panes
 * make it gets the latest screen, not a queue of old frames, and a typed key's echo is never
 * behind more than the window.
 */
export const drawnAckBytes = 16 * 1024;
export const drawWindowBytes = 64 * 1024;
