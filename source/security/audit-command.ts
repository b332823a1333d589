import {closeSync, openSync, readSync, statSync, watch} from 'node:fs';
import {type AuditEntry, parseAuditLines, readAuditLog} from './audit-log.js';
import {createLineWriter} from './line-writer.js';
import type {CommandIo} from './policy-command.js';

const usage = 'usage: agentmux audit [--json] [--follow]\n';

/** One readable line per entry. */
export function formatAuditEntry(entry: AuditEntry): string {
	const answer = entry.answer ? ` answer=${entry.answer}` : '';
	const relaxed = entry.relaxedBuiltin ? ` relaxed=${entry.relaxedBuiltin}` : '';
	return `${entry.time}  ${entry.pane}  ${entry.kind.padEnd(8)} ${entry.decision.padEnd(7)} ${entry.rule}${answer}${relaxed}  ${entry.command}`;
}

/**
 * `agentmux audit`: prints the log (`--json`: raw lines) and with `--follow`
 * keeps printing new entries until `io.signal` aborts or stdout closes.
 */
export async function runAuditCommand(argv: string[], io: CommandIo & {signal?: AbortSignal}, options: {path: string}): Promise<number> {
	const unknown = argv.find(argument => argument !== '--json' && argument !== '--follow');
	if (unknown !== undefined) {
		io.stderr.write(`agentmux audit: unknown argument ${unknown}\n${usage}`);
		return 2;
	}

	const json = argv.includes('--json');
	const out = createLineWriter(io.stdout);
	const print = (entries: AuditEntry[]) => {
		// The caller's flush waits for these; a reader that went away gets nothing more.
		for (const entry of entries) {
			if (!out.closed) io.stdout.write(`${json ? JSON.stringify(entry) : formatAuditEntry(entry)}\n`);
		}
	};

	const {entries, corrupt} = readAuditLog(options.path);
	print(entries);
	if (corrupt > 0) io.stderr.write(`agentmux audit: skipped ${corrupt} corrupt line(s)\n`);
	if (argv.includes('--follow')) await follow(options.path, sizeOf(options.path), io, print);
	await out.flush();
	return 0;
}

function sizeOf(path: string): number {
	try {
		return statSync(path).size;
	} catch {
		return 0;
	}
}

/** Polls for appended bytes (fs.watch alone misses events on some filesystems). */
async function follow(path: string, offset: number, io: CommandIo & {signal?: AbortSignal}, print: (entries: AuditEntry[]) => void): Promise<void> {
	let position = offset;
	let partial = '';
	await new Promise<void>(resolve => {
		let watcher: ReturnType<typeof watch> | undefined;
		const read = () => {
			const size = sizeOf(path);
			if (size < position) position = 0; // Rotated or truncated: start over.
			if (size === position) return;
			const fd = openSync(path, 'r');
			try {
				const buffer = Buffer.alloc(size - position);
				readSync(fd, buffer, 0, buffer.length, position);
				position = size;
				const text = partial + buffer.toString('utf8');
				const end = text.lastIndexOf('\n');
				partial = text.slice(end + 1);
				print(parseAuditLines(text.slice(0, end + 1)).entries);
			} finally {
				closeSync(fd);
			}
		};

		const timer = setInterval(read, 200);
		try {
			watcher = watch(path, read);
		} catch {
			// Missing file: polling picks it up once it exists.
		}

		const stop = () => {
			clearInterval(timer);
			watcher?.close();
			io.signal?.removeEventListener('abort', stop);
			io.stdout.removeListener('close', stop);
			io.stdout.removeListener('error', stop);
			resolve();
		};

		if (io.signal?.aborted) stop();
		io.signal?.addEventListener('abort', stop);
		io.stdout.on('close', stop);
		io.stdout.on('error', stop);
	});
}
