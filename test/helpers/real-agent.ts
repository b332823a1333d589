import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import type {TerminalHarness} from './terminal-harness.js';

// Shared by the end-to-end tests that run a real agent (a devDependency) in an agentmux pane
// against a fake model API of test/fixtures/agents.

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A fake model API, as the fixtures' start functions return it. */
export type FakeApi = {url: string; requests: Array<{kind: string; command?: string; result?: string; earlier?: string[]}>; keys?: string[]; close(): Promise<void>};

/** Starts the fake API of `fixture` (a file in test/fixtures/agents) with its exported `start` function. */
export async function startFakeApi(fixture: string, start: string, options: {promptDelayMs?: number}): Promise<FakeApi> {
	const module = (await import(path.join(repoRoot, 'test/fixtures/agents', fixture))) as Record<string, (options: {promptDelayMs?: number}) => Promise<FakeApi>>;
	return module[start]!(options);
}

/** PATH for the pane: the project's own agents and Node 24 first. */
export function agentPath(): string {
	return `${path.join(repoRoot, 'node_modules/.bin')}:${path.dirname(process.execPath)}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
}

export function auditEntries(am: TerminalHarness): Array<Record<string, unknown>> {
	const file = path.join(am.stateDir, 'audit.jsonl');
	return fs.existsSync(file)
		? fs
				.readFileSync(file, 'utf8')
				.split('\n')
				.filter(Boolean)
				.map(line => JSON.parse(line) as Record<string, unknown>)
		: [];
}

/**
 * Claude Code's ~/.claude.json for a test: no onboarding, no theme picker, the project trusted, and
 * the API key ending in `keySuffix` (its last 20 characters, which is how Claude Code remembers it) accepted.
 * The keys were read from Claude Code 2.1.197's bundle.
 */
export function claudeConfigJson(project: string, keySuffix: string): string {
	return JSON.stringify({
		numStartups: 5,
		theme: 'dark',
		hasCompletedOnboarding: true,
		lastOnboardingVersion: '2.1.197',
		lastReleaseNotesSeen: '2.1.197',
		autoUpdates: false,
		customApiKeyResponses: {approved: [keySuffix], rejected: []},
		projects: {[project]: {hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: [], projectOnboardingSeenCount: 1}},
	});
}

/** Waits for the status bar to show pane 1 (`name`) in `state`. */
export async function waitForState(am: TerminalHarness, name: string, state: string, timeoutMs = 30_000): Promise<void> {
	await am.waitFor(() => (am.screenText().at(-1) ?? '').includes(`1:${name} ${state}`), `${name} to be ${state}`, {timeoutMs});
}

/** Runs a wait; on failure the error also shows the screen and what the fake API was asked. */
export async function withContext<T>(am: TerminalHarness, api: FakeApi, wait: () => Promise<T>): Promise<T> {
	try {
		return await wait();
	} catch (error) {
		(error as Error).message += `\nscreen:\n${am.screenText().join('\n')}\napi: ${JSON.stringify(api.requests)}`;
		throw error;
	}
}

export async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}
