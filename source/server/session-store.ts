import fs from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import {layoutTreeSchema} from '../config/layout-tree-schema.js';
import {exitPolicies, layoutNames} from '../config/names.js';
import type {PaneSpec} from '../config/workspace.js';
import {credentialModes} from '../credentials/providers.js';
import {logDiagnostic, stateDirectory} from '../diagnostics/diagnostic-log.js';
import {sandboxSpecSchema} from '../sandbox/sandbox-schema.js';
import type {ServerSession} from './server-session.js';

/*
 * What survives the server (kill-server, a crash, a reboot): each session's layout and, per pane,
 * its name (and the one the user gave it), argv, folder, the NAMES of its environment variables (never their values), and an
 * agent's conversation id. Pane text is not written.
 */

const savedPaneSchema = z.strictObject({
	name: z.string().min(1).max(128),
	/** The name the user gave the pane (prefix ,), when it has one. */
	title: z.string().min(1).max(64).optional(),
	command: z.string().max(4096),
	args: z.array(z.string()),
	cwd: z.string().min(1),
	envKeys: z.array(z.string()),
	onExit: z.enum(exitPolicies),
	agent: z.string().optional(),
	autoApprove: z.boolean().optional(),
	sandbox: sandboxSpecSchema.optional(),
	conversationId: z
		.string()
		.regex(/^[\w-]{1,128}$/)
		.optional(),
	credentials: z.enum(credentialModes).optional(),
});

const savedSessionSchema = z.strictObject({
	version: z.literal(1),
	name: z.string(),
	layout: z.enum(layoutNames),
	/** A custom layout (split, resized, or a workspace's tree): its slots, filled by the panes in order. */
	tree: layoutTreeSchema.optional(),
	savedAt: z.string(),
	panes: z.array(savedPaneSchema).min(1),
});

const scrollbackSchema = z.strictObject({version: z.literal(1), panes: z.record(z.string(), z.string())});

export type SavedPane = z.infer<typeof savedPaneSchema>;
export type SavedSession = z.infer<typeof savedSessionSchema>;

export type SessionStoreOptions = {
	directory?: string;
	env?: NodeJS.ProcessEnv;
};

/** Saved sessions, one 0600 JSON file each in `<state folder>/sessions/`, written atomically. */
export class SessionStore {
	readonly directory: string;
	private readonly lastWritten = new Map<string, string>();

	constructor(options: SessionStoreOptions = {}) {
		this.directory = options.directory ?? path.join(stateDirectory(options.env), 'sessions');
	}

	/** Writes the session's current shape, when it changed since the last write. */
	save(session: ServerSession): void {
		const panes: SavedPane[] = [];
		for (const pane of session.panes.sessions) {
			const record = session.records.get(pane.spec.name);
			if (!record) continue;
			const {spec} = record;
			const title = session.panes.title(pane);
			panes.push({
				name: pane.spec.name,
				...(title === pane.spec.name ? {} : {title}),
				command: spec.command,
				args: spec.args,
				cwd: spec.cwd,
				envKeys: Object.keys(spec.env),
				onExit: spec.onExit,
				...(spec.agent === undefined ? {} : {agent: spec.agent, autoApprove: spec.autoApprove ?? false}),
				// A restored pane keeps the sandbox it was asked for, never a looser default.
				...(spec.sandbox === undefined ? {} : {sandbox: spec.sandbox}),
				...(record.conversationId === undefined ? {} : {conversationId: record.conversationId}),
				...(spec.credentials === undefined ? {} : {credentials: spec.credentials}),
			});
		}

		if (panes.length === 0) return;
		const saved: Omit<SavedSession, 'savedAt'> = {
			version: 1,
			name: session.name,
			layout: session.panes.namedLayout,
			...(session.panes.layout === 'custom' && panes.length === session.panes.sessions.length ? {tree: session.panes.layoutTree} : {}),
			panes,
		};
		const body = JSON.stringify(saved);
		if (this.lastWritten.get(session.name) === body) return;
		this.lastWritten.set(session.name, body);
		this.write(session.name, `${JSON.stringify({...saved, savedAt: new Date().toISOString()}, undefined, '\t')}\n`);
	}

