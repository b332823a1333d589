import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {runningFromBundle} from './cli-location.js';

/**
 * Where Node keeps the compiled code of agentmux's modules between runs: the user's cache
 * folder, private. The cache is code that runs, so a folder another user could write to is
 * never used.
 */
function privateCacheDirectory(): string | undefined {
	const base = process.env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
	const directory = path.join(base, 'agentmux', 'compile-cache');
	fs.mkdirSync(directory, {recursive: true, mode: 0o700});
	const uid = process.getuid?.();
	for (const folder of [path.dirname(directory), directory]) {
		const stats = fs.lstatSync(folder);
		if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || (stats.mode & 0o077) !== 0) {
			return undefined;
		}
	}

	return directory;
}

/**
 * Makes start-up cheaper, for the server above all (it loads React, Ink, xterm.js, the
 * policy's parsers): about 560 modules instead of 980, compiled once and then read from a
 * private cache. Nothing here changes what runs; a failure only costs the speed.
 */
export function speedUpModuleLoading(): void {
	try {
		const directory = privateCacheDirectory();
		if (directory) {
			module.enableCompileCache?.(directory);
		}
	} catch {
		// No cache: the modules are compiled as usual.
	}

	// Ink imports one function (throttle) from es-toolkit's compat entry, which loads all 415 of
	// its modules. The same function's own module is loaded instead. The bundle did this when it
	// was built, and a resolve hook would only slow its few imports down.
	if (runningFromBundle) return;
	module.registerHooks?.({
		resolve(specifier, context, nextResolve) {
			const resolved = nextResolve(specifier, context);
			if (specifier === 'es-toolkit/compat' && context.parentURL?.includes('/node_modules/ink/')) {
				const throttle = new URL('function/throttle.mjs', resolved.url);
				// Another es-toolkit layout (an upgrade): the whole entry, as Ink asked.
				if (fs.existsSync(throttle)) return {...resolved, url: throttle.href};
			}

			return resolved;
		},
	});
}
