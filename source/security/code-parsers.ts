import {Language, Parser, type Tree} from 'web-tree-sitter';
import {fromPackageRoot} from './package-root.js';
import {loadShellParser} from './shell-parser.js';

/** Languages whose inline code is read by a grammar rather than by text patterns. */
export type CodeLanguage = 'python' | 'javascript';

const grammars: Record<CodeLanguage, string[]> = {
	python: ['node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm'],
	javascript: ['node_modules', 'tree-sitter-javascript', 'tree-sitter-javascript.wasm'],
};

const parsers = new Map<CodeLanguage, Parser>();
let loading: Promise<void> | undefined;

/**
 * Loads the Python and JavaScript grammars once per process, so that judging
 * `python -c` or `node -e` later is synchronous. The grammars' bundled wasm is
 * used, as for bash: their native builds are disabled in this project.
 */
export async function loadCodeParsers(): Promise<void> {
	loading ??= (async () => {
		// web-tree-sitter cannot load two grammars at once (the second reads as "language version 0"):
		// let the bash grammar finish first.
		await loadShellParser();
		for (const [name, segments] of Object.entries(grammars) as Array<[CodeLanguage, string[]]>) {
			// eslint-disable-next-line no-await-in-loop
			const language = await Language.load(fromPackageRoot(...segments));
			const parser = new Parser();
			parser.setLanguage(language);
			parsers.set(name, parser);
		}
	})();
	try {
		await loading;
	} catch (error) {
		loading = undefined;
		throw error;
	}
}

/**
 * Parses code with a loaded grammar and hands the tree to `read`, freeing it
 * afterwards (trees live in wasm memory). Undefined when the grammar was not
 * loaded, which callers treat as "cannot be checked".
 */
export function withCodeTree<T>(language: CodeLanguage, code: string, read: (tree: Tree) => T): T | undefined {
	const parser = parsers.get(language);
	if (!parser) return undefined;
	const tree = parser.parse(code);
	if (!tree) return undefined;
	try {
		return read(tree);
	} finally {
		tree.delete();
	}
}
