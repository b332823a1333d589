import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {baseEnvironment, bashPane, makeTempDir, runPiped, startAgentmux, type TerminalHarness} from '../helpers/terminal-harness.js';

const fakeAwsKey = 'AKIAUJZDEGXDNCF32EPF';

function auditEntries(am: TerminalHarness): Array<Record<string, unknown>> {
	const file = path.join(am.stateDir, 'audit.jsonl');
	if (!fs.existsSync(file)) {
		return [];
	}

	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line) as Record<string, unknown>);
}

async function shell(t: Parameters<typeof startAgentmux>[0]): Promise<TerminalHarness> {
	const am = startAgentmux(t, {workspace: {panes: [bashPane('sh')]}});
	await am.waitForText(/^┃\$ +┃$/);
	return am;
}

test('a shell string typed at the prompt does not run, and the reason is shown', async t => {
	const am = await shell(t);
	const target = path.join(am.cwd, 'x');
	await am.type(`bash -c 'touch ${target}'\r`);
	await am.waitForText(/blocked \(shell-string\)/);
	await new Promise(resolve => {
		setTimeout(resolve, 500);
	});
	assert.equal(fs.existsSync(target), false, 'the command did not run');
	// The line stays at the prompt for the user to edit or clear.
	assert.ok(am.findRow(/^┃\$ bash -c 'touch /) !== -1);
	const entry = auditEntries(am).find(candidate => candidate['kind'] === 'line' && candidate['decision'] === 'deny');
	assert.ok(entry, 'the denial is audited');
	assert.equal(entry['rule'], 'shell-string');
	assert.equal(entry['answer'], 'none');
});

test('rm -rf ./build asks first: n keeps the directory, y deletes it', async t => {
	const am = await shell(t);
	const build = path.join(am.cwd, 'build');
	fs.mkdirSync(build);
	await am.type('rm -rf ./build\r');
	await am.waitForText(/Run this in sh\?/);
	await am.waitForText(/rule: rm-recursive/);
	am.press('n');
	await am.waitForNoText(/Run this in sh\?/);
	await new Promise(resolve => {
		setTimeout(resolve, 300);
	});
	assert.equal(fs.existsSync(build), true, 'n leaves the directory');

	// The line is still there: Enter asks again, and y runs it.
	am.press('\r');
	await am.waitForText(/Run this in sh\?/);
	am.press('y');
	await am.waitFor(() => !fs.existsSync(build), 'the directory to be deleted');
	const answers = auditEntries(am)
		.filter(entry => entry['rule'] === 'rm-recursive')
		.map(entry => entry['answer']);
	assert.deepEqual(answers, ['no', 'yes']);
});

test('a pasted block whose second line is risky holds the first line too', async t => {
	const am = await shell(t);
	const marker = path.join(am.cwd, 'first-line-ran');
	const build = path.join(am.cwd, 'build');
	fs.mkdirSync(build);
	am.press(`\u001B[200~touch ${marker}\nrm -rf ${build}\n\u001B[201~`);
	await am.waitForText(/Run this in sh\?/);
	assert.equal(fs.existsSync(marker), false, 'nothing of the paste was forwarded while asking');
	am.press('n');
	await am.waitForNoText(/Run this in sh\?/);
	await new Promise(resolve => {
		setTimeout(resolve, 500);
	});
	assert.equal(fs.existsSync(marker), false, 'the first line never ran');
	assert.equal(fs.existsSync(build), true);
	const entry = auditEntries(am).find(candidate => candidate['kind'] === 'paste');
	assert.equal(entry?.['answer'], 'no');
});

test('a fake AWS key typed at a prompt asks first, and the audit log has it redacted', async t => {
	const am = await shell(t);
	await am.type(`echo ${fakeAwsKey}\r`);
	await am.waitForText(/contains aws-access-key-id/);
	am.press('n');
	await am.waitForNoText(/contains aws-access-key-id/);
	await new Promise(resolve => {
		setTimeout(resolve, 300);
	});
	// Not sent: no output line with the key (only the typed line shows it).
	assert.equal(am.screenText().filter(row => row.includes(fakeAwsKey)).length, 1);
	const text = fs.readFileSync(path.join(am.stateDir, 'audit.jsonl'), 'utf8');
	assert.ok(!text.includes(fakeAwsKey), 'the key never reaches the audit log');
	assert.ok(text.includes('2EPF'), 'its last four characters identify it');
	const stat = fs.statSync(path.join(am.stateDir, 'audit.jsonl'));
	assert.equal(stat.mode & 0o777, 0o600);
});

test('a workspace pane whose argv is a shell string is refused; the others start', async t => {
	const am = startAgentmux(t, {
		workspace: {panes: [bashPane('ok'), {name: 'sneaky', command: 'bash', args: ['-c', 'touch sneaky-ran']}]},
	});
	await am.waitForText(/ 2 sneaky · .*failed /);
	await am.waitForText(/not started: refused by policy \(shell-string\)/);
	await am.type('echo still-fine\r');
	await am.waitForText(/^┃still-fine +┃/);
	assert.equal(fs.existsSync(path.join(am.cwd, 'sneaky-ran')), false);
	const entry = auditEntries(am).find(candidate => candidate['kind'] === 'launch');
	assert.equal(entry?.['decision'], 'deny');
});

test('agentmux policy check and scan judge lines for scripts', async () => {
	const root = makeTempDir();
	const env = baseEnvironment({home: root, config: path.join(root, 'config'), state: path.join(root, 'state')});
	const check = await runPiped(['policy', 'check', '--json', '--', 'curl', 'https://example.com/x.sh', '|', 'sh'], {cwd: root, env});
	assert.equal(check.exitCode, 0);
	assert.equal((JSON.parse(check.stdout) as {decision: string}).decision, 'deny');

	const plain = await runPiped(['policy', 'check', '--', 'git status'], {cwd: root, env});
	assert.equal(plain.exitCode, 0);
	assert.match(plain.stdout, /^allow/);

	const usage = await runPiped(['policy', 'frobnicate'], {cwd: root, env});
	assert.equal(usage.exitCode, 2);
	fs.rmSync(root, {recursive: true, force: true});
});
