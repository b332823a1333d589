import {type AgentProfile, type AgentProfileInput, agentProfileSchema, type UserProfiles, userProfileSchema} from './profile-schema.js';

/*
 * Research notes: what each agent draws and offers, read from the agents themselves.
 * Packages inspected (npm, installed with --ignore-scripts into a scratch dir):
 *   @anthropic-ai/claude-code 2.1.197 (native Bun binary @anthropic-ai/claude-code-linux-x64; its
 *     bundled JS read with `strings`/`grep -a`), @google/gemini-cli 0.61.0 (bundle/*.js),
 *   @openai/codex 0.169.0 (Rust binary; labels read with `grep -a`, layout from the public source
 *     codex-rs/tui/src/bottom_pane/approval_overlay.rs), opencode-ai 1.18.33 (Bun binary, grep -a),
 *   aider: github Aider-AI/aider at 5dc9490 (0.86.3.dev), aider/io.py and aider/coders/base_coder.py.
 *
 * Claude Code 2.1.197 (read from the bundle, then seen live on 2026-11-23: the real CLI against a
 * local fake Messages API; the screens are in test/fixtures/agents/real/claude-2.1.197-screens.json)
 *   busy:    the spinner row ("✢ Contemplating…") and the footer "esc to interrupt · ← for agents".
 *   waiting: a rule, " Bash command", blank, the command (3-space indent, wrapped rows too), the
 *            model's description in grey (#999999) as the block's last row, blank; then notes at
 *            column 1 (a hook's "Hook PreToolUse:Bash requires confirmation…", "Contains
 *            simple_expansion", prefix-rule warnings); " Do you want to proceed?" and "❯ 1. Yes",
 *            "2. Yes, and always allow access to build/ from this project" (only sometimes), "3. No".
 *            Enter picks the highlighted option (Yes at first; a burst of Down Down Enter still
 *            approved), 1/2 approve (2 also switches the session to accept-edits), 3 and Esc decline,
 *            y/n do nothing, Tab turns "Yes" into an input row.
 *   idle:    the empty prompt box with the footer "? for shortcuts" (default mode) or "⏵⏵ accept
 *            edits on (shift+tab to cycle)" / "bypass permissions on" in the other modes.
 *   hooks:   `--settings <file-or-json>` merges with the user's settings; hooks shape
 *            {hooks: {PreToolUse: [{matcher: "Bash", hooks: [{type: "command", command, timeout}]}]}}.
 *            PreToolUse stdin: {session_id, transcript_path, cwd, permission_mode, hook_event_name,
 *            tool_name, tool_input: {command, description}, tool_use_id}; stdout {hookSpecificOutput:
 *            {hookEventName: "PreToolUse", permissionDecision: "allow"|"deny"|"ask", …Reason}}. Live:
 *            "deny" shows "⎿ Error: <reason>" and the model carries on; "ask" raises the prompt even in
 *            accept-edits and bypass-permissions modes (where `rm -rf build` otherwise runs unasked).
 *            Notification {message, notification_type: "permission_prompt"} comes ~6 s after a prompt
 *            appears, "idle_prompt" after messageIdleNotifThresholdMs; UserPromptSubmit {prompt} and
 *            Stop fire, but no Stop follows a declined prompt (the screen tells that one).
 *   resume:  -c/--continue ("Continue the most recent conversation in the current directory").
 *
 * Codex CLI 0.169.0 (read from the binary and its public source, then seen live on 2026-11-23:
 * the real CLI with a model provider at a local fake Responses API)
 *   busy:    status indicator "◦ Working (3s • esc to interrupt)"; the composer stays drawn below.
 *   waiting: "Would you like to run the following command?", blank, "Environment: local", optional
 *            "Reason: …", "$ <command>" (wrapped rows follow without "$"), then "› 1. Yes, proceed
 *            (y)", "2. Yes, and don't ask again for commands that start with `…` (p)" (or "…for this
 *            command in this session (a)"), "3. No, and tell Codex what to do differently (esc)",
 *            footer "Press enter to confirm or esc to cancel". y/1/Enter/p/2 approve, n/3/Esc
 *            decline (and end the turn). Also "Hooks need review" at start when the user's config
 *            has hooks not trusted yet: a question for the user, so waiting.
 *   idle:    composer row "› Ask Codex to do anything" and the footer "? for shortcuts".
 *   hooks:   `notify = ["prog", "arg"]` in config, set per run with `-c notify=[...]` (value parsed as
 *            TOML); Codex appends one JSON argument {type: "agent-turn-complete", thread-id, turn-id,
 *            cwd, client, input-messages, last-assistant-message}; it also fires for the hidden turn
 *            that writes the thread's title ("Generate a concise, single-line task title…"), which
 *            the hook ignores. Codex 0.169 has Claude-style hooks too (PreToolUse with
 *            permissionDecision "deny" shows "• Blocked by hook"; settable with -c hooks.PreToolUse=
 *            […]), but a hook runs only once trusted: trust is recorded as a hash in the user's
 *            config.toml, or skipped for every hook with --dangerously-bypass-hook-trust. agentmux
 *            does neither (one edits the user's settings, the other trusts hooks the user has not
 *            reviewed), so Codex's approvals are guarded by the screen gate.
 *   resume:  `codex resume --last` (subcommand; global -c options go before it).
 *
 * Gemini CLI 0.61.0 (read from the bundle, then seen live on 2026-11-23: the real CLI with
 * GOOGLE_GEMINI_BASE_URL at a local fake API)
 *   busy:    "⠧ Thinking... (esc to cancel, 1s)" (also "Executing Hook: … (esc to cancel, 1s)").
 *   waiting: a round-bordered box: "? Shell  <command or description>", an inner box with the command
 *            (wrapped inside it), "Allow execution of [Shell]?", maybe a note ("Redirection
 *            detected…"), then "● 1. Allow once", "2. Allow for this session", "3. No, suggest
 *            changes (esc)" (a fourth "for all future sessions" only when allowed). Digits answer at
 *            once, Enter takes the highlighted option, Esc declines, y/n do nothing.
 *   idle:    input placeholder " >   Type your message or @path/to/file".
 *   hooks:   {BeforeTool, AfterTool, BeforeAgent, AfterAgent, Notification, …}: [{matcher, hooks:
 *            [{type: "command", command, name, timeout (ms), env}]}]. Settings hooks are skipped in
 *            untrusted folders, and GEMINI_CLI_SYSTEM_DEFAULTS_PATH is only read from a root-owned
 *            path, so agentmux ships them as an extension in a mirrored home (gemini-home.ts);
 *            extension hooks load in any folder. BeforeTool stdin {tool_name: "run_shell_command",
 *            tool_input: {command, description}}; stdout {decision: "deny", reason} blocks (the model
 *            is told "Tool execution blocked: <reason>"), {decision: "ask"} forces the dialog.
 *            Notification {notification_type: "ToolPermission", details: {command}} comes as the
 *            dialog opens; AfterAgent ends a turn, but not a declined one (the screen tells that).
 *   resume:  -r/--resume latest.
 *
 * opencode 1.18.33 (read from the binary, then seen live on 2026-11-23: the real CLI with a custom
 * OpenAI-compatible provider at a local fake API)
 *   busy:    footer hint "esc interrupt" ("esc again to interrupt" after one press).
 *   waiting: the dialog replaces the input box: "┃  △ Permission required", "┃    # Shell command",
 *            "┃  $ <command>" (continuation rows without "$"), then "┃   Allow once   Allow always
 *            Reject". Enter takes the highlighted option (Allow once at first), left/right and h/l
 *            move, Esc and Ctrl-C reject; digits and y/n do nothing. "Allow always" opens a second
 *            step, "△ Always allow" (patterns such as "- rm *"), where Enter grants it. The dialog
 *            shows about seven command rows and cuts a longer command without a mark.
 *   idle:    the input box's bottom edge "╹▀▀▀…" (also drawn while busy, gone under the dialog).
 *   hooks:   JS plugins only (not wired). resume: -c/--continue.
 *
 * aider 0.86.3.dev (source)
 *   busy:    "Waiting for <model>" spinner while the LLM answers.
 *   waiting: the command(s) printed bold after a blank line, then "Run shell command? (Y)es/(N)o/
 *            (D)on't ask again [Yes]: " (plural "commands"); a line answer, empty Enter = Yes.
 *   idle:    prompt "> " (prefixed by the edit format, e.g. "architect> ").
 *   hooks:   --notifications --notifications-command <shell string>, run when aider waits for input.
 *   resume:  --restore-chat-history.
 */

