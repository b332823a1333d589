import type {SessionStatus} from '../sessions/session.js';

/** The state slot of a pane's title: running (or an agent's busy, waiting, idle), exited N, and so on. */
export function statusLabel(status: SessionStatus, agentState?: string): string {
	switch (status.kind) {
		case 'running': {
			return agentState && agentState !== 'exited' ? agentState : 'running';
		}

		case 'exited': {
			return status.signal ? `exited ${status.code} (signal ${status.signal})` : `exited ${status.code}`;
		}

		case 'restarting': {
			return `exited ${status.code}, restarting`;
		}

		case 'failed': {
			return 'failed';
		}
	}
}

/** A title that fits in `width` cells, cut with an ellipsis. */
export function fitTitle(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	const chars = [...text];
	if (chars.length <= width) {
		return text;
	}

	return width === 1 ? '…' : `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * "1 tests · npm test · running", shortened to fit the frame's top border.
 * The command gives way first, so the name and the state stay readable.
 */
export function paneTitle(index: number, name: string, command: string, status: SessionStatus, width: number, agentState?: string, attention = false, sandbox?: string): string {
	const head = `${attention ? '! ' : ''}${index} ${name}`;
	// The sandbox mark goes last, kept whole like the state: "· running · [sandbox 2 denied]".
	const state = `${statusLabel(status, agentState)}${sandbox ? ` · [${sandbox}]` : ''}`;
	const fixed = ` ${head} ·  · ${state} `;
	const room = width - [...fixed].length;
	if (command === name || room < 4) {
		return fitTitle(` ${head} · ${state} `, width);
	}

	return ` ${head} · ${fitTitle(command, room)} · ${state} `;
}
