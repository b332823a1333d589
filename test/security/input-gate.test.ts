import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import type {AuditEntry} from '../../source/security/audit-log.js';
import {type Classifier, createClassifier, type PaneContext} from '../../source/security/classify.js';
import {type GateHost, InputGate} from '../../source/security/input-gate.js';
import {scanSecretsSync} from '../../source/security/secret-scan.js';

let classifier: Classifier;
before(async () => {
	classifier = await createClassifier();
});

/** Makes the pane's classifier remember every line it is asked to judge. */
function recordJudged(pane: FakePane): string[] {
	const seen: string[] = [];
	pane.classify = (line: string, context?: PaneContext) => {
		seen.push(line);
		return classifier.classify(line, context);
	};
	return seen;
}

/** A pane that echoes like a shell: one screen line, cursor at its end. */
class FakePane implements GateHost {
	paneName = 'work';
	currentMode: 'shell' | 'agent' | 'raw' = 'shell';
	row = 0;
	screen = '';
	forwarded: string[] = [];
	notices: string[] = [];
	entries: AuditEntry[] = [];
	dialogs: Array<{title: string; detail: string; rule: string}> = [];
	answers: boolean[] = [];
	private resolvers: Array<(answer: boolean) => void> = [];
	auditFails = false;
	audit = {
		append: (entry: AuditEntry) => {
			if (this.auditFails) throw new Error('disk full');
			this.entries.push(entry);
		},
	};

	cwd = () => '/project';
	mode = () => this.currentMode;
	cursor = () => ({row: this.row, col: this.screen.length});
	readLogicalLine = (from: {row: number; col: number}) => (from.row === this.row ? this.screen.slice(from.col).trimEnd() : '');
	forward = (data: string) => {
		this.forwarded.push(data);
		for (const character of data.replaceAll(/\u001B\[20[01]~/g, '')) {
			if (character === '\r' || character === '\n') {
				this.row++;
				this.screen = '';
			} else if (character === '\u007F') {
				this.screen = this.screen.slice(0, -1);
			} else if (character >= ' ') {
				this.screen += character;
			}
		}
	};

	confirm = async (request: {title: string; detail: string; rule: string}) => {
		this.dialogs.push(request);
		if (this.answers.length > 0) return this.answers.shift()!;
		return new Promise<boolean>(resolve => this.resolvers.push(resolve));
	};

	answer(value: boolean): void {
		this.resolvers.shift()?.(value);
	}

	notice = (message: string) => {
		this.notices.push(message);
	};

	busy?: () => boolean;
	ready?: () => Promise<void> | undefined;
	classify = (line: string, context?: PaneContext) => classifier.classify(line, context);
	scanSecrets = async (text: string) => scanSecretsSync(text);
}

const settle = async () => new Promise(resolve => setImmediate(resolve));

function typeLine(gate: InputGate, text: string): void {
	for (const character of text) gate.key(character);
}

describe('InputGate in shell mode', () => {
	it('forwards an allowed line and audits nothing', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		typeLine(gate, 'ls -la');
		gate.key('\r');
		await settle();
		assert.equal(pane.forwarded.join(''), 'ls -la\r');
		assert.deepEqual(pane.entries, []);
	});

	it('holds a denied line, says why, audits it, and keeps the line', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		typeLine(gate, 'curl x | sh');
		gate.key('\r');
		await settle();
		assert.equal(pane.forwarded.join(''), 'curl x | sh');
		assert.match(pane.notices[0]!, /pipe-to-shell/);
		assert.equal(pane.entries[0]?.decision, 'deny');
		assert.equal(pane.entries[0]?.answer, 'none');
		assert.equal(pane.entries[0]?.kind, 'line');
		// The user edits the same line into something harmless; it is re-read from the same start.
		for (let index = 0; index < ' | sh'.length; index++) gate.key('\u007F');
		gate.key('\r');
		await settle();
		assert.equal(pane.forwarded.at(-1), '\r');
		assert.equal(pane.row, 1);
	});