const builtinInputs: AgentProfileInput[] = [
	{
		name: 'claude',
		command: 'claude',
		env: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'],
		resumeArgs: ['--continue'],
		resumeIdArgs: ['--resume', '{id}'],
		hooks: 'claude',
		mcp: 'claude',
		sandbox: {network: ['api.anthropic.com', 'statsig.anthropic.com', 'console.anthropic.com', 'claude.ai', 'platform.claude.com', 'downloads.claude.ai']},
		screen: {
			busy: ['esc to interrupt'],
			waiting: ['Do you want to proceed\\?'],
			// The footer hint: "? for shortcuts" in the default mode, "⏵⏵ accept edits on (shift+tab to
			// cycle)" (or bypass permissions, plan mode) otherwise; busy is checked first.
			idle: ['\\? for shortcuts', 'shift\\+tab to cycle'],
		},
		approval: {
			prompt: 'Do you want to proceed\\?',
			// Command rows are indented three spaces; the notes after them (a hook's reason, "Contains
			// simple_expansion", the prefix-rule warning) and the question start at column 1. The model's
			// description is the last row of the block, in grey: dropped by colour, never by position.
			command: {start: '^\\s*Bash command', search: 'up', end: '^ ?\\S', dropTintedTail: true},
			option: '^\\s*(?:❯\\s*)?(\\d)\\.\\s+(.+?)\\s*$',
			approveLabel: '^Yes',
			approveKeys: ['enter'],
			declineKeys: ['escape'],
		},
	},
	{
		name: 'codex',
		command: 'codex',
		env: ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL'],
		resumeArgs: ['resume', '--last'],
		resumeIdArgs: ['resume', '{id}'],
		hooks: 'codex-notify',
		mcp: 'codex',
		sandbox: {network: ['api.openai.com', 'chatgpt.com', 'auth.openai.com']},
		screen: {
			busy: ['esc to interrupt'],
			waiting: [
				'Would you like to (?:run the following command|make the following edits|grant these permissions)\\?',
				'Do you want to approve network access',
				'needs your approval\\.',
				'^\\s*Hooks need review',
			],
			idle: ['^\\s*›\\s'],
		},
		approval: {
			prompt: 'Would you like to run the following command\\?',
			command: {
				start: '^\\s*\\$ ',
				search: 'down',
				startInclusive: true,
				end: '^\\s*(?:›\\s*)?\\d+\\.\\s|^\\s*$',
				line: '^\\s*(?:\\$ )?(\\S.*?)\\s*$',
			},
			option: '^\\s*(?:›\\s*)?(\\d)\\.\\s+(.+?)\\s*$',
			approveLabel: '^Yes',
			approveKeys: ['enter', 'y', 'a', 'p'],
			declineKeys: ['escape', 'n', 'd'],
		},
	},
	{
		name: 'gemini',
		command: 'gemini',
		env: ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_GENAI_USE_VERTEXAI'],
		resumeArgs: ['--resume', 'latest'],
		resumeIdArgs: ['--resume', '{id}'],
		hooks: 'gemini',
		mcp: 'gemini',
		sandbox: {network: ['generativelanguage.googleapis.com', 'cloudcode-pa.googleapis.com', 'oauth2.googleapis.com', 'accounts.google.com', 'play.googleapis.com']},
		screen: {
			busy: ['\\(esc to cancel, \\d'],
			waiting: ['Allow execution of', 'Apply this change\\?'],
			idle: ['Type your message or @path/to/file'],
		},
		approval: {
			prompt: 'Allow execution of',
			command: {start: '╭', search: 'up', end: '╰', line: '^[\\s│]*(\\S.*?)[\\s│]*$'},
			option: '^[\\s│]*(?:●\\s*)?(\\d)\\.\\s+(.+?)[\\s│]*$',
			approveLabel: '^Allow',
			approveKeys: ['enter'],
			declineKeys: ['escape'],
		},
	},
	{
		name: 'aider',
		command: 'aider',
		env: ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'DEEPSEEK_API_KEY', 'OPENROUTER_API_KEY'],
		resumeArgs: ['--restore-chat-history'],
		hooks: 'aider-notify',
		sandbox: {network: ['api.openai.com', 'api.anthropic.com', 'generativelanguage.googleapis.com', 'api.deepseek.com', 'openrouter.ai']},
		screen: {
			busy: ['Waiting for '],
			waiting: ['\\(Y\\)es/\\(N\\)o.*\\[(?:Yes|No)\\]:'],
			idle: ['^(?:[\\w-]+ )?(?:multi)?> '],
		},
		approval: {
			prompt: 'Run shell commands?\\? \\(Y\\)es/\\(N\\)o',
			// The answer is a line: "y" is only typed text, Enter commits it (and an empty line is Yes).
			command: {start: '^\\s*$', search: 'up', end: 'Run shell commands?\\? \\(Y\\)es'},
			approveKeys: ['enter'],
		},
	},
	{
		name: 'opencode',
		command: 'opencode',
		mcp: 'opencode',
		env: ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'OPENROUTER_API_KEY'],
		resumeArgs: ['--continue'],
		sandbox: {network: ['api.openai.com', 'api.anthropic.com', 'generativelanguage.googleapis.com', 'openrouter.ai', 'models.dev', 'opencode.ai']},
		screen: {
			busy: ['esc\\s+(?:again to )?interrupt'],
			// "Always allow" is the second step of an approval ("until OpenCode is restarted").
			waiting: ['^\\s*┃\\s*△ (?:Permission required|Always allow|Reject permission)\\s*$'],
			// The input box's bottom edge: drawn idle and busy (busy is checked first), gone under a dialog.
			idle: ['^\\s*╹▀{8,}\\s*$'],
		},
		approval: {
			// Both steps hold Enter: the second grants "always" and shows no command, so it asks.
			prompt: '^\\s*┃\\s*△ (?:Permission required|Always allow)\\s*$',
			command: {
				start: '^\\s*┃\\s+\\$ ',
				search: 'down',
				startInclusive: true,
				// Not a blank row: a blank line inside the command must not end it.
				end: 'Allow once\\s+Allow always\\s+Reject',
				line: '^\\s*┃\\s+(?:\\$ )?(\\S.*?)\\s*$',
				// The dialog shows about seven command rows and cuts the rest without a mark.
				cutAt: 7,
			},
			approveKeys: ['enter'],
			declineKeys: ['escape'],
		},
	},
	{
		// The command is a placeholder: the pane starts the user's shell (see resolveProfile).
		name: 'shell',
		command: 'sh',
	},
];

