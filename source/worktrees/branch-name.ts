import {git} from './git.js';

export type BranchNameResult = {ok: true; branch: string} | {ok: false; message: string};

/**
 * Checks a branch name as git does (`git check-ref-format --branch`). A name that starts with a dash
 * is refused first: git would read it as an option, and no branch should look like one. The `@{-N}`
 * shorthand is refused too: it names an old branch, never a new one.
 */
export async function validateBranchName(name: string, cwd = process.cwd()): Promise<BranchNameResult> {
	if (name === '') {
		return {ok: false, message: 'a branch name cannot be empty'};
	}

	if (name.startsWith('-')) {
		return {ok: false, message: `"${name}" is not a valid branch name (it starts with "-")`};
	}

	if (name.includes('@{')) {
		return {ok: false, message: `"${name}" is not a valid branch name (it contains "@{")`};
	}

	const {stdout, exitCode} = await git(cwd, ['check-ref-format', '--branch', name], {allowFailure: true});
	if (exitCode !== 0 || stdout.trim() !== name) {
		return {ok: false, message: `"${name}" is not a valid branch name (git check-ref-format)`};
	}

	return {ok: true, branch: name};
}

/** The branch a pane named `pane` gets for `"worktree": true`: its name with what git refuses made into dashes. */
export function branchNameForPane(pane: string): string {
	const name = pane
		.replaceAll(/[\s~^:?*[\\\u0000-\u001F\u007F]+/g, '-')
		.replaceAll(/\.{2,}/g, '.')
		.replaceAll(/@\{/g, '-')
		.replace(/^[-.]+/, '')
		.replace(/(\.lock|[./])+$/, '');
	return name === '' || name === '@' ? 'agent' : name;
}
