import path from 'node:path';
import {isShell} from './interpreter-rules.js';
import type {CommandView} from './rule-types.js';
import {expandTilde} from './startup-files.js';

const interpreters = /^(python[\d.]*|pypy[\d.]*|node|nodejs|deno|bun|perl[\d.]*|ruby|php[\d.]*|lua[\d.]*|Rscript|osascript|tclsh|expect|source|\.)$/;

/** A path as a key that two spellings of the same file share (`./x.sh`, `x.sh`, `$PWD/x.sh`). */
export function fileKey(value: string, cwd: string | undefined): string {
	const expanded = expandTilde(value.replace(/^\$\{?PWD\}?\//, './'));
	if (expanded.startsWith('/')) return path.posix.normalize(expanded);
	return cwd ? path.posix.join(cwd, expanded) : path.posix.normalize(expanded);
}

/** The file a command runs as a program: a command word with a slash, or a shell's or interpreter's script. */
export function executedFile(name: string, view: CommandView): string | undefined {
	if (name.includes('/')) return name;
	if (!isShell(view.name) && !interpreters.test(view.name)) return undefined;
	for (let index = 0; index < view.values.length; index++) {
		const value = view.values[index]!;
		if (value === '--') return view.values[index + 1];
		if (/^-[a-zA-Z]*[cem]$/.test(value) && !isShell(view.name)) return undefined;
		if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(value)) return undefined;
		if (value.startsWith('-') || value.startsWith('+')) continue;
		return value;
	}

	return undefined;
}
