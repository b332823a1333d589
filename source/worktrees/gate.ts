/**
 * Judges a git argv (`['git', 'worktree', 'add', …]`) before it runs: the policy layer and the audit
 * log, as for a pane's launch. Resolves true to go on, or the reason it may not. `confirmed` says
 * the user already said yes to this operation in a dialog that showed what it does.
 */
export type GitGate = (argv: readonly string[], context: {cwd: string; confirmed?: boolean}) => Promise<true | string>;

/** Lets everything through: for tests of the git work itself, never for the product's paths. */
export const openGate: GitGate = async () => true;
