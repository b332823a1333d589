import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {assertRestored} from './assert-restored.js';
import {describeFindings, leakedLogText, scanOutput} from './output-scanner.js';
import type {TerminalHarness} from './terminal-harness.js';

/** test/fixtures/hostile, found from dist/test/helpers. */
export const hostileFixtureDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/hostile');

/** The issue's bound for any scenario: agentmux's peak resident memory. */
export const defaultMemoryLimitMb = 400;
/** A marker typed into the echo pane must be on screen within this: the issue's 1 s, unless AGENTMUX_TEST_ECHO_MS says otherwise on a machine known to be overloaded. */
export const defaultEchoWithinMs = Number(process.env['AGENTMUX_TEST_ECHO_MS'] ?? 1000);

export type HealthOptions = {
	/** The Alt-digit number of a pane that echoes what is typed (a `cat` pane). */
	echoPane: number;
	/** Peak RSS bound, in MB. */
	memoryLimitMb?: number;
	echoWithinMs?: number;
};

/** A pane running `cat`: the terminal's own echo shows what is typed, so it answers as long as agentmux does. */
export function catPane(name = 'cat'): Record<string, unknown> {
	return {name, command: 'cat', args: []};
}

/**
 * A pane in raw mode that echoes letters, digits and dashes and nothing else:
 * for keyboard fuzzing, where Ctrl-C or Ctrl-D would end a `cat`.
 */
export function rawEchoPane(name = 'echo'): Record<string, unknown> {
	return {name, command: process.execPath, args: [path.join(hostileFixtureDir, 'raw-pane.mjs'), 'echo']};
}

/** A pane in raw mode that counts the bytes it reads and shows `got N hash H`. */
export function rawCountPane(name = 'count'): Record<string, unknown> {
	return {name, command: process.execPath, args: [path.join(hostileFixtureDir, 'raw-pane.mjs'), 'count']};
}

export type HostilePart = {text?: string; hex?: string; times?: number};
/** Bytes written in rounds, each followed by a label line `<name>-<round>`, and `<name>-done` at the end. */
export type HostileBurst = {
	parts: HostilePart[];
	/** Rounds to write (0: forever); 1 when not given. */
	rounds?: number;
	/** Pause after each round. */
	gapMs?: number;
};
export type HostileScript = {
	/** Label lines start with it: `<label>-<round>` for `start`, `<label>-<key>-<round>` for a key's burst. */
	label?: string;
	/** Reset the pane's terminal (CAN, ST, RIS) before each label, so the label is readable whatever the burst did. */
	reset?: boolean;
	/** Put the terminal in raw mode (no echo) even when never reading it. */
	raw?: boolean;
	/** Written at once. */
	start?: HostileBurst;
	/** Written each time the key arrives; with these the program reads its input (raw), without them it never does. */
	onKey?: Record<string, HostileBurst>;
};

/** A pane whose program writes hostile bytes (see HostileScript), then stays alive. */
export function hostilePane(name: string, script: HostileScript): Record<string, unknown> {
	return {name, command: process.execPath, args: [path.join(hostileFixtureDir, 'hostile-pane.mjs'), JSON.stringify(script)]};
}

/** FNV-1a over bytes, as raw-pane.mjs computes it, so a test can check what arrived and in what order. */
export function fnv1a(bytes: Uint8Array): string {
	let hash = 0x81_1c_9d_c5;
	for (const byte of bytes) {
		hash ^= byte;
		hash = Math.imul(hash, 0x01_00_01_93) >>> 0;
	}

	return hash.toString(16).padStart(8, '0');
}

function procStatusKb(pid: number, field: string): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
	assert.ok(match, `${field} in /proc/${pid}/status`);
	return Number(match[1]);
}

/** The process that holds the panes: the session server (the client only relays), or the client before the server is known. */
function panesPid(am: TerminalHarness): number {
	return am.serverPid() ?? am.pid;
}

/** agentmux's resident memory now (the server's, which holds the panes' screens), in MB. */
export function rssMb(am: TerminalHarness): number {
	return procStatusKb(panesPid(am), 'VmRSS') / 1024;
}

/** agentmux's peak resident memory so far (the kernel's high-water mark), in MB. */
export function peakRssMb(am: TerminalHarness): number {
	return procStatusKb(panesPid(am), 'VmHWM') / 1024;
}

/** CPU time agentmux has used so far (user and system, the client's and the server's), in seconds. */
export function cpuSeconds(am: TerminalHarness): number {
	const pids = [...new Set([am.pid, panesPid(am)])];
	let ticks = 0;
	for (const pid of pids) {
		// Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th, stime the 13th.
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		ticks += Number(fields[11]) + Number(fields[12]);
	}

	// Clock ticks are 1/100 s on Linux.
	return ticks / 100;
}

