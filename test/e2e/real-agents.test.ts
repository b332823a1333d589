import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {baseEnvironment, makeTempDir, startAgentmux} from '../helpers/terminal-harness.js';

// The real Claude Code and Gemini CLI (devDependencies) draw their first
// screen without a login. In a pane they must look as they do in tmux at the
// same size: 100x30 here.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const width = 100;
const height = 30;

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

/** The same program's screen in tmux 3.x, at the same size, in the same folder. */
async function tmuxScreen(file: string, cwd: string, home: string, marker: string): Promise<string[]> {
	const socket = `agentmux-smoke-${process.pid}`;
	// The same environment agentmux gets in the harness: CI=true in ours would make Gemini CLI non-interactive.
	const env = baseEnvironment({home, config: path.join(home, 'config'), state: path.join(home, 'state')});
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env});
	try {
		// Claude Code ends after saying it cannot connect: keep its last screen, as agentmux's "hold" does.
		// COLORTERM as agentmux sets it for its panes (it draws 24-bit colour): without it Gemini CLI adds a warning.
		tmux('new-session', '-d', '-x', String(width), '-y', String(height), '-c', cwd, '-e', `HOME=${home}`, '-e', 'COLORTERM=truecolor', '--', file, ';', 'set-option', '-g', 'remain-on-exit', 'on');
		const deadline = Date.now() + 30_000;
		let lines: string[] = [];
		while (Date.now() < deadline) {
			lines = tmux('capture-pane', '-p')
				.split('\n')
				.slice(0, height)
				.map(line => line.trimEnd());
			if (lines.some(line => line.includes(marker))) {
				break;
			}

			// eslint-disable-next-line no-await-in-loop
			await sleep(250);
		}

		await sleep(1500);
		return tmux('capture-pane', '-p')
			.split('\n')
			.slice(0, height)
			.map(line => line.trimEnd());
	} finally {
		// tmux only hangs up on its panes, and Gemini CLI ignores SIGHUP: end the pane's process group too.
		let panePid = Number.NaN;
		try {
			panePid = Number(tmux('display-message', '-p', '#{pane_pid}').trim());
		} catch {
			// No session: nothing to end.
		}

		try {
			tmux('kill-server');
		} catch {
			// Already gone.
		}

		try {
			if (Number.isInteger(panePid) && panePid > 1) process.kill(-panePid, 'SIGTERM');
		} catch {
			// Already gone.
		}
	}
}

/** Each multiplexer's own line about a program that ended is not part of the program's screen. */
const exitNotice = /^\[exited with code|^Pane is dead/;

/**
 * How many of the rows that show anything are the same on both screens. The
 * program may have scrolled by a line or two more in one of them (when it
 * printed its last lines relative to a resize), so the best of small vertical
 * offsets counts; what is compared is each row's content.
 */
function sameRows(a: string[], b: string[]): {same: number; shown: number} {
	let best = {same: 0, shown: 1};
	for (let offset = -2; offset <= 2; offset++) {
		const result = sameRowsAt(a, b, offset);
		if (result.same / result.shown > best.same / best.shown) {
			best = result;
		}
	}

	return best;
}

function sameRowsAt(a: string[], b: string[], offset: number): {same: number; shown: number} {
	let same = 0;
	let shown = 0;
	for (let row = 0; row < height; row++) {
		const left = a[row] ?? '';
		const right = b[row + offset] ?? '';
		if ((left === '' && right === '') || exitNotice.test(left) || exitNotice.test(right)) {
			continue;
		}

		shown++;
		if (left === right) {
			same++;
		}
	}

	return {same, shown: Math.max(1, shown)};
}

for (const [agent, marker] of [
	['gemini', 'Do you trust the files in this folder?'],
	['claude', 'Unable to connect to Anthropic services'],
] as const) {
	test(`the real ${agent} first screen looks in a pane as it does in tmux`, {timeout: 120_000}, async t => {
		const file = path.join(repoRoot, 'node_modules', '.bin', agent);
		assert.ok(fs.existsSync(file), `${agent} is installed as a devDependency`);
		const am = startAgentmux(t, {
			cols: width + 2,
			rows: height + 3,
			workspace: {panes: [{name: agent, command: file, onExit: 'hold'}]},
		});
		await am.waitForText(marker, {timeoutMs: 45_000});
		await sleep(1500);
		const inPane = am.regionText({x: 1, y: 1, width, height});

		const home = makeTempDir('agentmux-smoke-home-');
		t.after(() => {
			fs.rmSync(home, {recursive: true, force: true});
		});
		const inTmux = await tmuxScreen(file, am.cwd, home, marker);
		assert.ok(
			inTmux.some(line => line.includes(marker)),
			`tmux shows it too:\n${inTmux.join('\n')}`,
		);
		const {same, shown} = sameRows(inPane, inTmux);
		// Animated rows (Claude Code's dots and stars) may differ by a frame.
		assert.ok(shown >= 5 && same / shown >= 0.85, `${same} of ${shown} rows match\n--- agentmux\n${inPane.join('\n')}\n--- tmux\n${inTmux.join('\n')}`);
	});
}
