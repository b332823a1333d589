import process from 'node:process';
import {runHookCommand} from '../../source/agents/hook-client.js';

// Stands in for `agentmux hook …` in tests: argv is [node, this file, 'hook', agent, event, …].
if (process.argv[2] !== 'hook') {
	process.stderr.write('usage: hook-entry hook <agent> <event>\n');
	process.exit(1);
}

process.exitCode = await runHookCommand(process.argv.slice(3), {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env});
