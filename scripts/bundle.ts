/*
 * `npm run build`'s second step: tsc's output (dist/source) bundled by esbuild into dist/bundle/,
 * the CLI users run. A Node process then loads a handful of files instead of hundreds of modules:
 * the attaching client reaches its first frame sooner and the server starts sooner.
 *
 * Each lazily imported entry (the hook client, the attach client, the server, the full CLI)
 * becomes its own chunk, so `agentmux hook` and `agentmux attach` still load only what they use.
 * Packages that find files next to themselves (wasm, native addons) stay outside the bundle.
 */
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import process from 'node:process';
import {build, type Plugin} from 'esbuild';
import {packageRoot} from '../source/security/package-root.js';

const root = packageRoot();
const outdir = path.join(root, 'dist', 'bundle');

/** Loaded from node_modules at run time: native addons, wasm read from disk, optional tooling. */
const external = ['node-pty', 'web-tree-sitter', 'react-devtools-core'];

/**
 * Ink imports one function (throttle) from es-toolkit's compat entry; its own module is bundled
 * instead of the whole entry (startup/module-cache.ts does the same for the unbundled CLI).
 */
const inkThrottle: Plugin = {
	name: 'ink-throttle',
	setup(context) {
		context.onResolve({filter: /^es-toolkit\/compat$/}, async arguments_ => {
			if (!arguments_.importer.includes(`${path.sep}node_modules${path.sep}ink${path.sep}`)) return undefined;
			const resolved = await context.resolve('es-toolkit/compat', {kind: arguments_.kind, resolveDir: arguments_.resolveDir});
			const throttle = path.join(path.dirname(resolved.path), 'function', 'throttle.mjs');
			return fs.existsSync(throttle) ? {path: throttle} : undefined;
		});
	},
};

/**
 * zod re-exports every language's error messages as `z.locales`; a namespace object built for
 * `import {z} from 'zod'` keeps all 60-odd of them alive, and with code splitting they land in
 * the chunk the attaching client loads. agentmux speaks English only (zod's default, which zod
 * imports itself), so `z.locales` holds English alone in the bundle.
 */
const zodEnglishOnly: Plugin = {
	name: 'zod-english-only',
	setup(context) {
		context.onResolve({filter: /^\.\.\/locales\/index\.js$/}, arguments_ => {
			if (!/[/\\]node_modules[/\\]zod[/\\]v4[/\\]/.test(arguments_.importer)) return undefined;
			return {path: path.join(arguments_.resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-english-only'};
		});
		context.onLoad({filter: /.*/, namespace: 'zod-english-only'}, arguments_ => ({
			contents: "export {default as en} from './en.js';",
			resolveDir: path.dirname(arguments_.path),
			loader: 'js',
		}));
	},
};

/**
 * `agentmux attach` is built on its own, not as a chunk of the rest: code splitting shares a
 * module whole between entries, so the client would load all of zod that the server's schemas
 * use. Alone, it keeps the few hundred lines of zod/mini it needs.
 */
const attachEntry = './client/attach-command.js';
const attachOutput = 'attach.js';
const attachApart: Plugin = {
	name: 'attach-apart',
	setup(context) {
		context.onResolve({filter: /^\.\/client\/attach-command\.js$/}, arguments_ => (arguments_.importer.endsWith(`${path.sep}cli.js`) ? {path: `./${attachOutput}`, external: true} : undefined));
	},
};

/**
 * node:fs and node:process through require rather than an ES import. An ES import of a built-in
 * module reads every one of its exports once, and these two make some on first read: fs its
 * streams (which load fs/promises, readline and all of node:stream), process its stdin, stdout
 * and allowed flags. Measured, about 15 ms of every start, the attaching client's too. The stand-in
 * exports what the module holds as plain values; a named import of one made on first read (say
 * fs.ReadStream) would fail the build here, not at run time.
 */
const requiredBuiltins: Plugin = {
	name: 'required-builtins',
	setup(context) {
		// Only imports: the stand-in's own require stays the built-in module.
		context.onResolve({filter: /^node:(fs|process)$/}, arguments_ => (arguments_.kind === 'import-statement' ? {path: arguments_.path, namespace: 'required-builtin'} : undefined));
		context.onLoad({filter: /.*/, namespace: 'required-builtin'}, arguments_ => {
			const builtin = createRequire(import.meta.url)(arguments_.path) as object;
			const plain = Object.entries(Object.getOwnPropertyDescriptors(builtin))
				.filter(([name, descriptor]) => 'value' in descriptor && /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default')
				.map(([name]) => name);
			// The banner's require (see common): the chunk's own, from node:module.
			return {contents: `const builtin = require(${JSON.stringify(arguments_.path)});\nexport default builtin;\nexport const {${plain.join(', ')}} = builtin;\n`, loader: 'js'};
		});
	},
};

const common = {
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node22',
	external,
	// cli-location.ts reads this to find the bundle's own entry.
	define: {agentmuxBundled: 'true'},
	// Bundled CommonJS packages call require(); in an ES module it has to be made.
	banner: {js: "import {createRequire as __agentmuxRequire} from 'node:module'; const require = __agentmuxRequire(import.meta.url);"},
	legalComments: 'linked',
	sourcemap: true,
	metafile: true,
	logLevel: 'warning',
} as const;

fs.rmSync(outdir, {recursive: true, force: true});
const results = await Promise.all([
	build({
		...common,
		entryPoints: [path.join(root, 'dist', 'source', 'cli.js')],
		outdir,
		splitting: true,
		chunkNames: 'chunk-[hash]',
		plugins: [inkThrottle, zodEnglishOnly, attachApart, requiredBuiltins],
	}),
	build({
		...common,
		entryPoints: [path.join(root, 'dist', 'source', attachEntry)],
		outfile: path.join(outdir, attachOutput),
		plugins: [zodEnglishOnly, requiredBuiltins],
	}),
]);
const cli = path.join(outdir, 'cli.js');
fs.chmodSync(cli, 0o755);
const outputs = results.flatMap(result => Object.values(result.metafile.outputs));
const bytes = outputs.reduce((sum, output) => sum + output.bytes, 0);
process.stdout.write(`bundle: ${path.relative(root, outdir)} (${Math.round(bytes / 1024)} KB in ${outputs.length} files)\n`);
