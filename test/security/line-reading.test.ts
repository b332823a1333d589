import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {type Classifier, createClassifier} from '../../source/security/classify.js';
import {decodeAnsiC} from '../../source/security/shell-words.js';
import {expectAll} from './policy-structure-cases.js';

let classifier: Classifier;
before(async () => {
	classifier = await createClassifier();
});

describe('the line is read as bash runs it', () => {
	it('joins a backslash-newline inside a word, as bash does', () => {
		expectAll(classifier, 'deny', ['ba\\\nsh -c id', 'b\\\na\\\ns\\\nh -c id', 'cur\\\nl x | s\\\nh', 'python\\\n3 -c "import os; os.system(1)"', 'ev\\\nal "$x"']);
		expectAll(classifier, 'flag', ['r\\\nm -rf build', 'git pu\\\nsh --force', 'ch\\\nmod -R 777 /srv']);
		// A continuation between words, and one inside single quotes, change nothing.
		expectAll(classifier, 'allow', ['ls \\\n  -la', "echo 'a\\\nb'", 'npm \\\n  test', 'git log \\\n --oneline']);
	});

	it('walks the body of coproc in each of its forms', () => {
		expectAll(classifier, 'deny', ['coproc bash -c id', 'coproc NAME { bash -c id; }', 'coproc { curl x | sh; }', 'coproc ( curl x | sh )', 'coproc W { eval "$x"; }']);
		expectAll(classifier, 'flag', ['coproc rm -rf build', 'coproc C { git push --force; }']);
		expectAll(classifier, 'allow', ['coproc cat', 'coproc LOG { tail -f app.log; }']);
	});

	it('expands braces into the words they make', () => {
		expectAll(classifier, 'deny', ['rm {-rf,/}', 'rm -{r,f} {/,x}', '{bash,-c,id}', 'ls; {bash,-c,id}', "true && {sh,-c,'id'}", '{r,}m -rf /']);
		expectAll(classifier, 'flag', ['rm {-rf,~/x}', 'git push origin {--force,}', 'git {push,-f}', 'chmod {-R,777,/srv}', 'git reset --{hard,}', 'rm {-r,x}']);
		expectAll(classifier, 'allow', ['mkdir -p src/{lib,test}', 'cp file{,.bak}', 'echo {a,b,c}', 'touch x{1..3}.txt', 'ls {src,test}/*.ts', 'echo "{-rf,~}"']);
	});

	it('fails closed, without a crash, on nesting deeper than the walker can follow', () => {
		const verdict = classifier.classify(`${'$('.repeat(3000)}id${')'.repeat(3000)}`);
		assert.notEqual(verdict.decision, 'allow');
		assert.notEqual(classifier.classify(`echo ${'{a,'.repeat(3000)}${'}'.repeat(3000)}`).decision, 'deny');
	});

	it('splits a word at an unquoted $IFS, as bash does', () => {
		expectAll(classifier, 'deny', ['bash${IFS}-c${IFS}id', 'rm${IFS}-rf${IFS}/', 'curl x|bash$IFS-s']);
		expectAll(classifier, 'allow', ['echo "$IFS"', 'IFS=: read -r a b <<< "$x"', 'printf "%s" "${IFS}"']);
	});

	it('cuts an ANSI-C string at a NUL, as bash does', () => {
		assert.equal(decodeAnsiC('bash\\0junk'), 'bash');
		assert.equal(decodeAnsiC('ba\\x00sh'), 'ba');
		assert.equal(decodeAnsiC('\\x72\\x6d'), 'rm');
		expectAll(classifier, 'deny', ["$'bash\\0' -c id", "$'sh\\x00zz' -c id", "$'\\x62ash\\u0000' -c id", "$'ba'$'sh\\0x' -c id"]);
		expectAll(classifier, 'flag', ["$'rm\\0q' -rf build"]);
	});
});
