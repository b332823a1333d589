import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import type {AuditEntry} from '../../source/security/audit-log.js';
import {type Classifier, createClassifier} from '../../source/security/classify.js';
import {classifySliceChars, type GateHost, InputGate} from '../../source/security/input-gate.js';
import {scanSecretsSync} from '../../source/security/secret-scan.js';

let classifier: Classifier;
before(async () => {
	classifier = await createClassifier();
});

/** A pane that echoes like a shell on one screen line; counts how often the gate asks for its mode. */
class Pane implements GateHost {
	paneName = 'work';
	currentMode: 'shell' | 'agent' | 'raw' = 'shell';
	modeLookups = 0;
	row = 0;
	screen = '';
	forwarded: string[] = [];
	notices: string[] = [];
	progressShown: Array<string | undefined> = [];
	entries: AuditEntry[] = [];
	dialogs: Array<{title: string; detail: string; rule: string}> = [];
	classified: string[] = [];
	private readonly resolvers: Array<(answer: boolean) => void> = [];
	audit = {
		append: (entry: AuditEntry) => {
			this.entries.push(entry);
		},
	};

	cwd = () => '/project';
	mode = () => {
		this.modeLookups++;
		return this.currentMode;
	};

	cursor = () => ({row: this.row, col: this.screen.length});
	readLogicalLine = (from: {row: number; col: number}) => (from.row === this.row ? this.screen.slice(from.col).trimEnd() : '');
	forward = (data: string) => {
		this.forwarded.push(data);
		for (const character of data.replaceAll(/\u001B\[20[01]~/g, '')) {
			if (character === '\r' || character === '\n') {
				this.row++;
				this.screen = '';
			} else if (character >= ' ') {
				this.screen += character;
			}
		}
	};

	confirm = async (request: {title: string; detail: string; rule: string}) => {
		this.dialogs.push(request);
		return new Promise<boolean>(resolve => this.resolvers.push(resolve));
	};

	answer(value: boolean): void {
		this.resolvers.shift()?.(value);
	}

	notice = (message: string) => {
		this.notices.push(message);
	};

	progress = (message: string | undefined) => {
		this.progressShown.push(message);
	};

	classify = (line: string) => {
		this.classified.push(line);
		return classifier.classify(line);
	};

	scanSecrets = async (text: string) => scanSecretsSync(text);
}

/** Resolves once the gate has nothing more to do: the pane stopped changing for a few turns. */
async function idle(pane: Pane, gate: InputGate): Promise<void> {
	let last = -1;
	let calm = 0;
	while (calm < 5) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => setImmediate(resolve));
		const now = pane.forwarded.length + pane.dialogs.length + pane.classified.length + pane.progressShown.length;
		calm = now === last ? calm + 1 : 0;
		last = now;
	}

	assert.ok(gate);
}

const chars = (text: string) => [...text];

describe('InputGate: the keys of one read', () => {
	it('in a raw pane: one mode lookup and one write for the whole batch', () => {
		const pane = new Pane();
		pane.currentMode = 'raw';
		const gate = new InputGate(pane);
		const keys = chars(`${'x'.repeat(5000)}\r${'y'.repeat(100)}`);
		gate.keys(keys);
		assert.equal(pane.modeLookups, 1);
		assert.deepEqual(pane.forwarded, [keys.join('')]);
	});

	it('in a shell: keys up to an allowed Enter go in one write, the Enter after judging, then the rest', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		gate.keys(chars('echo one\recho two'));
		assert.deepEqual(pane.forwarded, ['echo one'], 'nothing after the Enter before its verdict');
		await idle(pane, gate);
		assert.deepEqual(pane.forwarded, ['echo one', '\r', 'echo two']);
		assert.deepEqual(pane.classified, ['echo one']);
		assert.equal(pane.modeLookups, 2, 'once for the batch, once again after the Enter (the program may have changed)');
	});

	it('keys after a held Enter wait for the answer, and go on in order after it', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		gate.keys(chars('rm -rf build\rls\r'));
		await idle(pane, gate);
		assert.equal(pane.dialogs.length, 1);
		assert.deepEqual(pane.forwarded, ['rm -rf build']);
		gate.keys(chars('pwd'));
		await idle(pane, gate);
		assert.deepEqual(pane.forwarded, ['rm -rf build'], 'typed during the dialog: queued');
		pane.answer(true);
		await idle(pane, gate);
		assert.deepEqual(pane.forwarded, ['rm -rf build', '\r', 'ls', '\r', 'pwd']);
		assert.deepEqual(pane.classified, ['rm -rf build', 'ls']);
	});

	it('a batch cannot carry a denied line past the gate', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		gate.keys(chars('curl x | sh\r'));
		await idle(pane, gate);
		assert.ok(!pane.forwarded.join('').includes('\r'), 'the Enter is held');
		assert.match(pane.notices.join('\n'), /blocked/);
	});

	it('Ctrl-C inside a batch starts a new line: the next Enter judges only what came after it', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		// The fake screen keeps the abandoned text; a real shell would draw a new prompt. The
		// gate must read the new line from where it starts after Ctrl-C, not from before it.
		gate.keys(chars('rm -rf /\u0003'));
		pane.row++;
		pane.screen = '';
		gate.keys(chars('ls\r'));
		await idle(pane, gate);
		assert.deepEqual(pane.classified, ['ls']);
		assert.equal(pane.forwarded.join(''), 'rm -rf /\u0003ls\r');
	});

	it('multi-key sequences (arrows) in a batch stay whole and in order', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		gate.keys(['a', '\u001B[D', 'b', '\u001B[C']);
		assert.deepEqual(pane.forwarded, ['a\u001B[Db\u001B[C']);
	});
});

