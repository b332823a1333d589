import fs from 'node:fs';
import type net from 'node:net';
import process from 'node:process';
import {socketPeer} from '../agents/peer-credentials.js';

/*
 * What the hook channel and the session server share: a Unix socket in a folder only this user
 * can enter, a 0600 socket file, and a kernel-recorded peer uid checked on every connection.
 * The few file calls here are synchronous: each is one system call, made once per folder or
 * socket, and the attaching client then loads no fs/promises.
 */

/** Why `directory` is not a private folder of this user, or undefined when it is. */
export function privateDirectoryProblem(directory: string): string | undefined {
	let stat: fs.Stats;
	try {
		stat = fs.lstatSync(directory);
	} catch (error) {
		return `${directory}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
	}

	const uid = process.getuid?.();
	if (stat.isSymbolicLink()) return `${directory} is a symbolic link`;
	if (!stat.isDirectory()) return `${directory} is not a directory`;
	if (uid !== undefined && stat.uid !== uid) return `${directory} is owned by uid ${stat.uid}, not ${uid}`;
	if ((stat.mode & 0o077) !== 0) return `${directory} is accessible to others (mode ${(stat.mode & 0o777).toString(8)}, must be 700)`;
	return undefined;
}

/** Throws with the reason when `directory` is not a private folder of this user. */
export async function assertPrivateDirectory(directory: string): Promise<void> {
	const problem = privateDirectoryProblem(directory);
	if (problem !== undefined) {
		throw new Error(`refusing the socket folder: ${problem}`);
	}
}

/** Creates `directory` 0700 when missing (never following a link), then checks it is private. */
export async function ensurePrivateDirectory(directory: string): Promise<void> {
	try {
		fs.mkdirSync(directory, {mode: 0o700});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}

	await assertPrivateDirectory(directory);
}

/** Listens on `socketPath` with the socket 0600 from the moment bind(2) creates it. */
export async function listenPrivate(server: net.Server, socketPath: string): Promise<void> {
	const listening = new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.once('listening', () => {
			server.off('error', reject);
			resolve();
		});
	});
	// The umask narrows the socket's mode from the moment bind(2) creates it (the bind happens inside
	// listen() for a path); it is restored at once because it is process-wide.
	const previous = process.umask(0o177);
	try {
		server.listen(socketPath);
	} finally {
		process.umask(previous);
	}

	await listening;
	fs.chmodSync(socketPath, 0o600);
}

/** Why the process at the other end of `socket` may not talk to us, or undefined when it may. */
export function refusePeer(socket: net.Socket, expected = process.getuid?.()): string | undefined {
	if (expected === undefined) return undefined;
	try {
		const peer = socketPeer(socket);
		return peer.uid === expected ? undefined : `peer uid ${peer.uid} (pid ${peer.pid}) is not ${expected}`;
	} catch (error) {
		return `peer credentials unreadable: ${(error as Error).message}`;
	}
}