	/** The saved session of that name, or undefined (missing or unreadable: a bad file is logged, never trusted). */
	load(name: string): SavedSession | undefined {
		let text: string;
		try {
			text = fs.readFileSync(this.file(name), 'utf8');
		} catch {
			return undefined;
		}

		try {
			const parsed = savedSessionSchema.safeParse(JSON.parse(text));
			if (parsed.success) return parsed.data;
			logDiagnostic('session store', `${this.file(name)}: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
		} catch (error) {
			logDiagnostic('session store', `${this.file(name)}: ${(error as Error).message}`);
		}

		return undefined;
	}

	/** The names of the saved sessions. */
	names(): string[] {
		try {
			return fs
				.readdirSync(this.directory)
				.filter(file => file.endsWith('.json') && !file.endsWith('.scrollback.json'))
				.map(file => file.slice(0, -'.json'.length))
				.sort();
		} catch {
			return [];
		}
	}

	remove(name: string): void {
		this.lastWritten.delete(name);
		try {
			fs.rmSync(this.file(name), {force: true});
			fs.rmSync(this.scrollbackFile(name), {force: true});
		} catch (error) {
			logDiagnostic('session store', error);
		}
	}

	/**
	 * Writes each pane's text (characters only, never escape sequences), for the `persistScrollback`
	 * setting: the last `maxLines` lines of its history and screen.
	 */
	saveScrollback(session: ServerSession, maxLines = 10_000): void {
		const panes: Record<string, string> = {};
		for (const pane of session.panes.sessions) {
			const buffer = pane.terminal.buffer.normal;
			const lines: string[] = [];
			for (let y = Math.max(0, buffer.length - maxLines); y < buffer.length; y++) {
				lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
			}

			while (lines.length > 0 && lines.at(-1) === '') lines.pop();
			panes[pane.spec.name] = lines.join('\n');
		}

		this.write(`${session.name}.scrollback`, `${JSON.stringify({version: 1, panes})}\n`);
	}

	/** The pane texts saved for a session, by pane name (empty when none were saved). */
	loadScrollback(name: string): Record<string, string> {
		try {
			const parsed = scrollbackSchema.safeParse(JSON.parse(fs.readFileSync(this.scrollbackFile(name), 'utf8')));
			return parsed.success ? parsed.data.panes : {};
		} catch {
			return {};
		}
	}

	/** The pane to start again: its argv and folder, its variables from today's environment, an agent resumed by id. */
	resumeSpec(saved: SavedPane, env: NodeJS.ProcessEnv = process.env): PaneSpec {
		const values: Record<string, string> = {};
		for (const key of saved.envKeys) {
			const value = env[key];
			if (value !== undefined) values[key] = value;
		}

		return {
			name: saved.name,
			command: saved.command,
			args: saved.args,
			cwd: saved.cwd,
			env: values,
			onExit: saved.onExit,
			...(saved.agent === undefined ? {} : {agent: saved.agent, autoApprove: saved.autoApprove ?? false}),
			...(saved.conversationId === undefined ? {} : {resumeId: saved.conversationId}),
			...(saved.credentials === undefined ? {} : {credentials: saved.credentials}),
			...(saved.sandbox === undefined ? {} : {sandbox: saved.sandbox}),
		};
	}

	private file(name: string): string {
		return path.join(this.directory, `${name}.json`);
	}

	private scrollbackFile(name: string): string {
		return path.join(this.directory, `${name}.scrollback.json`);
	}

	private write(name: string, content: string): void {
		// `name` is a session name (letters, digits, . _ - + @) or that with ".scrollback".
		try {
			fs.mkdirSync(this.directory, {recursive: true, mode: 0o700});
			const temporary = path.join(this.directory, `.${name}.${process.pid}.tmp`);
			fs.writeFileSync(temporary, content, {mode: 0o600});
			fs.chmodSync(temporary, 0o600);
			// rename(2) replaces the file in one step: a crash leaves the old version or the new one, never half of one.
			fs.renameSync(temporary, path.join(this.directory, `${name}.json`));
		} catch (error) {
			logDiagnostic('session store', error);
		}
	}
}
