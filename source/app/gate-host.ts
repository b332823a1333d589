import type {AuditLog} from '../security/audit-log.js';
import type {Classifier} from '../security/classify.js';
import type {GateHost} from '../security/input-gate.js';
import {scanSecrets} from '../security/secret-scan.js';
import {processCwd} from '../sessions/pane-cwd.js';
import {type BufferPosition, cursorPosition, isShellProgram, readLogicalLine} from '../sessions/screen-line.js';
import type {Session} from '../sessions/session.js';
import type {Confirmations} from './confirmations.js';
import {settled} from './settle.js';

export type PolicyServices = {
	classifier: Classifier;
	audit: AuditLog;
};

/** A progress line stays up while its check runs; this only bounds a check that never ends. */
const progressNoticeMs = 10 * 60 * 1000;

/** The first row of the logical (soft-wrapped) line the cursor is on. */
function logicalLineStart(session: Session): number {
	const buffer = session.terminal.buffer.active;
	let row = buffer.baseY + buffer.cursorY;
	while (row > 0 && buffer.getLine(row)?.isWrapped) {
		row--;
	}

	return row;
}

/** Connects a pane's input gate to its session, the TUI's dialogs and the policy. */
export function createGateHost(session: Session, multiplexer: Confirmations, services: PolicyServices, isAgent = false): GateHost {
	let enterForwardedAt = 0;
	let shownProgress: string | undefined;
	return {
		paneName: session.spec.name,
		cwd: () => processCwd(session.pid) ?? session.spec.cwd,
		mode() {
			// An agent's input line is a prompt, not a command (its own `!` shell mode is handled by the gate).
			if (isAgent) {
				return 'agent';
			}

			// A full-screen program (vim, less) or a program started from the shell owns the keys: typed text is not a command line.
			if (session.terminal.buffer.active.type === 'alternate') {
				return 'raw';
			}

			return isShellProgram(session.foregroundProcess) ? 'shell' : 'raw';
		},
		cursor: () => cursorPosition(session.terminal),
		readLogicalLine(from: BufferPosition) {
			// After Ctrl-L or a redraw the line may have moved: read the cursor's own
			// line from the same column, where the prompt ended.
			const start = logicalLineStart(session);
			const cursorRow = session.terminal.buffer.active.baseY + session.terminal.buffer.active.cursorY;
			const position = from.row >= start && from.row <= cursorRow ? from : {row: start, col: from.col};
			return readLogicalLine(session.terminal, position, cursorPosition(session.terminal));
		},
		ready: () => session.whenReady(),
		settled: async () => settled(session),
		programScreen() {
			const buffer = session.terminal.buffer.active;
			const rows: string[] = [];
			for (let row = 0; row < session.terminal.rows; row++) {
				rows.push(buffer.getLine(buffer.baseY + row)?.translateToString(true) ?? '');
			}

			return {program: session.foregroundProcess, rows, cursorRow: buffer.cursorY, cols: session.terminal.cols};
		},
		busy() {
			// Nothing drawn since the last command was sent (no prompt yet), output still arriving, or
			// output received but not parsed yet (the cursor on the headless screen is not where it will be).
			return session.lastOutputAt <= enterForwardedAt || performance.now() - session.lastOutputAt < 30 || !session.isParsed;
		},
		forward(data) {
			if (data.includes('\r')) {
				enterForwardedAt = performance.now();
			}

			session.write(data);
		},
		confirm: async request => multiplexer.confirm(request.title, request.detail, request.rule),
		notice(message) {
			multiplexer.showNotice(message);
		},
		progress(message) {
			if (message === undefined) {
				if (shownProgress !== undefined) multiplexer.clearNotice(shownProgress);
				shownProgress = undefined;
				return;
			}

			// Shown until the check ends, however long it takes.
			shownProgress = message;
			multiplexer.showNotice(message, progressNoticeMs);
		},
		audit: services.audit,
		classify: (line, context) => services.classifier.classify(line, context),
		scanSecrets,
	};
}
