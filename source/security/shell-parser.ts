import v8 from 'node:v8';
import {Language, Parser, type Tree} from 'web-tree-sitter';
import {fromPackageRoot} from './package-root.js';

/** A loaded bash parser; `parse` is synchronous. */
export interface ShellParser {
	/** Parses a line; the caller must `delete()` the tree (it lives in wasm memory). */
	parse(source: string): Tree;
}

let loading: Promise<ShellParser> | undefined;

/**
 * Keeps the grammars' wasm on V8's baseline compiler (Liftoff). By default V8 recompiles a hot wasm
 * function with its optimising compiler in the background, and a tree-sitter grammar's parse table is
 * one huge function: measured here, that compile took ~500 MB of memory, seconds of a core, and held up
 * the process's exit, while the classify median moved only from ~25 to ~28 µs without it. The flags
 * must be set before the first wasm module is compiled.
 */
function keepWasmOnBaselineCompiler(): void {
	v8.setFlagsFromString('--no-wasm-dynamic-tiering');
	v8.setFlagsFromString('--no-wasm-tier-up');
}

/**
 * Loads web-tree-sitter and the bash grammar once per process.
 *
 * The grammar's bundled wasm is used because its native build is disabled in
 * this project; web-tree-sitter also tolerates unfinished input, which a
 * prompt line often is.
 */
export async function loadShellParser(): Promise<ShellParser> {
	loading ??= (async () => {
		keepWasmOnBaselineCompiler();
		await Parser.init();
		const language = await Language.load(fromPackageRoot('node_modules', 'tree-sitter-bash', 'tree-sitter-bash.wasm'));
		const parser = new Parser();
		parser.setLanguage(language);
		return {
			parse(source: string): Tree {
				const tree = parser.parse(source);
				if (!tree) throw new Error('bash parser returned no tree');
				return tree;
			},
		};
	})();
	try {
		return await loading;
	} catch (error) {
		// Let a later call retry instead of caching the failure forever.
		loading = undefined;
		throw error;
	}
}
