import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {branchNameForPane, validateBranchName} from '../../source/worktrees/branch-name.js';
import {createWorktree} from '../../source/worktrees/create.js';
import {openGate} from '../../source/worktrees/gate.js';
import {includedFiles} from '../../source/worktrees/include.js';
import {planWorktree, worktreeLocation} from '../../source/worktrees/plan.js';
import {WorktreeRegistry} from '../../source/worktrees/registry.js';
import {removeWorktree} from '../../source/worktrees/remove.js';
import {describeLoss, parsePorcelain, worktreeStatus} from '../../source/worktrees/status.js';
import {gitIn, makeRepository} from '../helpers/git-repository.js';

function registryIn(repo: string): WorktreeRegistry {
	return new WorktreeRegistry(path.join(path.dirname(repo), 'state', 'worktrees.json'));
}

test('branch names are checked as git checks them; a dash or @{ at the start of trouble is refused', async () => {
	for (const good of ['feature-x', 'feature/x', 'fix_1.2']) {
		assert.deepEqual(await validateBranchName(good), {ok: true, branch: good});
	}

	for (const bad of ['bad..name', 'a b', 'x~1', 'ends.lock', '-rf', '@{-1}', 'trailing/', '']) {
		const result = await validateBranchName(bad);
		assert.equal(result.ok, false, bad);
		assert.ok(!result.ok && result.message.length > 0);
	}

	// A pane's name becomes a branch git accepts.
	for (const pane of ['claude', 'my agent', 'x..y', '-lead', 'a:b?c', 'done.lock']) {
		const branch = branchNameForPane(pane);
		assert.equal((await validateBranchName(branch)).ok, true, `${pane} -> ${branch}`);
	}
});

test('planning: next to the repository by default, under a root when set, clashes refused unless reused, nothing touched', async t => {
	const repo = makeRepository(t);
	assert.equal(worktreeLocation(repo, 'feature/x'), path.join(path.dirname(repo), 'repo.worktrees', 'feature-x'));
	assert.equal(worktreeLocation(repo, 'a', '/srv/trees'), '/srv/trees/repo/a');

	const plan = await planWorktree({from: repo, branch: 'feature/x'});
	assert.ok(plan.ok);
	assert.equal(plan.plan.mode, 'new-branch');
	assert.equal(plan.plan.base, 'main');
	assert.equal(plan.plan.baseCommit, gitIn(repo, 'rev-parse', 'HEAD').trim());
	assert.equal(fs.existsSync(plan.plan.path), false, 'planning makes nothing');
	assert.equal(gitIn(repo, 'branch', '--list', 'feature/x'), '', 'planning makes no branch');

	gitIn(repo, 'branch', 'taken');
	const clash = await planWorktree({from: repo, branch: 'taken'});
	assert.ok(!clash.ok && /a branch "taken" already exists .*reuse/.test(clash.message), JSON.stringify(clash));
	const reused = await planWorktree({from: repo, branch: 'taken', reuse: true});
	assert.ok(reused.ok && reused.plan.mode === 'existing-branch');

	const checkedOut = await planWorktree({from: repo, branch: 'main', reuse: true});
	assert.ok(!checkedOut.ok && /checked out in the repository itself/.test(checkedOut.message));

	const badBase = await planWorktree({from: repo, branch: 'y', base: 'no-such-ref'});
	assert.ok(!badBase.ok && /base "no-such-ref"/.test(badBase.message));

	const inside = await planWorktree({from: repo, branch: 'z', root: repo});
	assert.ok(!inside.ok && /inside the repository and not ignored/.test(inside.message), JSON.stringify(inside));
	fs.writeFileSync(path.join(repo, '.git', 'info', 'exclude'), 'repo/\n');
	const ignored = await planWorktree({from: repo, branch: 'z', root: repo});
	assert.ok(ignored.ok, `an ignored folder inside the repository is fine: ${JSON.stringify(ignored)}`);

	const outside = await planWorktree({from: path.dirname(repo), branch: 'q'});
	assert.ok(!outside.ok && /not inside a git repository/.test(outside.message));
});

