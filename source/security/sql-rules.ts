import type {SimpleCommand} from './command-walker.js';
import {type OptionSpec, optionSpec, parseArgs, valuesOf} from './getopt.js';
import {operands, optionPart, optionValue} from './option-scan.js';
import {type CommandView, confirm, deny, type Hit} from './rule-types.js';

// SQL with comments removed (a comment separates words, so DROP/**/TABLE
// reads DROP TABLE), string literals emptied, and spacing collapsed.
// MySQL's /*!... */ comments run their body, so it is kept.
/** SQL as the server tokenises it, for the rules below. */
export function normaliseSql(sql: string): string {
	let out = '';
	for (let index = 0; index < sql.length; index++) {
		const char = sql[index]!;
		const next = sql[index + 1];
		if (char === '-' && next === '-') {
			while (index < sql.length && sql[index] !== '\n') index++;
			out += ' ';
		} else if (char === '#' && !/\w/.test(sql[index - 1] ?? '')) {
			while (index < sql.length && sql[index] !== '\n') index++;
			out += ' ';
		} else if (char === '/' && next === '*') {
			if (sql[index + 2] === '!') {
				index += 2;
				while (/\d/.test(sql[index + 1] ?? '')) index++;
				out += ' ';
				continue;
			}

			const end = sql.indexOf('*/', index + 2);
			index = end === -1 ? sql.length : end + 1;
			out += ' ';
		} else if (char === '*' && next === '/') {
			index++;
			out += ' ';
		} else if (char === "'" || char === '"' || char === '`') {
			let end = index + 1;
			while (end < sql.length && sql[end] !== char) end += sql[end] === '\\' ? 2 : 1;
			// Quoted identifiers keep their text; string values are emptied.
			out += char === "'" ? "''" : ` ${sql.slice(index + 1, end)} `;
			index = end;
		} else if (char === '$' && /^\$(\w*)\$/.test(sql.slice(index))) {
			const tag = /^\$(\w*)\$/.exec(sql.slice(index))![0];
			const end = sql.indexOf(tag, index + tag.length);
			out += "''";
			index = end === -1 ? sql.length : end + tag.length - 1;
		} else {
			out += char;
		}
	}

	return out.replaceAll(/\s+/g, ' ');
}

// A WHERE clause that keeps every row is no WHERE clause.
const trivialWhere = /\bwhere\s+(1\s*=\s*1|true|1|'[^']*'\s*=\s*'[^']*'|\d+\s*=\s*\d+|not\s+false|1\s*<>\s*0|0\s*=\s*0)\s*(;|$|limit\b|order\b|returning\b)/i;