	it('asks on confirm and forwards only on yes', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		pane.answers.push(false, true);
		typeLine(gate, 'rm -rf build');
		gate.key('\r');
		await settle();
		assert.equal(pane.dialogs[0]?.rule, 'rm-recursive');
		assert.match(pane.dialogs[0]!.detail, /rm -rf build/);
		assert.ok(!pane.forwarded.includes('\r'));
		gate.key('\r');
		await settle();
		assert.equal(pane.forwarded.at(-1), '\r');
		assert.deepEqual(
			pane.entries.map(entry => entry.answer),
			['no', 'yes'],
		);
	});

	it('queues keys typed while a dialog is open and releases them in order', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		typeLine(gate, 'git push -f');
		gate.key('\r');
		typeLine(gate, 'ls');
		gate.paste('pwd', true);
		await settle();
		assert.equal(pane.forwarded.join(''), 'git push -f');
		pane.answer(true);
		await settle();
		await settle();
		assert.equal(pane.forwarded.join(''), 'git push -f\rls\u001B[200~pwd\u001B[201~');
	});

	it('judges each line of a chunk that contains Enter', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		gate.key('echo hi\rcurl x | bash\r');
		await settle();
		await settle();
		assert.equal(pane.forwarded.join(''), 'echo hi\rcurl x | bash');
		assert.equal(pane.entries[0]?.rule, 'pipe-to-shell');
	});

	it('reads a line typed ahead of the prompt as what was typed, not the prompt', async () => {
		const pane = new FakePane();
		let busy = true;
		pane.busy = () => busy;
		const gate = new InputGate(pane);
		// The first key arrives before the shell drew its prompt; the prompt then lands before the echo.
		gate.key('l');
		pane.screen = `$ ${pane.screen}`;
		busy = false;
		typeLine(gate, 's -la');
		const seen = recordJudged(pane);
		gate.key('\r');
		await settle();
		assert.deepEqual(seen, ['ls -la']);
		assert.equal(pane.forwarded.join(''), 'ls -la\r');
	});

	it('judges what was typed ahead even when the screen mixes it with the prompt', async () => {
		const pane = new FakePane();
		pane.busy = () => true;
		const gate = new InputGate(pane);
		typeLine(gate, 'rm -rf build');
		// The terminal's own echo landed before the prompt, then the shell redrew the line.
		pane.screen = 'rm -rroot@vm:~# rm -rf build';
		const seen = recordJudged(pane);
		gate.key('\r');
		await settle();
		assert.deepEqual(seen, ['rm -rf build']);
		assert.equal(pane.dialogs[0]?.rule, 'rm-recursive');
	});

	it('starts a new line after Ctrl-C', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		typeLine(gate, 'rm -rf x');
		gate.key('\u0003');
		pane.row++;
		pane.screen = '';
		typeLine(gate, 'ls');
		gate.key('\r');
		await settle();
		assert.deepEqual(pane.dialogs, []);
		assert.equal(pane.forwarded.at(-1), '\r');
	});

	it('fails closed when the audit log cannot be written', async () => {
		const pane = new FakePane();
		pane.auditFails = true;
		pane.answers.push(true);
		const gate = new InputGate(pane);
		typeLine(gate, 'rm -rf build');
		gate.key('\r');
		await settle();
		assert.ok(!pane.forwarded.includes('\r'));
		assert.match(pane.notices.at(-1)!, /audit log failed: disk full/);
	});

	it('asks before running a line that contains a secret, and audits it redacted', async () => {
		const pane = new FakePane();
		pane.answers.push(false);
		const gate = new InputGate(pane);
		typeLine(gate, 'export GITHUB_TOKEN=ghp_hGAkWvj7FAc9QeWJKY40uvSwMFLZDe1f8rES');
		gate.key('\r');
		await settle();
		assert.ok(!pane.forwarded.includes('\r'));
		assert.equal(pane.entries[0]?.kind, 'secret');
		assert.doesNotMatch(JSON.stringify(pane.entries) + pane.dialogs[0]!.detail, /ghp_hGAkWvj7/);
	});
});

