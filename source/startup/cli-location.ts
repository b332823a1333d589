import {fileURLToPath} from 'node:url';

/** Set to true by the bundler (scripts/bundle.ts); absent when the compiled modules run as they are. */
declare const agentmuxBundled: boolean | undefined;

/**
 * Whether this code runs from the bundle (dist/bundle/, every module in one folder) rather than
 * from tsc's output (dist/source/, one file per module, as unit tests import them).
 */
export const runningFromBundle = typeof agentmuxBundled === 'boolean' && agentmuxBundled;

/**
 * The CLI entry agentmux starts itself from (the server, agents' hooks): the bundle's own when it
 * runs bundled, dist/source/cli.js otherwise, so a server is started from the code its client runs.
 */
export const cliPath = fileURLToPath(runningFromBundle ? new URL('./cli.js', import.meta.url) : new URL('../cli.js', import.meta.url));
