import {createRequire} from 'node:module';
import type net from 'node:net';
import {fromPackageRoot} from '../security/package-root.js';

/** Who is at the other end of a Unix socket, as the kernel recorded it at connect(2). */
export type PeerCredentials = {pid: number; uid: number; gid: number};

type Binding = {peerCredentials(fd: number): PeerCredentials};

let binding: Binding | undefined;

/**
 * Loads the small native addon (native/peer-credentials.c, built by `npm install` with node-gyp,
 * as node-pty is). Node's net module has no SO_PEERCRED, and guessing the peer from /proc is racy.
 */
export function loadPeerCredentials(): Binding {
	if (binding !== undefined) return binding;
	const file = fromPackageRoot('build', 'Release', 'peer_credentials.node');
	try {
		binding = createRequire(import.meta.url)(file) as Binding;
	} catch (error) {
		throw new Error(
			`agentmux cannot check who connects to its hook socket: ${file} did not load (${(error as Error).message.split('\n')[0]}). Run \`npm install\` in the agentmux folder to build it.`,
		);
	}

	return binding;
}

/** The credentials of the process connected to `socket`. */
export function socketPeer(socket: net.Socket): PeerCredentials {
	// libuv keeps the descriptor on the handle; it is not part of Node's public API.
	const fd = (socket as unknown as {_handle?: {fd?: unknown}})._handle?.fd;
	if (typeof fd !== 'number' || fd < 0) {
		throw new Error('the connection has no file descriptor');
	}

	return loadPeerCredentials().peerCredentials(fd);
}