/** Comment lines, with `risky` placed as line `at`. */
function bigPaste(lines: number, risky?: string, at = lines - 2): string {
	const rows: string[] = [];
	for (let index = 0; index < lines; index++) rows.push(index === at && risky ? risky : `# a comment line, number ${index}`);
	return rows.join('\r');
}

describe('InputGate: pasted line breaks', () => {
	for (const [name, end] of [
		['CR', '\r'],
		['CRLF', '\r\n'],
		['LF', '\n'],
	]) {
		it(`a risky line after a comment, with ${name} line ends, is judged as its own line`, async () => {
			const pane = new Pane();
			const gate = new InputGate(pane);
			gate.paste(`# just a note${end}curl https://example.com/x | sh${end}`, true);
			await idle(pane, gate);
			assert.deepEqual(pane.forwarded, []);
			assert.match(pane.notices.join('\n'), /pipe-to-shell/);
		});
	}
});

describe('InputGate: a large paste', () => {
	it('is judged in slices, with the event loop running between them, and shows its progress', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		const text = bigPaste(6000);
		assert.ok(text.length > classifySliceChars * 4);
		let turns = 0;
		let counting = true;
		const tick = () => {
			turns++;
			if (counting) setImmediate(tick);
		};

		setImmediate(tick);
		gate.paste(text, true);
		await idle(pane, gate);
		counting = false;
		assert.ok(pane.classified.length >= 4, `classified in slices: ${pane.classified.length}`);
		assert.ok(pane.classified.every(slice => slice.length <= classifySliceChars));
		assert.ok(pane.classified.join('') === text.replaceAll('\r', '\n'), 'the slices are the whole paste, cut at line ends');
		assert.ok(turns >= pane.classified.length, `the event loop ran between slices (${turns} turns)`);
		assert.deepEqual(pane.progressShown, ['checking paste (6000 lines)...', undefined]);
		assert.deepEqual(pane.forwarded, [`\u001B[200~${text}\u001B[201~`], 'forwarded whole, in one piece');
	});

	it('nothing is forwarded before the last slice is judged, and one risky line holds all of it', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		const text = bigPaste(6000, 'curl https://example.com/x | sh', 5990);
		const forwardedWhileJudging: number[] = [];
		const classify = pane.classify;
		pane.classify = line => {
			forwardedWhileJudging.push(pane.forwarded.length);
			return classify(line);
		};

		gate.paste(text, true);
		await idle(pane, gate);
		assert.ok(forwardedWhileJudging.every(count => count === 0));
		assert.deepEqual(pane.forwarded, []);
		assert.match(pane.notices.join('\n'), /blocked \(pipe-to-shell\)/);
		assert.equal(pane.entries[0]?.kind, 'paste');
		assert.equal(pane.progressShown.at(-1), undefined, 'the progress line is gone');
	});

	it('a confirm anywhere asks once for the whole paste', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		const text = bigPaste(5000, 'rm -rf build', 10);
		gate.paste(text, false);
		await idle(pane, gate);
		assert.equal(pane.dialogs.length, 1);
		assert.deepEqual(pane.forwarded, []);
		pane.answer(true);
		await idle(pane, gate);
		assert.deepEqual(pane.forwarded, [text]);
	});

	it('keys and a second paste arriving while it is judged wait, and go in order after it', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		const first = bigPaste(5000);
		gate.paste(first, true);
		gate.keys(chars('# typed'));
		gate.paste('# second paste', true);
		await new Promise(resolve => setImmediate(resolve));
		assert.deepEqual(pane.forwarded, [], 'nothing overtakes the paste being judged');
		await idle(pane, gate);
		assert.deepEqual(pane.forwarded, [`\u001B[200~${first}\u001B[201~`, '# typed', '\u001B[200~# second paste\u001B[201~']);
	});

	it('a secret in a late slice is found, at its place in the whole paste', async () => {
		const pane = new Pane();
		const gate = new InputGate(pane);
		const token = `ghp_${'A1b2C3d4E5'.repeat(3)}123456`;
		const text = bigPaste(8000, `export TOKEN=${token}`, 7000);
		gate.paste(text, true);
		await idle(pane, gate);
		assert.equal(pane.dialogs.length, 1, 'the secret is asked about');
		assert.match(pane.dialogs[0]!.detail, /github/i);
		assert.ok(!pane.dialogs[0]!.detail.includes(token));
		pane.answer(false);
		await idle(pane, gate);
		assert.deepEqual(pane.forwarded, []);
		const entry = pane.entries[0]!;
		assert.ok(!entry.command.includes(token), 'the audit log has it redacted');
		assert.ok(entry.command.includes('# a comment line, number 6999\r'), 'the text before it is kept in place');
		assert.ok(entry.command.includes('\r# a comment line, number 7001'), 'and the text after it');
	});

	it('in an agent pane a large paste is scanned for secrets in slices, then forwarded whole', async () => {
		const pane = new Pane();
		pane.currentMode = 'agent';
		const gate = new InputGate(pane);
		const text = bigPaste(6000);
		gate.paste(text, true);
		await idle(pane, gate);
		assert.deepEqual(pane.classified, []);
		assert.deepEqual(pane.progressShown, ['checking paste (6000 lines)...', undefined]);
		assert.deepEqual(pane.forwarded, [`\u001B[200~${text}\u001B[201~`]);
	});
});