/** (a) agentmux still runs. */
export function assertAlive(am: TerminalHarness, what = ''): void {
	assert.equal(am.exitResult, undefined, `agentmux is alive${what ? ` after ${what}` : ''}; it exited with ${JSON.stringify(am.exitResult)}\nlast output: ${JSON.stringify(am.rawOutput.slice(-600))}`);
	assert.doesNotThrow(() => {
		process.kill(am.pid, 0);
	}, 'the agentmux process exists');
}

/** The content rectangle of pane `number`, found from its frame's title on the outer screen. */
export function paneContent(am: TerminalHarness, number: number): {x: number; y: number; width: number; height: number} | undefined {
	const rows = am.screenText();
	for (const [y, row] of rows.entries()) {
		const title = new RegExp(`[┏┌][━─] ${number} `).exec(row);
		if (!title) {
			continue;
		}

		const x = title.index;
		const right = row.slice(x).search(/[┓┐]/);
		const bottom = rows.findIndex((below, index) => index > y && /[┗└]/.test(below[x] ?? ''));
		if (right > 1 && bottom > y + 1) {
			return {x: x + 1, y: y + 1, width: right - 1, height: bottom - y - 1};
		}
	}

	return undefined;
}

/** (b) Focuses the echo pane, types a fresh marker on a line of its own and expects it in that pane within `withinMs`. */
export async function assertEchoes(am: TerminalHarness, echoPane: number, withinMs = defaultEchoWithinMs): Promise<number> {
	const marker = `mk${crypto.randomBytes(4).toString('hex')}`;
	const inPane = () => {
		const content = paneContent(am, echoPane);
		return content !== undefined && am.regionText(content).some(row => row.includes(marker));
	};

	// Alt-N focuses the pane; Enter first so the marker starts a line and cannot wrap.
	am.press(`\u001B${echoPane}`);
	am.press(`\r${marker}\r`);
	const started = Date.now();
	// Waits a little past the bound so that a slow echo is reported with its time; ends early if agentmux ended.
	await am.waitFor(() => am.exitResult !== undefined || inPane(), `the marker ${marker} typed into pane ${echoPane} to be echoed there`, {timeoutMs: withinMs + 5000});
	assertAlive(am, `typing the marker ${marker}`);
	const elapsed = Date.now() - started;
	assert.ok(elapsed <= withinMs, `the marker typed into pane ${echoPane} was echoed after ${elapsed} ms, more than ${withinMs} ms`);
	return elapsed;
}

/** (c) Nothing but agentmux's own drawing reached the user's terminal. */
export function assertOnlyDrawing(am: TerminalHarness): void {
	const {findings} = scanOutput(am.rawOutput);
	assert.equal(findings.length, 0, `agentmux wrote ${findings.length} things that are not its own drawing:\n${describeFindings(findings)}`);
	const leaks = leakedLogText(am.rawOutput);
	assert.deepEqual(leaks, [], "log or crash text reached the user's terminal");
}

/** (d) agentmux's peak resident memory stayed under the bound. */
export function assertMemoryUnder(am: TerminalHarness, limitMb = defaultMemoryLimitMb): number {
	const peak = peakRssMb(am);
	// The peak is over the process's life: in a session shared by several cases it may have been reached in an earlier one.
	assert.ok(peak <= limitMb, `agentmux's peak RSS was ${peak.toFixed(0)} MB, over the ${limitMb} MB bound (${rssMb(am).toFixed(0)} MB now)`);
	return peak;
}

/** (e) prefix q y quits with 0 and leaves the user's terminal as it was, with nothing but drawing written on the way. */
export async function assertQuitsCleanly(am: TerminalHarness): Promise<void> {
	await am.prefix('q');
	await am.waitForText('Quit agentmux?');
	am.press('y');
	const result = await am.waitForExit();
	assert.deepEqual(result, {exitCode: 0, signal: undefined}, 'prefix q y ends agentmux with 0');
	assertRestored(am);
	assertOnlyDrawing(am);
}

/** (a) to (d): alive, answering, only drawing written, memory under the bound. */
export async function assertHealthy(am: TerminalHarness, options: HealthOptions, what = ''): Promise<void> {
	assertAlive(am, what);
	await assertEchoes(am, options.echoPane, options.echoWithinMs);
	assertAlive(am, what);
	assertMemoryUnder(am, options.memoryLimitMb);
	assertOnlyDrawing(am);
}

/** Everything the issue asks of agentmux after hostile input: (a) to (d), then (e). */
export async function assertSurvives(am: TerminalHarness, options: HealthOptions, what = ''): Promise<void> {
	await assertHealthy(am, options, what);
	await assertQuitsCleanly(am);
}
