import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {gitIn, makeRepository} from '../helpers/git-repository.js';
import {baseEnvironment, bashPane, makeTempDir, runPiped, startAgentmux} from '../helpers/terminal-harness.js';

type Listed = {branch: string; path: string; pane: string | null; ahead: number; behind: number; dirty: number; unpushed: number; merged: boolean};

test('two panes in two worktrees edit one file apart; .worktreeinclude files arrive; closing asks keep/remove and twice before losing work; worktrees --json and prune', async t => {
	const repo = makeRepository(t, {'f.txt': 'base\n', '.gitignore': '.env\n', '.worktreeinclude': '.env\n'}, {'.env': 'LOCAL_SETTING=1\n'});
	const trees = path.join(path.dirname(repo), 'repo.worktrees');
	const treeA = path.join(trees, 'feat-a');
	const treeB = path.join(trees, 'b');
	const am = startAgentmux(t, {
		args: ['-s', 'wt'],
		workspace: {layout: 'columns', panes: [bashPane('a', {cwd: repo, worktree: 'feat-a'}), bashPane('b', {cwd: repo, worktree: true})]},
	});
	await am.waitFor(() => am.screenText().some(row => (row.match(/[┃│]\$ /g) ?? []).length === 2), 'both panes show a prompt');
	for (const tree of [treeA, treeB]) {
		assert.equal(fs.readFileSync(path.join(tree, '.env'), 'utf8'), 'LOCAL_SETTING=1\n', `.env arrived in ${tree}`);
	}

	// Pane a (focused first) commits its edit; pane b leaves the same file changed, uncommitted.
	await am.type('echo from-a > f.txt && git commit -qam a && echo A-$((40+2))\r');
	await am.waitForText('A-42');
	am.press('\u001B2');
	await am.type('echo from-b > f.txt; pwd; echo B-$((40+2))\r');
	await am.waitForText('B-42');
	assert.equal(fs.readFileSync(path.join(treeA, 'f.txt'), 'utf8'), 'from-a\n');
	assert.equal(fs.readFileSync(path.join(treeB, 'f.txt'), 'utf8'), 'from-b\n');
	assert.equal(fs.readFileSync(path.join(repo, 'f.txt'), 'utf8'), 'base\n', 'the repository itself is untouched');
	assert.equal(gitIn(repo, 'log', '-1', '--format=%s', 'feat-a').trim(), 'a');

	const ls = JSON.parse((await am.run(['ls', '--json'])).stdout) as Array<{worktrees?: Array<{pane: string; branch: string; ahead: number; dirty: number}>}>;
	assert.deepEqual(
		ls[0]?.worktrees?.map(({pane, branch, ahead, dirty}) => ({pane, branch, ahead, dirty})),
		[
			{pane: 'a', branch: 'feat-a', ahead: 1, dirty: 0},
			{pane: 'b', branch: 'b', ahead: 0, dirty: 1},
		],
	);

	// Remove b: the dialog names what would be lost; the second question's "no" keeps everything.
	await am.prefix('x');
	await am.waitForText('removing it loses:');
	assert.notEqual(am.findRow('1 uncommitted file: f.txt'), -1, am.screenDump());
	am.press('r');
	await am.waitForText('lose this work?');
	am.press('n');
	await am.waitForText('not removed');
	assert.ok(fs.existsSync(treeB), 'declined: the worktree stays');
	assert.notEqual(am.findRow('B-42'), -1, 'and so does the pane');
	await am.prefix('x');
	// The notice still up says the same words: the dialog's own line is waited for.
	await am.waitForText('removing it loses:');
	am.press('r');
	await am.waitForText('lose this work?');
	am.press('y');
	await am.waitFor(() => !fs.existsSync(treeB), 'worktree b is removed');
	await am.waitForText('and branch b');
	assert.equal(gitIn(repo, 'branch', '--list', 'b'), '', 'the branch agentmux made is deleted with it');

	const listed = JSON.parse((await am.run(['worktrees', '--json'])).stdout) as Listed[];
	assert.deepEqual(
		listed.map(({branch, path: folder, pane, ahead, dirty, merged}) => ({branch, folder, pane, ahead, dirty, merged})),
		[{branch: 'feat-a', folder: treeA, pane: 'a', ahead: 1, dirty: 0, merged: false}],
	);

	// Keep a: the last pane closes, the session ends, the worktree stays and is listed without a pane.
	await am.prefix('x');
	await am.waitForText('close, keep the worktree');
	am.press('k');
	assert.equal((await am.waitForExit()).exitCode, 0);
	assert.ok(fs.existsSync(treeA));
	const kept = JSON.parse((await am.run(['worktrees', '--json'])).stdout) as Listed[];
	assert.deepEqual(
		kept.map(({branch, pane}) => ({branch, pane})),
		[{branch: 'feat-a', pane: null}],
	);

	// prune removes only merged branches' worktrees, and deletes the branch when told yes.
	const early = await am.run(['worktrees', 'prune', '--yes']);
	assert.equal(early.exitCode, 0, early.stderr);
	assert.ok(fs.existsSync(treeA), `not merged yet: kept (${early.stdout})`);
	gitIn(repo, 'merge', '-q', '--ff-only', 'feat-a');
	const pruned = await am.run(['worktrees', 'prune', '--yes']);
	assert.equal(pruned.exitCode, 0, pruned.stderr);
	assert.match(pruned.stdout, /removed .*feat-a .*merged/);
	assert.match(pruned.stdout, /deleted branch feat-a/);
	assert.equal(fs.existsSync(treeA), false);
	assert.equal(gitIn(repo, 'branch', '--list', 'feat-a'), '');
	assert.deepEqual((JSON.parse(fs.readFileSync(path.join(am.stateDir, 'worktrees.json'), 'utf8')) as {worktrees: unknown[]}).worktrees, [], 'nothing of agentmux is left');

	// Every git command agentmux ran for the panes is in the audit log.
	const audited = fs
		.readFileSync(path.join(am.stateDir, 'audit.jsonl'), 'utf8')
		.trim()
		.split('\n')
		.map(line => JSON.parse(line) as {kind: string; command: string; answer?: string})
		.filter(entry => entry.kind === 'worktree')
		.map(entry => entry.command.replace(/ \S*\/repo(\.worktrees\/\S+)?/g, ' PATH'));
	assert.deepEqual(audited, [
		'git worktree add -b feat-a PATH main',
		'git worktree add -b b PATH main',
		'git worktree remove --force PATH',
		'git branch -D b',
		'git worktree remove PATH',
		'git branch -D feat-a',
	]);
});