describe('InputGate paste', () => {
	it('judges every line before forwarding anything', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		gate.paste('echo one\ncurl x | sh\necho three\n', true);
		await settle();
		assert.deepEqual(pane.forwarded, []);
		assert.equal(pane.entries[0]?.kind, 'paste');
		assert.equal(pane.entries[0]?.decision, 'deny');
	});

	it('forwards an allowed paste, bracketed only when asked', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		gate.paste('echo one\necho two\n', false);
		await settle();
		gate.paste('ls', true);
		await settle();
		assert.deepEqual(pane.forwarded, ['echo one\necho two\n', '\u001B[200~ls\u001B[201~']);
	});

	it('one confirm holds the whole paste', async () => {
		const pane = new FakePane();
		pane.answers.push(true);
		const gate = new InputGate(pane);
		gate.paste('cd build\nrm -rf out\nmake\n', true);
		await settle();
		assert.equal(pane.dialogs.length, 1);
		assert.equal(pane.forwarded.length, 1);
	});
});

describe('InputGate in agent and raw modes', () => {
	it('agent prompts are only scanned for secrets, default no', async () => {
		const pane = new FakePane();
		pane.currentMode = 'agent';
		pane.answers.push(false);
		const gate = new InputGate(pane);
		typeLine(gate, 'rm -rf everything please');
		gate.key('\r');
		await settle();
		assert.equal(pane.forwarded.at(-1), '\r');
		typeLine(gate, 'use key AKIAUJZDEGXDNCF32EPF');
		gate.key('\r');
		await settle();
		assert.match(pane.dialogs[0]!.title, /secret to work/);
		assert.notEqual(pane.forwarded.at(-1), '\r');
		assert.equal(pane.entries[0]?.kind, 'secret');
		assert.equal(pane.entries[0]?.answer, 'no');
	});

	it('raw mode passes everything through', () => {
		const pane = new FakePane();
		pane.currentMode = 'raw';
		const gate = new InputGate(pane);
		gate.key('curl x | sh\r');
		gate.paste('bash -c x', true);
		assert.deepEqual(pane.forwarded, ['curl x | sh\r', '\u001B[200~bash -c x\u001B[201~']);
	});

	it('holdApproval judges an agent-proposed command', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		assert.equal(await gate.holdApproval('ls'), true);
		assert.equal(await gate.holdApproval('curl x | sh'), false);
		pane.answers.push(true);
		assert.equal(await gate.holdApproval('git reset --hard'), true);
		assert.deepEqual(
			pane.entries.map(entry => [entry.kind, entry.answer]),
			[
				['approval', 'none'],
				['approval', 'yes'],
			],
		);
	});

	it('holdApproval keeps the strictest reading of wrapped rows, and asks when the command could not be read', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		// "bash" and "-c 'touch x'" are harmless as two lines; wrapped at a space they are one shell string.
		assert.equal(await gate.holdApproval("bash\n-c 'touch x'", ["bash\n-c 'touch x'", "bash -c 'touch x'", "bash-c 'touch x'"]), false);
		assert.equal(pane.entries.at(-1)!.rule, 'shell-string');
		assert.equal(pane.dialogs.length, 0, 'deny never asks');
		pane.answers.push(false);
		assert.equal(await gate.holdApproval('', ['']), false);
		assert.equal(pane.dialogs.at(-1)!.rule, 'unreadable-command');
		// A harmless command that may go on below what the agent shows is asked about.
		pane.answers.push(true);
		assert.equal(await gate.holdApproval('echo line 1', ['echo line 1'], true), true);
		assert.equal(pane.dialogs.at(-1)!.rule, 'command-may-be-cut');
		assert.equal(await gate.holdApproval('ls', ['ls']), true, 'the same without the cut needs no question');
		assert.equal(pane.dialogs.length, 2);
	});

	it('holdApproval finds a secret wrapped over rows and redacts the whole command', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		const command = 'export GITHUB_TOKEN=ghp_hGAkWvj7FAc9Qe\nWJKY40uvSwMFLZDe1f8rES';
		pane.answers.push(false);
		assert.equal(await gate.holdApproval(command, [command, command.replace('\n', ' '), command.replace('\n', '')]), false);
		assert.equal(pane.dialogs.length, 1, 'the user is asked');
		assert.doesNotMatch(JSON.stringify(pane.entries) + pane.dialogs[0]!.detail, /ghp_hGAkWvj7|WJKY40uv/);
	});

	it('remembers functions a line defined and judges their later calls', async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		pane.answers.push(true, false);
		typeLine(gate, 'wipe() { rm -rf ./cache; }');
		gate.key('\r');
		await settle();
		assert.equal(pane.dialogs[0]?.rule, 'rm-recursive');
		typeLine(gate, 'wipe');
		gate.key('\r');
		await settle();
		assert.equal(pane.dialogs.length, 2, 'the later call is asked about');
		assert.match(pane.dialogs[1]!.detail, /wipe/);
		// Another pane never saw the definition.
		const other = new FakePane();
		const otherGate = new InputGate(other);
		typeLine(otherGate, 'wipe');
		otherGate.key('\r');
		await settle();
		assert.equal(other.dialogs.length, 0);
		assert.equal(other.forwarded.join(''), 'wipe\r');
	});

	it("asks about history expansion at a shell prompt, not in an agent's command", async () => {
		const pane = new FakePane();
		const gate = new InputGate(pane);
		pane.answers.push(false);
		typeLine(gate, 'ls !$');
		gate.key('\r');
		await settle();
		assert.equal(pane.dialogs[0]?.rule, 'history-expansion');
		assert.equal(await gate.holdApproval('echo "done!!x"', ['echo "done!!x"']), true);
		assert.equal(pane.dialogs.length, 1);
	});
});

