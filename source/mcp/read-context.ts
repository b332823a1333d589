/** What the readers need to know about a pane: where it runs, whose home, its environment and argv. */
export type ReadContext = {
	cwd: string;
	home: string;
	env: Record<string, string | undefined>;
	/** The agent's arguments (Claude Code's --mcp-config is read from them). */
	args: string[];
};