test('.worktreeinclude and extra patterns pick git-ignored files only; they arrive in the new tree', async t => {
	const repo = makeRepository(
		t,
		{'.gitignore': '.env\nlocal/\nbuild/\n', '.worktreeinclude': '.env\nlocal/\n', 'file.txt': 'x\n'},
		{'.env': 'KEY=1\n', 'local/config.json': '{}', 'build/out.js': '', 'untracked.txt': 'mine'},
	);
	assert.deepEqual((await includedFiles(repo)).sort(), ['.env', 'local/config.json']);
	assert.deepEqual((await includedFiles(repo, ['build/', 'untracked.txt'])).sort(), ['.env', 'build/out.js', 'local/config.json'], 'an untracked file that git does not ignore is never copied');

	const plan = await planWorktree({from: repo, branch: 'inc'});
	assert.ok(plan.ok);
	const registry = registryIn(repo);
	const made = await createWorktree(plan.plan, {gate: openGate, registry, session: 's', pane: 'p'});
	assert.ok(made.ok, JSON.stringify(made));
	assert.deepEqual(made.copied.sort(), ['.env', 'local/config.json']);
	assert.equal(fs.readFileSync(path.join(made.path, '.env'), 'utf8'), 'KEY=1\n');
	assert.equal(fs.existsSync(path.join(made.path, 'build', 'out.js')), false);
	assert.equal(fs.statSync(registry.file).mode & 0o777, 0o600, 'the record is private');
	assert.equal(registry.find(path.join(made.path, 'local'))?.pane, 'p');
});

test('status and removal: uncommitted and unpushed work is counted, named, and removal refused until forced', async t => {
	const repo = makeRepository(t);
	const registry = registryIn(repo);
	const plan = await planWorktree({from: repo, branch: 'work'});
	assert.ok(plan.ok);
	const made = await createWorktree(plan.plan, {gate: openGate, registry});
	assert.ok(made.ok && made.record);
	const record = made.record;
	let status = await worktreeStatus(record);
	assert.deepEqual([status.branch, status.ahead, status.behind, status.dirty, status.unpushed, status.merged], ['work', 0, 0, 0, 0, true]);

	fs.writeFileSync(path.join(made.path, 'file.txt'), 'two\n');
	gitIn(made.path, 'commit', '-qam', 'two');
	fs.writeFileSync(path.join(made.path, 'new.txt'), 'new\n');
	status = await worktreeStatus(record);
	assert.deepEqual([status.ahead, status.dirty, status.dirtyFiles, status.unpushed, status.merged], [1, 1, ['new.txt'], 1, false]);
	assert.deepEqual(describeLoss(status), ['1 uncommitted file: new.txt', '1 commit on no other branch or remote']);

	const refused = await removeWorktree(record, {gate: openGate, registry});
	assert.ok(!refused.ok && refused.loss?.length === 2, JSON.stringify(refused));
	assert.ok(fs.existsSync(made.path), 'refused: the tree is still there');

	const gated: string[] = [];
	const removed = await removeWorktree(record, {
		gate: async (argv, {confirmed}) => {
			gated.push(`${argv.join(' ')}${confirmed ? ' (confirmed)' : ''}`);
			return true;
		},
		registry,
		force: true,
	});
	assert.deepEqual(removed, {ok: true, removedBranch: true});
	assert.deepEqual(gated, [`git worktree remove --force ${made.path} (confirmed)`, 'git branch -D work (confirmed)'], 'every git call passed the gate');
	assert.equal(fs.existsSync(made.path), false);
	assert.equal(gitIn(repo, 'branch', '--list', 'work'), '');
	assert.deepEqual(registry.list(), []);
});

test('a gate that refuses stops the git command and says why', async t => {
	const repo = makeRepository(t);
	const plan = await planWorktree({from: repo, branch: 'nope'});
	assert.ok(plan.ok);
	const made = await createWorktree(plan.plan, {gate: async () => 'refused by policy (test): no', registry: registryIn(repo)});
	assert.deepEqual(made, {ok: false, message: 'refused by policy (test): no'});
	assert.equal(fs.existsSync(plan.plan.path), false);
	assert.equal(gitIn(repo, 'branch', '--list', 'nope'), '');
});

test('git status -z entries: renames keep their new name only', () => {
	assert.deepEqual(parsePorcelain(' M a.txt\0R  new.txt\0old.txt\0?? dir/x y.txt\0'), ['a.txt', 'new.txt', 'dir/x y.txt']);
});

test('an unreadable record file is read as empty and kept aside on the next write', t => {
	const repo = makeRepository(t);
	const registry = registryIn(repo);
	fs.mkdirSync(path.dirname(registry.file), {recursive: true});
	fs.writeFileSync(registry.file, '{"version": 1, "worktrees": [{"path": 3}]}');
	assert.deepEqual(registry.list(), []);
	registry.add({path: '/x', repoRoot: repo, branch: 'b', base: 'main', baseCommit: 'a'.repeat(40), createdBranch: true, createdAt: new Date().toISOString()});
	assert.equal(registry.list().length, 1);
	assert.match(fs.readFileSync(`${registry.file}.corrupt`, 'utf8'), /"path": 3/);
});
