import type {Session} from '../sessions/session.js';

/**
 * What stands between the keyboard and a pane's program. The plain one
 * forwards everything; the policy layer's input gate takes its place.
 */
export type PaneInput = {
	/** Bytes of one or more keys, already encoded for the pane. */
	key(data: string): void;
	/** The keys of one read from the keyboard, in order, each already encoded for the pane. */
	keys(keys: string[]): void;
	/** A paste; `bracketed` when the pane's program enabled bracketed paste. */
	paste(text: string, bracketed: boolean): void;
};

/** Forwards input to the pane untouched. */
export function directInput(session: Session): PaneInput {
	return {
		key(data) {
			session.write(data);
		},
		keys(keys) {
			session.write(keys.join(''));
		},
		paste(text, bracketed) {
			session.write(bracketed ? `\u001B[200~${text}\u001B[201~` : text);
		},
	};
}
