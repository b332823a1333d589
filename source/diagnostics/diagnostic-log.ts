import {closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The log is cut over to `agentmux.log.1` past this size, so a flood of warnings cannot fill the disk. */
export const diagnosticLogLimit = 1024 * 1024;

/** `$AGENTMUX_STATE_DIR`, else `$XDG_STATE_HOME/agentmux`, else `~/.local/state/agentmux`. */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
	return env['AGENTMUX_STATE_DIR'] ?? path.join(env['XDG_STATE_HOME'] ?? path.join(os.homedir(), '.local', 'state'), 'agentmux');
}

/** Where library warnings, swallowed errors and dropped clients are written: never the user's terminal. */
export function diagnosticLogPath(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateDirectory(env), 'agentmux.log');
}

let logPath: string | undefined;

/** Points the log somewhere else (tests); undefined goes back to the default. */
export function setDiagnosticLogPath(file: string | undefined): void {
	logPath = file;
}

/**
 * Appends one line to the diagnostic log (0600, in a 0700 folder, capped in size). Never throws:
 * a log that cannot be written must not take the panes down with it.
 */
export function logDiagnostic(source: string, detail: unknown): void {
	const file = logPath ?? diagnosticLogPath();
	const text = detail instanceof Error ? (detail.stack ?? detail.message) : String(detail);
	// One line per record, no control characters: the log is read with less and grep.
	const line = `${new Date().toISOString()} ${source}: ${text.replaceAll(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '?').replaceAll('\n', '\n    ')}\n`;
	try {
		mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		const fd = openSync(file, 'a', 0o600);
		try {
			if (fstatSync(fd).size + line.length > diagnosticLogLimit) {
				closeSync(fd);
				renameSync(file, `${file}.1`);
				logDiagnostic(source, detail);
				return;
			}

			writeSync(fd, line.length > diagnosticLogLimit / 4 ? `${line.slice(0, diagnosticLogLimit / 4)}…\n` : line);
		} finally {
			try {
				closeSync(fd);
			} catch {
				// Closed above before the cut-over.
			}
		}
	} catch {
		// Nowhere to log: drop it rather than write over the user's screen.
	}
}
