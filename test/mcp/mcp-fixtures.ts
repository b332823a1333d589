import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** test/fixtures/mcp in the repository (tests run from dist/test/mcp). */
export const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/mcp');

/**
 * A copy of the fixtures in a temporary folder: `home` (every agent's user files) and
 * `repo/app` (a project folder one below a git root, holding the project files), with the
 * project's path written into ~/.claude.json where it says __PROJECT__.
 */
export function fixtureTree(): {root: string; home: string; repo: string; project: string; remove: () => void} {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-mcp-'));
	const home = path.join(root, 'home');
	const repo = path.join(root, 'repo');
	const project = path.join(repo, 'app');
	fs.cpSync(path.join(fixtures, 'home'), home, {recursive: true});
	fs.mkdirSync(path.join(repo, '.git'), {recursive: true});
	fs.cpSync(path.join(fixtures, 'project'), project, {recursive: true});
	const claudeFile = path.join(home, '.claude.json');
	fs.writeFileSync(claudeFile, fs.readFileSync(claudeFile, 'utf8').replace('__PROJECT__', project));
	return {root, home, repo, project, remove: () => fs.rmSync(root, {recursive: true, force: true})};
}
