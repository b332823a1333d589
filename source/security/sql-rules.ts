import type {SimpleCommand} from './command-walker.js';
import {optionPart, optionValue, operands} from './option-scan.js';
import {confirm, type CommandView, type Hit} from './rule-types.js';

/** Whether SQL text drops, truncates, or deletes/updates without a WHERE clause. */
export function destructiveSql(sql: string): string | undefined {
	for (const statement of sql.split(';')) {
		if (/\bdrop\s+(table|database|schema|index|view|user|role|collection|keyspace|materialized\s+view|function|trigger)\b/i.test(statement)) return 'DROP';
		if (/\btruncate\b/i.test(statement)) return 'TRUNCATE';
		if (/\bdelete\s+from\b/i.test(statement) && !/\bwhere\b/i.test(statement)) return 'DELETE without WHERE';
		if (/\bupdate\s+\S+\s+set\b/i.test(statement) && !/\bwhere\b/i.test(statement)) return 'UPDATE without WHERE';
	}

	return undefined;
}

/** Whether mongo shell JavaScript drops data or deletes every document. */
function destructiveMongo(code: string): string | undefined {
	if (/\.\s*(dropDatabase|drop)\s*\(/.test(code)) return 'drop';
	if (/\.\s*(deleteMany|remove)\s*\(\s*\{\s*\}\s*\)/.test(code)) return 'delete all documents';
	return undefined;
}

/** Text a command receives on stdin when it is visible in the line (here-doc, here-string, `echo … |`). */
export function literalStdin(view: CommandView): string | undefined {
	const stdin = view.stdin;
	if (!stdin) return undefined;
	if (stdin.kind === 'heredoc' || stdin.kind === 'herestring') return stdin.text;
	if (stdin.kind !== 'pipe') return undefined;
	return stdin.upstream.map((command) => producedText(command)).join('\n');
}

function producedText(command: SimpleCommand): string {
	const name = command.name.value.split('/').at(-1);
	if (name === 'echo' || name === 'printf') return command.args.map((word) => word.value).join(' ');
	if (command.stdin?.kind === 'heredoc' || command.stdin?.kind === 'herestring') return command.stdin.text;
	return '';
}

const clients: Record<string, {options: string[]; positionalSql?: boolean; mongo?: boolean}> = {
	psql: {options: ['-c', '--command']},
	mysql: {options: ['-e', '--execute']},
	mariadb: {options: ['-e', '--execute']},
	sqlite3: {options: ['-cmd'], positionalSql: true},
	sqlite: {options: ['-cmd'], positionalSql: true},
	duckdb: {options: ['-c', '-cmd'], positionalSql: true},
	'clickhouse-client': {options: ['-q', '--query']},
	cqlsh: {options: ['-e', '--execute']},
	sqlcmd: {options: ['-Q', '-q']},
	mongo: {options: ['--eval'], mongo: true},
	mongosh: {options: ['--eval'], mongo: true},
};

/** Rules for database clients given destructive statements inline or on visible stdin. */
export function checkSql(view: CommandView): Hit | undefined {
	if (view.name === 'dropdb' || view.name === 'dropuser') {
		return confirm('sql-destructive', `'${view.text}' drops a database object`);
	}

	if (view.name === 'redis-cli') {
		return view.values.some((value) => /^(flushall|flushdb)$/i.test(value))
			? confirm('sql-destructive', `'${view.text}' flushes a redis database`)
			: undefined;
	}

	const client = clients[view.name];
	if (!client) return undefined;
	const texts: string[] = [];
	const options = optionPart(view.values);
	for (let index = 0; index < options.length; index++) {
		for (const option of client.options) {
			const value = optionValue([options[index]!, options[index + 1] ?? ''], option);
			if (value !== undefined) texts.push(value);
		}
	}

	// sqlite3 DB "SQL…": every operand after the database file is a statement.
	if (client.positionalSql) texts.push(...operands(view.values, ['-cmd', '-separator', '-newline', '-nullvalue']).slice(1));
	const stdin = literalStdin(view);
	if (stdin) texts.push(stdin);
	for (const text of texts) {
		const what = client.mongo ? destructiveMongo(text) ?? destructiveSql(text) : destructiveSql(text);
		if (what) return confirm('sql-destructive', `'${view.name}' runs a destructive statement (${what}): ${view.text}`);
	}

	return undefined;
}