/** Whether SQL text drops, truncates, or deletes/updates without a WHERE clause. */
export function destructiveSql(sql: string): string | undefined {
	for (const statement of normaliseSql(sql).split(';')) {
		const where = /\bwhere\b/i.test(statement) && !trivialWhere.test(statement);
		if (/\balter\s+\w+.*\bdrop\b/i.test(statement)) return 'ALTER … DROP';
		if (/(^|[\s(])drop\s+(?!\()\w/i.test(statement)) return 'DROP';
		if (/(^|[\s(])truncate\b(?!\s*\()/i.test(statement)) return 'TRUNCATE';
		if (/\bdelete\s+(from\b|\w+\s+from\b|[\w."]+\s*($|using\b|returning\b))/i.test(statement) && !where) return 'DELETE without WHERE';
		if (/(^|[\s(])update\s+(only\s+)?[\w."]+(\s+(as\s+)?\w+)?\s+set\b/i.test(statement) && !where) return 'UPDATE without WHERE';
		if (/\b(flushall|flushdb)\b/i.test(statement)) return 'FLUSH';
	}

	return undefined;
}

/** Client commands in SQL text that run a shell command (`\\! id`, `.shell id`, `COPY … FROM PROGRAM`). */
export function sqlShellEscape(sql: string): boolean {
	return (
		/(^|[\n;])\s*(\\!|\\setenv\s+PAGER|\\o\s*\||\\g\s*\||\\w\s*\||system\s|\.(shell|system|once\s+\||output\s+\||import\s+\|)|pager\s)/i.test(sql) ||
		/\bprogram\s+'/i.test(sql) ||
		/\\(copy|o|g)\b[^\n]*\bprogram\b/i.test(sql) ||
		/\bsys_exec\s*\(|\bxp_cmdshell\b|\blo_import\s*\(|\bload_extension\s*\(/i.test(sql)
	);
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
	return stdin.upstream.map(command => producedText(command)).join('\n');
}

function producedText(command: SimpleCommand): string {
	const name = command.name.value.split('/').at(-1);
	if (name === 'echo' || name === 'printf') return command.args.map(word => word.value).join(' ');
	if (command.stdin?.kind === 'heredoc' || command.stdin?.kind === 'herestring') return command.stdin.text;
	return '';
}

// The clients' options as getopt reads them, so `psql -Atc 'DROP …'` finds the -c inside the cluster.
const psqlSpec = optionSpec(
	'-c=|--command= -d=|--dbname= -f=|--file= -h=|--host= -p=|--port= -U=|--username= -v=|--set=|--variable= -o=|--output= -L=|--log-file= -P=|--pset= -F=|--field-separator= -R=|--record-separator= -T=|--table-attr= -A|--no-align -t|--tuples-only -x|--expanded -q|--quiet -X|--no-psqlrc -w|--no-password -W|--password -e|--echo-queries -E|--echo-hidden -a|--echo-all -b|--echo-errors -n|--no-readline -s|--single-step -S|--single-line -1|--single-transaction -H|--html -0|--record-separator-zero -z|--field-separator-zero --csv',
);
const mysqlSpec = optionSpec(
	'-e=|--execute= -u=|--user= -p=?|--password=? -h=|--host= -P=|--port= -D=|--database= -S=|--socket= --defaults-file= --defaults-extra-file= --login-path= --init-command= --protocol= --ssl-mode= --default-character-set= -B|--batch -N|--skip-column-names -s|--silent -v|--verbose -t|--table -r|--raw -f|--force -E|--vertical -X|--xml -H|--html -A|--no-auto-rehash -C|--compress -q|--quick -n|--unbuffered -w|--wait -U|--safe-updates|--i-am-a-dummy',
);
const clientSpecs: Record<string, [OptionSpec, string[]]> = {
	psql: [psqlSpec, ['command']],
	mysql: [mysqlSpec, ['execute', 'init-command']],
	mariadb: [mysqlSpec, ['execute', 'init-command']],
};

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
	cockroach: {options: ['-e', '--execute']},
	snowsql: {options: ['-q', '--query']},
	usql: {options: ['-c', '--command']},
	pgcli: {options: ['-e']},
	mycli: {options: ['-e', '--execute']},
	litecli: {options: ['-e', '--execute']},
	bq: {options: [], positionalSql: true},
	mongo: {options: ['--eval'], mongo: true},
	mongosh: {options: ['--eval'], mongo: true},
};

/** Rules for database clients given destructive statements inline or on visible stdin. */
export function checkSql(view: CommandView): Hit | undefined {
	if (view.name === 'dropdb' || view.name === 'dropuser') {
		return confirm('sql-destructive', `'${view.text}' drops a database object`);
	}

	if (view.name === 'redis-cli' || view.name === 'valkey-cli' || view.name === 'keydb-cli') {
		const stdin = literalStdin(view) ?? '';
		return view.values.some(value => /^(flushall|flushdb)$/i.test(value)) || /\b(flushall|flushdb)\b/i.test(stdin) ? confirm('sql-destructive', `'${view.text}' flushes a redis database`) : undefined;
	}

	const client = clients[view.name];
	if (!client) return undefined;
	const texts: string[] = [];
	const known = clientSpecs[view.name];
	if (known) texts.push(...valuesOf(parseArgs(view.values, known[0]), ...known[1]));
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
		if (!client.mongo && sqlShellEscape(text)) return deny('shell-escape', `'${view.name}' runs a shell command from its SQL input: ${view.text}`);
		const what = client.mongo ? (destructiveMongo(text) ?? destructiveSql(text)) : destructiveSql(text);
		if (what) return confirm('sql-destructive', `'${view.name}' runs a destructive statement (${what}): ${view.text}`);
	}

	return undefined;
}

// Framework tasks that drop or wipe the database.
const frameworkTasks: Record<string, RegExp> = {
	rails: /^db:(drop|reset|purge|truncate_all|schema:load|structure:load|migrate:reset|seed:replant|setup)(:|$)/,
	rake: /^db:(drop|reset|purge|truncate_all|schema:load|structure:load|migrate:reset|seed:replant|setup)(:|$)/,
	'manage.py': /^(flush|reset_db|sqlflush|drop_test_database|reset_schema)$/,
	'django-admin': /^(flush|reset_db)$/,
	artisan: /^(migrate:fresh|migrate:reset|migrate:refresh|db:wipe)$/,
	mix: /^ecto\.(drop|reset|rollback)$/,
	sequelize: /^db:(drop|migrate:undo:all|seed:undo:all)$/,
	'sequelize-cli': /^db:(drop|migrate:undo:all|seed:undo:all)$/,
	typeorm: /^(schema:drop|migration:revert)$/,
	'drizzle-kit': /^drop$/,
	knex: /^migrate:(rollback|down)$/,
	alembic: /^downgrade$/,
	flyway: /^(clean|undo)$/,
	liquibase: /^(drop-all|dropAll|rollback\S*)$/,
	diesel: /^database$/,
};

/** Framework commands that drop or reset a database (`rails db:drop`, `prisma migrate reset`, `python manage.py flush`). */
export function checkFramework(view: CommandView): Hit | undefined {
	let name = view.name;
	let values = view.values;
	// `python manage.py flush`, `php artisan db:wipe`: the script is the command.
	if (/^(python[\d.]*|php[\d.]*|bundle|bin\/rails)$/.test(name)) {
		const script = values.find(value => !value.startsWith('-'));
		if (script === 'exec') return undefined;
		name = script?.split('/').at(-1) ?? '';
		values = values.slice(values.indexOf(script ?? '') + 1);
	}

	const hit = (): Hit => confirm('database-reset', `'${view.text}' drops or resets a database`);
	if (name === 'prisma') {
		const words = values
			.filter(value => !value.startsWith('-'))
			.slice(0, 2)
			.join(' ');
		return words === 'migrate reset' || (words === 'db push' && values.some(value => /^--(force-reset|accept-data-loss)$/.test(value))) ? hit() : undefined;
	}

	if (name === 'diesel') return values.includes('reset') ? hit() : undefined;
	const task = frameworkTasks[name];
	if (!task) return undefined;
	if (name === 'knex') return values.some(value => task.test(value)) && values.includes('--all') ? hit() : undefined;
	return values.some(value => task.test(value)) ? hit() : undefined;
}