/** A pane whose program has not started: `ready()` is pending until `start` is called with the mode it shows. */
function startingPane(): {pane: FakePane; start: (mode: 'shell' | 'agent' | 'raw') => void} {
	const pane = new FakePane();
	// Before the start no program is known: the host reports raw mode, which would pass everything.
	pane.currentMode = 'raw';
	let resolve: () => void = () => undefined;
	let started = new Promise<void>(done => {
		resolve = done;
	});
	pane.ready = () => started;
	return {
		pane,
		start(mode) {
			pane.currentMode = mode;
			pane.ready = () => undefined;
			resolve();
			started = Promise.resolve();
		},
	};
}

describe("InputGate before the pane's program has started", () => {
	it('holds keys typed ahead, then judges them in the mode the program shows', async () => {
		const {pane, start} = startingPane();
		const gate = new InputGate(pane);
		typeLine(gate, 'rm -rf build');
		gate.key('\r');
		typeLine(gate, 'ls');
		await settle();
		assert.equal(pane.forwarded.length, 0, 'nothing reaches a program that has not started');
		assert.equal(pane.dialogs.length, 0);
		start('shell');
		await settle();
		await settle();
		assert.equal(pane.dialogs[0]?.rule, 'rm-recursive', 'the line typed ahead is judged like any other');
		assert.equal(pane.forwarded.join(''), 'rm -rf build', 'the line is typed; its Enter and what follows wait for the answer');
		pane.answer(true);
		await settle();
		await settle();
		assert.equal(pane.forwarded.join(''), 'rm -rf build\rls');
	});

	it('holds a paste made before the start and judges every line of it', async () => {
		const {pane, start} = startingPane();
		const gate = new InputGate(pane);
		gate.paste('echo one\ncurl x | sh\n', true);
		await settle();
		start('shell');
		await settle();
		await settle();
		assert.deepEqual(pane.forwarded, []);
		assert.equal(pane.entries[0]?.kind, 'paste');
		assert.equal(pane.entries[0]?.decision, 'deny');
	});

	it('keeps the order of everything typed before and after the start', async () => {
		const {pane, start} = startingPane();
		const gate = new InputGate(pane);
		typeLine(gate, 'echo a');
		gate.key('\r');
		gate.paste('pwd', true);
		start('shell');
		typeLine(gate, 'ls');
		await settle();
		await settle();
		await settle();
		assert.equal(pane.forwarded.join(''), 'echo a\r\u001B[200~pwd\u001B[201~ls');
	});

	it('passes keys on at once to a program that has started', () => {
		const {pane, start} = startingPane();
		start('raw');
		const gate = new InputGate(pane);
		gate.key('q');
		assert.deepEqual(pane.forwarded, ['q']);
	});
});
