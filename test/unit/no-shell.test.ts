import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

// agentmux promises never to start a process through a shell. This test reads
// the source and fails on any way of doing so.
const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../source');

function sourceFiles(directory: string): string[] {
	return fs.readdirSync(directory, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) {
			return sourceFiles(full);
		}

		return /\.tsx?$/.test(entry.name) ? [full] : [];
	});
}

const forbidden: Array<[RegExp, string]> = [
	[/shell\s*:\s*(true|['"`])/, 'a process started with a shell option'],
	[/(?<![.\w])exec(Sync)?\s*\(|child_process\.exec(Sync)?\b|import\s*\{[^}]*\bexec(Sync)?\b[^}]*\}\s*from\s*['"](node:)?child_process/, 'child_process.exec / execSync run a shell string'],
	[/\bexecaCommand(Sync)?\b|\bexeca\.command\b|(await|=|\(|return)\s*\$`/, "execa's command-string and template forms"],
	[/\bspawn(Sync)?\s*\(\s*['"`][^'"`]*\s[^'"`]*['"`]/, 'a command string passed where one executable belongs'],
	[/\bspawn(Sync)?\s*\(\s*['"`](\/bin\/)?(ba|z|da|k)?sh['"`]\s*,\s*\[\s*['"`]-c/, 'a shell started with -c'],
];

test('the source never starts a process through a shell', () => {
	const files = sourceFiles(sourceRoot);
	assert.ok(files.length > 20, `found the source (${files.length} files)`);
	const problems: string[] = [];
	for (const file of files) {
		const lines = fs.readFileSync(file, 'utf8').split('\n');
		for (const [index, line] of lines.entries()) {
			for (const [pattern, why] of forbidden) {
				if (pattern.test(line)) {
					problems.push(`${path.relative(sourceRoot, file)}:${index + 1}: ${why}: ${line.trim()}`);
				}
			}
		}
	}

	assert.deepEqual(problems, []);
});

test('the check itself catches each forbidden form', () => {
	const samples = [
		"spawn('ls', [], {shell: true})",
		"child_process.exec('rm -rf x')",
		"import {exec} from 'node:child_process';",
		'execSync(command)',
		"await execaCommand('npm test')",
		'await $`ls ${dir}`',
		"spawn('npm test', [])",
		"spawn('bash', ['-c', line])",
	];
	for (const sample of samples) {
		assert.ok(
			forbidden.some(([pattern]) => pattern.test(sample)),
			`caught: ${sample}`,
		);
	}

	for (const fine of ['pty.spawn(file, this.spec.args, {cwd})', 'const match = /x/.exec(line);', 'if (/[$`]/.test(name)) {']) {
		assert.ok(!forbidden.some(([pattern]) => pattern.test(fine)), `passes: ${fine}`);
	}
});
