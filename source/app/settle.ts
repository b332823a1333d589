import type {Session} from '../sessions/session.js';

/**
 * Resolves once the pane's program has answered the last input and gone
 * quiet for `quietMs` (its echo of what was typed is on screen), or after
 * `maxMs` for a program that does not echo.
 */
export async function settled(session: Session, quietMs = 15, maxMs = 250): Promise<void> {
	const started = performance.now();
	for (;;) {
		const quietFor = performance.now() - session.lastOutputAt;
		const answered = session.lastOutputAt >= session.lastInputAt;
		if ((answered && quietFor >= quietMs && session.isParsed) || performance.now() - started >= maxMs) {
			return;
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, Math.max(1, quietMs - quietFor));
		});
	}
}
