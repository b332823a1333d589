#!/usr/bin/env node
// React and Ink pick their production builds from NODE_ENV when first loaded,
// so it is set before anything else is imported: the development builds cost
// start-up time and memory and add checks on every render.
process.env['NODE_ENV'] ??= 'production';
if (process.argv[2] === 'hook') {
	// Called by an agent's hook before every tool it runs: load nothing but the hook client, so the
	// agent waits for a small module and a socket round trip, not for the whole multiplexer.
	const {runHookCommand} = await import('./agents/hook-client.js');
	process.exitCode = await runHookCommand(process.argv.slice(3), {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env});
} else if (process.argv[2] === '__server') {
	// The per-user session server, started detached by the first client.
	const {runServer} = await import('./server/session-server.js');
	await runServer();
} else {
	await import('./main.js');
}
