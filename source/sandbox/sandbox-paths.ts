import fs from 'node:fs';
import path from 'node:path';

/** A user path made absolute and real, or why it cannot be used. */
export type PathResult = {ok: true; path: string} | {ok: false; message: string};

/** True when `child` is `parent` or inside it (both absolute and normalised). */
export function isWithin(child: string, parent: string): boolean {
	if (child === parent) return true;
	const relative = path.relative(parent, child);
	return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The real path of `file` (symbolic links resolved), or undefined when it does not exist. */
export function realPath(file: string): string | undefined {
	try {
		return fs.realpathSync(file);
	} catch {
		return undefined;
	}
}

/** `~` and `~/…` name the home folder; the rest is taken from `base`. */
export function expandHome(raw: string, home: string): string {
	if (raw === '~') return home;
	if (raw.startsWith('~/')) return path.join(home, raw.slice(2));
	return raw;
}

/**
 * A path the user added to a sandbox, checked: `~` expanded, a relative path taken from the pane's
 * folder and never let out of it with `..`, symbolic links resolved, and it must exist. What it
 * names is judged by its real place, so a link or a `..` cannot smuggle in a denied folder.
 */
export function normaliseUserPath(raw: string, options: {cwd: string; home: string}): PathResult {
	if (raw.includes('\0')) return {ok: false, message: `"${raw}": a path cannot hold a NUL character`};
	if (raw.startsWith('~') && raw !== '~' && !raw.startsWith('~/')) {
		return {ok: false, message: `"${raw}": only "~" and "~/…" (your own home) are understood`};
	}

	const expanded = expandHome(raw, options.home);
	const absolute = path.resolve(options.cwd, expanded);
	if (!path.isAbsolute(expanded) && expanded.split(/[/\\]/).includes('..') && !isWithin(absolute, options.cwd)) {
		return {ok: false, message: `"${raw}": ".." leads out of the pane's folder ${options.cwd}; give an absolute path instead`};
	}

	const real = realPath(absolute);
	if (real === undefined) return {ok: false, message: `"${raw}": ${absolute} does not exist`};
	return {ok: true, path: real};
}

/** The first of `denied` that `candidate` lies in (or is), if any. */
export function deniedContaining(candidate: string, denied: readonly string[]): string | undefined {
	return denied.find(entry => isWithin(candidate, entry));
}