test('a bad branch name exits 2 with path: message before anything starts', async t => {
	const repo = makeRepository(t);
	const root = makeTempDir();
	t.after(() => {
		fs.rmSync(root, {recursive: true, force: true});
	});
	const dirs = {home: path.join(root, 'home'), config: path.join(root, 'config'), state: path.join(root, 'state'), runtime: path.join(root, 'run')};
	const env = baseEnvironment(dirs);
	const workspace = path.join(root, 'workspace.json');
	fs.writeFileSync(workspace, JSON.stringify({panes: [bashPane('ok', {cwd: repo, worktree: 'fine'}), bashPane('bad', {cwd: repo, worktree: 'no..dots'})]}));
	const fromWorkspace = await runPiped(['--workspace', workspace], {cwd: repo, env});
	assert.equal(fromWorkspace.exitCode, 2, fromWorkspace.stderr);
	assert.equal(fromWorkspace.stderr, `${workspace}: panes.1.worktree: "no..dots" is not a valid branch name (git check-ref-format)\n`);
	const fromFlag = await runPiped(['--agent', 'shell', '--worktree', 'bad name'], {cwd: repo, env});
	assert.equal(fromFlag.exitCode, 2, fromFlag.stderr);
	assert.equal(fromFlag.stderr, '--worktree: "bad name" is not a valid branch name (git check-ref-format)\n');
	// Nothing started: no worktree, no branch, no server.
	assert.equal(fs.existsSync(path.join(path.dirname(repo), 'repo.worktrees')), false);
	assert.equal(gitIn(repo, 'branch', '--list', 'fine'), '');
	assert.equal(fs.existsSync(path.join(dirs.runtime, 'agentmux')), false, 'no server was started');
});
