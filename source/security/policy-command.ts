import {createInterface} from 'node:readline';
import {createClassifier} from './classify.js';
import {createLineWriter} from './line-writer.js';
import type {UserRule} from './rule-schema.js';
import {scanSecrets} from './secret-scan.js';

/** Streams a CLI command runs against (injected for tests). */
export interface CommandIo {
	stdin: NodeJS.ReadableStream;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
}

const usage = `usage:
  agentmux policy check [--json] -- <command line...>
  agentmux policy check --stdin      (one JSON verdict per input line)
  agentmux policy scan --stdin       (one JSON finding per secret)
`;

/** `agentmux policy …`: exit 0 whatever the decision, 2 on bad usage. */
export async function runPolicyCommand(argv: string[], io: CommandIo, options: {rules?: UserRule[]} = {}): Promise<number> {
	const [sub, ...rest] = argv;
	const dashdash = rest.indexOf('--');
	const flags = dashdash === -1 ? rest : rest.slice(0, dashdash);
	const words = dashdash === -1 ? [] : rest.slice(dashdash + 1);
	const known = new Set(['--json', '--stdin']);
	const bad = (message: string) => {
		io.stderr.write(`agentmux policy: ${message}\n${usage}`);
		return 2;
	};

	if (flags.some(flag => !known.has(flag))) return bad(`unknown argument ${flags.find(flag => !known.has(flag))}`);
	const json = flags.includes('--json');
	const stdin = flags.includes('--stdin');
	const out = createLineWriter(io.stdout);
	if (sub === 'check') {
		if (stdin === words.length > 0) return bad('give either --stdin or -- <command line>');
		const classifier = await createClassifier({rules: options.rules});
		if (!stdin) {
			const verdict = classifier.classify(words.join(' '));
			await out.write(json ? `${JSON.stringify(verdict)}\n` : `${verdict.decision}\t${verdict.rule}\t${verdict.reason}\n`);
			await out.flush();
			return 0;
		}

		for await (const line of lines(io.stdin)) {
			// A reader that went away wants no more verdicts.
			if (out.closed) break;
			await out.write(`${JSON.stringify({line, ...classifier.classify(line)})}\n`);
		}

		await out.flush();
		return 0;
	}

	if (sub === 'scan') {
		if (!stdin || words.length > 0) return bad('scan reads --stdin');
		let number = 0;
		for await (const line of lines(io.stdin)) {
			if (out.closed) break;
			number++;
			for (const finding of await scanSecrets(line)) {
				await out.write(`${JSON.stringify({kind: finding.kind, line: number, redacted: finding.redacted, start: finding.start, end: finding.end})}\n`);
			}
		}

		await out.flush();
		return 0;
	}

	return bad(sub === undefined ? 'missing subcommand' : `unknown subcommand ${sub}`);
}

function lines(stream: NodeJS.ReadableStream): AsyncIterable<string> {
	return createInterface({input: stream, crlfDelay: Number.POSITIVE_INFINITY});
}