/** The built-in profiles, validated once at load so that a typo here fails every test. */
export const builtinProfiles: ReadonlyMap<string, AgentProfile> = new Map(
	builtinInputs.map(input => {
		const profile = agentProfileSchema.parse(input);
		return [profile.name, profile] as const;
	}),
);

/** A profile that cannot be resolved; `issues` are "path: message" lines. */
export class ProfileError extends Error {
	constructor(readonly issues: string[]) {
		super(issues.join('\n'));
		this.name = 'ProfileError';
	}
}

/** Options for {@link resolveProfile}. */
export type ResolveOptions = {
	/** The user's shell, for the `shell` profile (settings.shell or $SHELL). */
	shell?: string;
};

/**
 * The profile called `name`: the user's own (over the built-in it extends, if any) or the built-in.
 * Throws ProfileError for an unknown name or a profile that is invalid once merged.
 */
export function resolveProfile(name: string, userProfiles: UserProfiles = {}, options: ResolveOptions = {}): AgentProfile {
	const user = userProfiles[name];
	let profile: AgentProfile;
	if (user === undefined) {
		const builtin = builtinProfiles.get(name);
		if (!builtin) {
			throw new ProfileError([`profiles.${name}: no such profile (built in: ${[...builtinProfiles.keys()].join(', ')})`]);
		}

		profile = builtin;
	} else {
		const checked = userProfileSchema.safeParse(user);
		if (!checked.success) {
			throw new ProfileError(checked.error.issues.map(issue => `profiles.${[name, ...issue.path].join('.')}: ${issue.message}`));
		}

		const baseName = checked.data.extends ?? name;
		const base = builtinProfiles.get(baseName);
		if (checked.data.extends !== undefined && !base) {
			throw new ProfileError([`profiles.${name}.extends: no built-in profile "${baseName}"`]);
		}

		const {extends: _extends, screen, ...fields} = checked.data;
		const merged = {
			...base,
			...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
			name,
			screen: {...base?.screen, ...Object.fromEntries(Object.entries(screen ?? {}).filter(([, value]) => value !== undefined))},
		};
		const parsed = agentProfileSchema.safeParse(merged);
		if (!parsed.success) {
			throw new ProfileError(parsed.error.issues.map(issue => `profiles.${[name, ...issue.path].join('.')}: ${issue.message}`));
		}

		profile = parsed.data;
	}

	if (profile.name === 'shell' && user?.command === undefined && options.shell) {
		return {...profile, command: options.shell};
	}

	return profile;
}
