import net from 'node:net';
import type {Readable, Writable} from 'node:stream';
import type {HookDecision, HookMessage, HookReply, HookStatus} from './hook-channel.js';

/*
 * `agentmux hook <agent> <event>`: the program an agent runs as its hook. It reads the agent's
 * hook JSON (stdin, or for Codex notify the last argument), reports to the agentmux that started
 * the pane (AGENTMUX_HOOK_SOCKET, AGENTMUX_HOOK_TOKEN, AGENTMUX_PANE), and prints what the agent
 * expects back.
 *
 * When agentmux cannot be reached (or answers nonsense), a pre-tool-use check fails closed to
 * "ask": the agent shows its own approval prompt, which agentmux's input gate still reads from the
 * screen and holds, and which a person answers if agentmux is gone. "deny" was the other choice; it
 * would turn every command into a refusal the model then tries to work around with other tools,
 * while "ask" keeps a human decision in front of every command and never runs one unseen.
 * Status reports are best effort: they exit 0 silently, because a Claude Code Stop hook that
 * fails with exit code 2 would keep the agent running.
 */

export type HookIo = {
	stdin: Readable;
	stdout: Writable;
	stderr: Writable;
	env: Record<string, string | undefined>;
	/** How long to wait for agentmux's answer to a pre-tool-use check. */
	timeoutMs?: number;
};

type Request = {kind: 'status'; status: HookStatus; detail?: string} | {kind: 'pre-tool-use'; command: string; tool?: string; cwd?: string} | {kind: 'session-start'} | {kind: 'nothing'};

type Output = (decision: HookDecision, reason: string) => string;

const maxInputBytes = 4 * 1024 * 1024;

/** Runs `agentmux hook <agent> <event> [arg]`; argv starts at <agent>. Resolves to the exit code. */
export async function runHookCommand(argv: string[], io: HookIo): Promise<number> {
	const [agent, event, argument] = argv;
	if (!agent || !event) {
		io.stderr.write('usage: agentmux hook <claude|gemini|codex|aider> <event>\n');
		return 1;
	}

	const input = argument === undefined && agent !== 'codex' && agent !== 'aider' ? await readInput(io.stdin) : (argument ?? '');
	let data: Record<string, unknown> | undefined;
	try {
		const parsed: unknown = input.trim() === '' ? {} : JSON.parse(input);
		data = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		data = undefined;
	}

	const plan = planFor(agent, event, data);
	if (!plan) {
		io.stderr.write(`agentmux hook: unknown agent or event: ${agent} ${event}\n`);
		return 1;
	}

	const {request, output} = plan;
	if (request.kind === 'nothing') return 0;
	const socketPath = io.env['AGENTMUX_HOOK_SOCKET'];
	const token = io.env['AGENTMUX_HOOK_TOKEN'];
	const pane = io.env['AGENTMUX_PANE'] ?? '';
	// The agent's own id for this conversation, so that a restore resumes this one and no other.
	const id = data?.['session_id'] ?? data?.['thread-id'];
	const conversation = typeof id === 'string' && /^[\w-]{1,128}$/.test(id) ? {conversation: id} : {};
	if (request.kind === 'session-start') {
		if (socketPath && token) {
			await send(socketPath, {token, pane, agent, ...conversation, event: 'session-start', payload: {}}, 2000).catch(() => undefined);
		}

		return 0;
	}

	if (request.kind === 'status') {
		if (socketPath && token) {
			await send(socketPath, {token, pane, agent, ...conversation, event: 'status', payload: {status: request.status, ...(request.detail ? {detail: request.detail} : {})}}, 2000).catch(
				() => undefined,
			);
		}

		return 0;
	}

	if (!output) return 0;
	if (data === undefined) {
		io.stdout.write(output('confirm', 'agentmux could not read the hook input, so it cannot check this command'));
		return 0;
	}

	if (!socketPath || !token) {
		io.stdout.write(output('confirm', 'agentmux hook: no agentmux channel in the environment, so agentmux cannot check this command'));
		return 0;
	}

	let reply: HookReply;
	try {
		reply = await send(
			socketPath,
			{
				token,
				pane,
				agent,
				...conversation,
				event: 'pre-tool-use',
				payload: {command: request.command, ...(request.tool ? {tool: request.tool} : {}), ...(request.cwd ? {cwd: request.cwd} : {})},
			},
			io.timeoutMs ?? 20_000,
		);
	} catch (error) {
		io.stdout.write(output('confirm', `agentmux is unreachable (${(error as Error).message}), so it cannot check this command`));
		return 0;
	}

	if (!reply.ok || !reply.decision) {
		io.stdout.write(output('confirm', `agentmux refused the check: ${reply.ok ? 'no decision' : reply.error}`));
		return 0;
	}

	const text = output(reply.decision, reply.reason ?? '');
	if (text) io.stdout.write(text);
	return 0;
}

