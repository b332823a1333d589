import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

let cached: string | undefined;

/**
 * Directory of the agentmux package, found by walking up from this module.
 *
 * Compiled code runs from dist/source/security and tests from dist/test, so a
 * fixed number of `..` would break one of them; the package.json name is the
 * one stable landmark.
 */
export function packageRoot(from: string = import.meta.url): string {
	if (cached !== undefined && from === import.meta.url) return cached;
	let directory = path.dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
	for (;;) {
		const manifest = path.join(directory, 'package.json');
		if (existsSync(manifest) && readName(manifest) === 'agentmux') {
			if (from === import.meta.url) cached = directory;
			return directory;
		}

		const parent = path.dirname(directory);
		if (parent === directory) {
			throw new Error(`agentmux package root not found above ${from}`);
		}

		directory = parent;
	}
}

/** Absolute path of a file inside the package, e.g. `fromPackageRoot('node_modules', ...)`. */
export function fromPackageRoot(...segments: string[]): string {
	return path.join(packageRoot(), ...segments);
}

function readName(manifest: string): string | undefined {
	try {
		const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
		if (parsed && typeof parsed === 'object' && 'name' in parsed && typeof parsed.name === 'string') {
			return parsed.name;
		}
	} catch {
		// An unreadable or broken package.json is simply not ours; keep walking.
	}

	return undefined;
}
