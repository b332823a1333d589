import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {awkRunsCommand, exCommandRuns, sedRunsCommand} from '../../source/security/escape-rules.js';
import {given, isOn, optionSpec, optionValue, parseArgs, readings, resolveAbbreviation, subcommandReadings, valuesOf} from '../../source/security/getopt.js';
import {destructiveSql, normaliseSql} from '../../source/security/sql-rules.js';

const rm = optionSpec('-f|--force -i --interactive=? -r|-R|--recursive -d|--dir -v|--verbose --preserve-root=? --no-preserve-root');

describe('getopt-style option reading', () => {
	it('resolves unique prefixes of long options, as getopt_long does', () => {
		assert.ok(isOn(parseArgs(['--rec', 'x'], rm), 'recursive'));
		assert.ok(isOn(parseArgs(['--r', 'x'], rm), 'recursive'));
		assert.ok(isOn(parseArgs(['--fo', 'x'], rm), 'force'));
		assert.ok(!isOn(parseArgs(['--verbose', 'x'], rm), 'recursive'));
		assert.deepEqual(parseArgs(['--recx', 'x'], rm).unknown, ['--recx']);
	});

	it('treats an ambiguous prefix as every option it could be', () => {
		const push = optionSpec('-f|--force --force-with-lease=? --force-if-includes --dry-run');
		const parsed = parseArgs(['--forc', 'origin'], push);
		assert.ok(given(parsed, 'force') && given(parsed, 'force-with-lease') && given(parsed, 'force-if-includes'));
		assert.ok(!given(parsed, 'dry-run'));
		assert.deepEqual(parsed.operands, ['origin']);
	});

	it('reads short clusters, attached values and operands after options', () => {
		const spec = optionSpec('-n= -v -x');
		const parsed = parseArgs(['-vn5', 'a', '-x', 'b'], spec);
		assert.equal(optionValue(parsed, 'n'), '5');
		assert.ok(isOn(parsed, 'v') && isOn(parsed, 'x'));
		assert.deepEqual(parsed.operands, ['a', 'b']);
		assert.deepEqual(parseArgs(['-n', '-v'], spec).operands, []);
		assert.deepEqual(parseArgs(['--', '-x'], spec).operands, ['-x']);
	});

	it('reads --flag=value, --no-flag and =false', () => {
		const spec = optionSpec('--dry-run --tag=', {negation: true});
		assert.ok(!isOn(parseArgs(['--dry-run=false'], spec), 'dry-run'));
		assert.ok(!isOn(parseArgs(['--dry-run=0'], spec), 'dry-run'));
		assert.ok(isOn(parseArgs(['--dry-run=true'], spec), 'dry-run'));
		assert.ok(!isOn(parseArgs(['--dry-run', '--no-dry-run'], spec), 'dry-run'));
		assert.ok(isOn(parseArgs(['--no-dry-run', '--dry-run'], spec), 'dry-run'));
		assert.deepEqual(valuesOf(parseArgs(['--tag', 'a', '--tag=b'], spec), 'tag'), ['a', 'b']);
	});

	it('reads Go-style single-dash long flags', () => {
		const spec = optionSpec('-destroy -auto-approve -var=', {singleDash: true, abbreviate: false});
		const parsed = parseArgs(['apply', '-destroy=true', '-var', 'a=1'], spec);
		assert.ok(isOn(parsed, 'destroy'));
		assert.equal(optionValue(parsed, 'var'), 'a=1');
		assert.deepEqual(parsed.operands, ['apply']);
		assert.ok(!isOn(parseArgs(['apply', '--destroy=false'], spec), 'destroy'));
	});

	it('stops at the subcommand and reads unknown global options both ways', () => {
		const spec = optionSpec('-C= --bare', {permute: false, abbreviate: false});
		assert.deepEqual(
			subcommandReadings(['-C', 'dir', 'push', '-f'], spec).map(reading => reading.rest),
			[['push', '-f']],
		);
		const both = subcommandReadings(['--weird', 'x', 'push'], spec).map(reading => reading.rest[0]);
		assert.deepEqual(both.sort(), ['push', 'x']);
		assert.equal(readings(['--weird=x', 'push'], spec).length, 1);
		assert.ok(readings(['--a', '1', '--b', '2', '--c', '3', 'x'], spec).length <= 4);
	});

	it('resolves command abbreviations only when unique', () => {
		const commands = ['publish', 'prefix', 'prune', 'unpublish', 'uninstall'];
		assert.equal(resolveAbbreviation('publis', commands), 'publish');
		assert.equal(resolveAbbreviation('pub', commands), 'publish');
		assert.equal(resolveAbbreviation('pr', commands), 'pr');
		assert.equal(resolveAbbreviation('unpub', commands), 'unpublish');
		assert.equal(resolveAbbreviation(undefined, commands), undefined);
	});
});

describe('small readers of embedded languages', () => {
	it('finds the e command and the s///e flag in sed scripts', () => {
		for (const script of ['e id', '1e id', '$e id', '/x/e id', '1,5e id', 's/a/b/e', 's|a|b|ge', 'p;e id', '/a/,/b/ { e id\n}']) {
			assert.ok(sedRunsCommand(script), script);
		}

		for (const script of ['s/exe/x/', 's/a/e/g', '1,10p', '/^e/d', 'y/abc/efg/', 'a\\e text', '$!N', 's/x/y/w out.txt']) {
			assert.ok(!sedRunsCommand(script), script);
		}
	});

	it('finds system() and pipes in awk programs, not in strings or regexes', () => {
		for (const program of ['BEGIN{system("id")}', '{print | "sh"}', 'BEGIN{"date" | getline d}', 'BEGIN{c="sh"; print 1 | c}', '{print |& "sh"}']) {
			assert.ok(awkRunsCommand(program), program);
		}

		for (const program of ['{print $1}', '/a|b/ {print}', '$1 || $2', '{split($0, a, "|")}', 'BEGIN{FS="|"}']) {
			assert.ok(!awkRunsCommand(program), program);
		}
	});

	it('finds shell escapes in Ex command lines', () => {
		for (const command of ['!id', ':!id', 'r !id', 'w !sh', 'terminal', 'sh', 'py3 import os', 'call system("id")', 'set nu | !id', '%!sort']) {
			assert.ok(exCommandRuns(command), command);
		}

		for (const command of ['set number', 'wq', '10', 'q!', 'normal gg', 'syntax on', 'e file.txt']) {
			assert.ok(!exCommandRuns(command), command);
		}
	});

	it('reads SQL past comments, strings and odd spacing', () => {
		assert.match(normaliseSql('DROP/**/TABLE x'), /DROP TABLE x/);
		assert.equal(destructiveSql('DROP/**/TABLE x'), 'DROP');
		assert.equal(destructiveSql('/*!50000 DROP*/ TABLE x'), 'DROP');
		assert.equal(destructiveSql('delete from t -- where id = 1'), 'DELETE without WHERE');
		assert.equal(destructiveSql('DELETE FROM t WHERE 1=1'), 'DELETE without WHERE');
		assert.equal(destructiveSql("UPDATE t SET a = 'where'"), 'UPDATE without WHERE');
		assert.equal(destructiveSql('ALTER TABLE t DROP COLUMN c'), 'ALTER … DROP');
		assert.equal(destructiveSql("SELECT 'drop table x'"), undefined);
		assert.equal(destructiveSql('SELECT TRUNCATE(1.5, 0)'), undefined);
		assert.equal(destructiveSql('DELETE FROM t WHERE id = 1'), undefined);
	});
});
