import {logDiagnostic} from '../diagnostics/diagnostic-log.js';

/**
 * Runs a handler; an exception is written to the diagnostic log instead of
 * going up. One broken handler must not end the program that holds the panes.
 */
export function guard(source: string, task: () => void, onError?: (error: unknown) => void): void {
	try {
		task();
	} catch (error) {
		logDiagnostic(source, error);
		try {
			onError?.(error);
		} catch {
			// Telling the user failed too; the log has it.
		}
	}
}

/** The handler, wrapped by `guard`. */
export function guarded<A extends unknown[]>(source: string, handler: (...args: A) => void, onError?: (error: unknown) => void): (...args: A) => void {
	return (...args: A) => {
		guard(
			source,
			() => {
				handler(...args);
			},
			onError,
		);
	};
}
