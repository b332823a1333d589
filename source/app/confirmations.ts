/** One answer of a question with several: the key that gives it and what it does. */
export type DialogChoice = {key: string; label: string};

/** A y/N question the policy needs answered before something runs; with `choices`, a question with those answers instead. */
export type ConfirmRequest = {title: string; detail: string; rule?: string | undefined; choices?: DialogChoice[] | undefined};

/**
 * What the policy layer asks of whoever shows panes to the user. The session's pane set answers
 * it: a question waits, shown to every attached client, and is never answered by a timeout, so
 * nothing is approved or denied while nobody is looking.
 */
export type Confirmations = {
	/** Resolves true only when the user answered y. */
	confirm(title: string, detail: string, rule?: string): Promise<boolean>;
	/**
	 * Asks a question with several answers (keys of one lower-case character); resolves with the key
	 * pressed. Esc, Enter and any key not offered give the last choice, which must be the safe one.
	 */
	choose?(title: string, detail: string, choices: DialogChoice[], rule?: string): Promise<string>;
	/** A one-line message in the status bar for a while (`durationMs`, 6 s unless given). */
	showNotice(message: string, durationMs?: number): void;
	/** Takes a message shown by showNotice off the status bar, if it is still the one shown. */
	clearNotice(message: string): void;
};
