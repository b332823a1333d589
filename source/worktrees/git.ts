import {execa} from 'execa';

/** A git command that failed: its stderr says why, in git's own words. */
export class GitError extends Error {
	constructor(
		readonly args: readonly string[],
		readonly exitCode: number | undefined,
		readonly stderr: string,
	) {
		super(stderr.trim().split('\n').at(-1) || `git ${args[0] ?? ''} failed (exit ${exitCode ?? '?'})`);
	}
}

export type GitRun = {stdout: string; exitCode: number};

/**
 * Runs git with an argv (never a shell) in `cwd`. Git's own prompts, pagers and editors are off:
 * agentmux calls it from a server with no terminal. Throws a GitError unless `allowFailure`.
 */
export async function git(cwd: string, args: readonly string[], options: {input?: string; allowFailure?: boolean} = {}): Promise<GitRun> {
	const result = await execa('git', args, {
		cwd,
		reject: false,
		stripFinalNewline: false,
		...(options.input === undefined ? {stdin: 'ignore'} : {input: options.input}),
		env: {GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_EDITOR: 'true', LC_ALL: 'C'},
		timeout: 60_000,
	});
	if (result.failed && !options.allowFailure) {
		if (result.exitCode === undefined) {
			throw new GitError(args, undefined, (result as {shortMessage?: string}).shortMessage ?? String(result.stderr));
		}

		throw new GitError(args, result.exitCode, String(result.stderr));
	}

	return {stdout: String(result.stdout), exitCode: result.exitCode ?? -1};
}

/** Splits `-z` output into its entries. */
export function nulList(text: string): string[] {
	return text.split('\0').filter(entry => entry !== '');
}