function planFor(agent: string, event: string, data: Record<string, unknown> | undefined): {request: Request; output?: Output} | undefined {
	const toolInput = (data?.['tool_input'] ?? {}) as Record<string, unknown>;
	const cwd = typeof data?.['cwd'] === 'string' ? data['cwd'] : undefined;
	const commandFrom = (tool: unknown): Request => {
		if (data === undefined) return {kind: 'pre-tool-use', command: '', tool: String(tool ?? '')};
		const command = toolInput['command'];
		// Only shell tools carry a command; the hooks are registered for those alone.
		return typeof command === 'string' ? {kind: 'pre-tool-use', command, tool: String(tool ?? ''), ...(cwd ? {cwd} : {})} : {kind: 'nothing'};
	};

	switch (agent) {
		case 'claude': {
			switch (event) {
				case 'PreToolUse': {
					return {request: commandFrom(data?.['tool_name']), output: claudeOutput};
				}

				case 'SessionStart':
					return {request: {kind: 'session-start'}};

				case 'Notification': {
					const type = data?.['notification_type'];
					const status: HookStatus = type === 'permission_prompt' ? 'waiting' : type === 'idle_prompt' ? 'idle' : 'notification';
					return {request: {kind: 'status', status, detail: String(data?.['message'] ?? '')}};
				}

				case 'Stop':
					return {request: {kind: 'status', status: 'idle'}};
				case 'UserPromptSubmit':
					return {request: {kind: 'status', status: 'busy'}};
				default:
					return undefined;
			}
		}

		case 'gemini': {
			switch (event) {
				case 'BeforeTool':
					return {request: commandFrom(data?.['tool_name']), output: geminiOutput};
				case 'Notification': {
					const status: HookStatus = data?.['notification_type'] === 'ToolPermission' ? 'waiting' : 'notification';
					return {request: {kind: 'status', status, detail: String(data?.['message'] ?? '')}};
				}

				case 'BeforeAgent':
					return {request: {kind: 'status', status: 'busy'}};
				case 'AfterAgent':
					return {request: {kind: 'status', status: 'idle'}};
				case 'SessionStart':
					return {request: {kind: 'session-start'}};
				default:
					return undefined;
			}
		}

		case 'codex': {
			if (event !== 'notify') return undefined;
			// Codex 0.169 also notifies for the hidden turn that names the thread, on a thread of its
			// own, while the user's turn may still be running: that one says nothing about the pane.
			const firstInput = Array.isArray(data?.['input-messages']) ? String(data['input-messages'][0] ?? '') : '';
			if (firstInput.startsWith('Generate a concise, single-line task title')) return undefined;
			return {request: data?.['type'] === 'agent-turn-complete' ? {kind: 'status', status: 'idle'} : {kind: 'status', status: 'notification'}};
		}

		case 'aider': {
			if (event !== 'notify') return undefined;
			return {request: {kind: 'status', status: 'notification'}};
		}

		default:
			return undefined;
	}
}

/** Claude Code PreToolUse: deny and ask carry a decision; allow prints nothing so the user's own rules still apply. */
function claudeOutput(decision: HookDecision, reason: string): string {
	if (decision === 'allow') return '';
	return `${JSON.stringify({
		hookSpecificOutput: {
			hookEventName: 'PreToolUse',
			permissionDecision: decision === 'deny' ? 'deny' : 'ask',
			permissionDecisionReason: reason || (decision === 'deny' ? 'denied by agentmux policy' : 'agentmux policy asks for confirmation'),
		},
	})}\n`;
}

/** Gemini CLI BeforeTool: {decision: "deny"|"ask", reason}; allow is an empty object (no decision). */
function geminiOutput(decision: HookDecision, reason: string): string {
	if (decision === 'allow') return '{}\n';
	return `${JSON.stringify({
		decision: decision === 'deny' ? 'deny' : 'ask',
		reason: reason || (decision === 'deny' ? 'denied by agentmux policy' : 'agentmux policy asks for confirmation'),
	})}\n`;
}

async function readInput(stdin: Readable): Promise<string> {
	let text = '';
	for await (const chunk of stdin) {
		text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
		if (text.length > maxInputBytes) throw new Error('hook input too large');
	}

	return text;
}

/** Sends one message and waits for its one-line reply. */
async function send(socketPath: string, message: HookMessage, timeoutMs: number): Promise<HookReply> {
	return new Promise<HookReply>((resolve, reject) => {
		const socket = net.createConnection(socketPath);
		let buffered = '';
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error('timed out'));
		}, timeoutMs);
		const finish = (error: Error | undefined, reply?: HookReply) => {
			clearTimeout(timer);
			socket.destroy();
			if (error) reject(error);
			else resolve(reply!);
		};

		socket.setEncoding('utf8');
		socket.on('connect', () => socket.write(`${JSON.stringify(message)}\n`));
		socket.on('data', (chunk: string) => {
			buffered += chunk;
			const newline = buffered.indexOf('\n');
			if (newline < 0) return;
			try {
				finish(undefined, JSON.parse(buffered.slice(0, newline)) as HookReply);
			} catch {
				finish(new Error('unreadable reply'));
			}
		});
		socket.on('error', error => finish(error));
		socket.on('close', () => finish(new Error('connection closed without a reply')));
	});
}
