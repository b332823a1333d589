import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {addWorktree, branchProblem} from '../../source/app/new-agent/branch-check.js';

// The new-agent form's branch checks against a real temporary repository.
describe("the new-agent form's branch check", () => {
	let root: string;
	let repo: string;
	const git = (args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {cwd: repo, encoding: 'utf8'});

	before(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-branch-'));
		repo = path.join(root, 'repo');
		fs.mkdirSync(repo);
		git(['init', '--quiet', '--initial-branch=main']);
		git(['commit', '--quiet', '--allow-empty', '-m', 'first']);
		git(['branch', 'old']);
	});

	after(() => {
		fs.rmSync(root, {recursive: true, force: true});
	});

	it('refuses what git check-ref-format refuses, and names that look like options', async () => {
		assert.match((await branchProblem(repo, {mode: 'new', branch: 'a..b'})) ?? '', /"a\.\.b" is not a valid branch name \(git check-ref-format\)/);
		assert.match((await branchProblem(repo, {mode: 'new', branch: '-f'})) ?? '', /"-f" is not a valid branch name/);
		assert.equal(await branchProblem(repo, {mode: 'new', branch: 'feature/x'}), undefined);
	});

	it('a new branch must not exist; an existing one must, and not be checked out elsewhere', async () => {
		assert.match((await branchProblem(repo, {mode: 'new', branch: 'old'})) ?? '', /branch "old" exists already: choose "existing branch"/);
		assert.match((await branchProblem(repo, {mode: 'existing', branch: 'nope'})) ?? '', /no branch "nope": choose "new branch"/);
		assert.match((await branchProblem(repo, {mode: 'existing', branch: 'main'})) ?? '', /branch "main" is checked out in .*repo already/);
		const folder = await addWorktree(repo, {mode: 'existing', branch: 'old'});
		assert.equal(folder, path.join(root, 'repo.worktrees', 'old'));
		assert.equal(fs.existsSync(path.join(folder, '.git')), true);
	});

	it('outside a repository it says so', async () => {
		assert.match((await branchProblem(root, {mode: 'new', branch: 'x'})) ?? '', /is not in a git repository: choose worktree "none"/);
	});
});
