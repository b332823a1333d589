import type {SandboxMode} from '../../sandbox/sandbox-schema.js';

/** One agent profile the form offers, as the server found it. */
export type ProfileChoice = {
	name: string;
	/** The program it runs, as configured. */
	command: string;
	/** The program was found (on PATH, or at its path). */
	installed: boolean;
	/** Why the profile cannot be used (a bad user profile), if it cannot. */
	error?: string;
};

/** Where the new pane's work happens: its own git worktree on a new or an existing branch. */
export type WorktreeRequest = {mode: 'new' | 'existing'; branch: string};

/** What the form asks the session to start. */
export type NewAgentRequest = {
	profile: string;
	name: string;
	/** The folder the agent starts in (or whose repository gets the worktree). */
	cwd: string;
	worktree?: WorktreeRequest;
	/** The pane's sandbox mode; without it the profile's and the settings' default holds. */
	sandbox?: SandboxMode;
};

/**
 * What the new-agent form needs from the session: the profiles, a branch check, and the start
 * itself (which goes through launch approval like any pane). The session's server side answers it.
 */
export type AgentLauncher = {
	/** Every profile, the installed ones first. */
	profileChoices(cwd: string): ProfileChoice[];
	/** Why this branch cannot be used for a worktree of the repository at `cwd`, or undefined when it can. */
	checkBranch(cwd: string, worktree: WorktreeRequest): Promise<string | undefined>;
	/** Starts the pane; resolves with what went wrong (empty when it started). */
	startAgent(request: NewAgentRequest): Promise<string[]>;
};
