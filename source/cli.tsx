#!/usr/bin/env node
import {speedUpModuleLoading} from './startup/module-cache.js';

// React and Ink pick their production builds from NODE_ENV when first loaded,
// so it is set before anything else is imported: the development builds cost
// start-up time and memory and add checks on every render.
process.env['NODE_ENV'] ??= 'production';
speedUpModuleLoading();
if (process.argv[2] === 'hook') {
	// Called by an agent's hook before every tool it runs: load nothing but the hook client, so the
	// agent waits for a small module and a socket round trip, not for the whole multiplexer.
	const {runHookCommand} = await import('./agents/hook-client.js');
	process.exitCode = await runHookCommand(process.argv.slice(3), {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env});
} else if ((process.argv[2] === 'attach' || process.argv[2] === 'a') && process.argv.length <= 4 && !process.argv[3]?.startsWith('-')) {
	const {runAttach} = await import('./client/attach-command.js');
	process.exitCode = await runAttach(process.argv[3]);
	process.exit();
} else if (process.argv[2] === '__server') {
	// The per-user session server, started detached by the first client. It draws for terminals it
	// does not own (its own stdout is none), so colours are forced on before chalk reads the level,
	// and the user's own setting is put back before any pane's environment is built.
	const userForceColor = process.env['FORCE_COLOR'];
	process.env['FORCE_COLOR'] = '3';
	const {importWithoutFetch} = await import('./startup/without-fetch.js');
	const {runServer} = await importWithoutFetch(async () => import('./server/session-server.js'));
	if (userForceColor === undefined) {
		delete process.env['FORCE_COLOR'];
	} else {
		process.env['FORCE_COLOR'] = userForceColor;
	}

	await runServer();
} else {
	// The server loads for longer than the client: when this command will need one, it starts now.
	const {startServerEarly} = await import('./client/server-start.js');
	startServerEarly(process.argv.slice(2));
	await import('./main.js');
}
