/**
 * Where a client's view is drawn: into the client's socket for it to write out, or straight onto
 * the client's terminal. The client link draws the same way into either.
 */
export type Drawing = {
	write(data: string): void;
	/**
	 * True while the terminal cannot take more: frames wait and are drawn whole once it can
	 * (`drained`). A typed key's echo (`all` false) waits only when far behind.
	 */
	congested(all: boolean): boolean;
	/** The client has entered full screen: drawing may reach its terminal now. */
	ready(): void;
	/** The client says it has written this many bytes of drawing to its terminal (relayed drawing only). */
	drawn(bytes: number): void;
	/** Stops drawing; `then` runs once nothing more will reach the terminal. */
	close(then: () => void): void;
};
