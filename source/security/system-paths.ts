import os from 'node:os';
import path from 'node:path';
import {expandTilde, isStartupFile} from './startup-files.js';

// Top-level directories whose contents belong to the operating system, not
// to a project: writing, moving or deleting there needs a human.
const systemRoots = [
	'/etc',
	'/usr',
	'/boot',
	'/bin',
	'/sbin',
	'/lib',
	'/lib32',
	'/lib64',
	'/libx32',
	'/sys',
	'/proc',
	'/root',
	'/var',
	'/opt',
	'/srv',
	'/snap',
	'/System',
	'/Library',
	'/private/etc',
	'/private/var',
	'/Applications',
];
// Inside those roots, scratch areas where writing is ordinary.
const scratch = ['/var/tmp', '/var/folders', '/private/var/folders', '/private/tmp'];

// Device files that are safe to write: sinks, terminals, the process's own descriptors.
const safeDevices = /^\/dev\/(null|zero|full|random|urandom|stdout|stderr|stdin|tty\d*|console|ptmx|fd\/\d+|pts\/\d+|shm(\/.*)?)$/;

/** Expands `~`, `$HOME` and `${HOME}` so home-relative paths can be recognised. */
export function expandHome(value: string, home = os.homedir()): string {
	return expandTilde(value, home);
}

function normalise(value: string): string | undefined {
	const expanded = expandHome(value);
	if (!expanded.startsWith('/')) return undefined;
	return path.posix.normalize(expanded).replace(/\/+$/, '') || '/';
}

/** `/` itself, or a path under a system directory (not a scratch area). */
export function isSystemPath(value: string): boolean {
	const normal = normalise(value);
	if (normal === undefined) return false;
	if (normal === '/') return true;
	// Running as root makes /root the home directory: treat it as home, not system.
	const home = os.homedir();
	if (home !== '/' && (normal === home || normal.startsWith(`${home}/`))) return false;
	if (scratch.some(root => normal === root || normal.startsWith(`${root}/`))) return false;
	return systemRoots.some(root => normal === root || normal.startsWith(`${root}/`));
}

/** A device node other than the harmless ones (`/dev/sda`, `/dev/nvme0n1`, `/dev/disk2`, …). */
export function isDevicePath(value: string): boolean {
	const normal = normalise(value);
	return normal?.startsWith('/dev/') === true && !safeDevices.test(normal);
}

/** A dotfile or dot-directory entry directly or indirectly in a home directory (`~/.bashrc`, `~/.ssh/config`). */
export function isHomeDotfile(value: string, home = os.homedir()): boolean {
	const normal = normalise(value);
	if (normal === undefined) return false;
	const homes = [home, '/root'];
	const match = /^(\/home\/[^/]+|\/Users\/[^/]+)\//.exec(normal);
	if (match?.[1]) homes.push(match[1]);
	return homes.some(base => normal.startsWith(`${base}/.`) && normal.length > base.length + 2);
}

/** Protected target for a write: device, system path or home dotfile; returns a rule id or undefined. */
export function protectedWriteRule(value: string, overwrite: boolean, cwd?: string): string | undefined {
	if (isDevicePath(value)) return 'device-write';
	if (isStartupFile(value, cwd)) return 'startup-file-write';
	if (isSystemPath(value)) return 'system-path-write';
	if (overwrite && isHomeDotfile(value)) return 'dotfile-overwrite';
	return undefined;
}
