import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs git with an argv in `cwd`, for test set-up; returns stdout. */
export function gitIn(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, {cwd, encoding: 'utf8', env: {...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C'}});
}

/**
 * A real git repository in a temporary folder (removed after the test): branch main, one commit
 * of `files`, a local identity so commits work anywhere. Returns the repository's folder; its
 * parent holds the default `<repo>.worktrees` folder too.
 */
export function makeRepository(t: {after: (fn: () => void) => void}, files: Record<string, string> = {'file.txt': 'one\n'}, ignored: Record<string, string> = {}): string {
	const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-git-'));
	t.after(() => {
		fs.rmSync(parent, {recursive: true, force: true});
	});
	const repo = path.join(parent, 'repo');
	fs.mkdirSync(repo);
	gitIn(repo, 'init', '-q', '-b', 'main');
	gitIn(repo, 'config', 'user.email', 'test@example.invalid');
	gitIn(repo, 'config', 'user.name', 'Test');
	gitIn(repo, 'config', 'commit.gpgsign', 'false');
	for (const [name, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(repo, name)), {recursive: true});
		fs.writeFileSync(path.join(repo, name), content);
	}

	gitIn(repo, 'add', '-A');
	gitIn(repo, 'commit', '-q', '-m', 'start');
	for (const [name, content] of Object.entries(ignored)) {
		fs.mkdirSync(path.dirname(path.join(repo, name)), {recursive: true});
		fs.writeFileSync(path.join(repo, name), content);
	}

	return repo;
}
