/**
 * Why a client must not start here, or undefined: inside an agentmux pane (its programs get
 * AGENTMUX=1), attaching would show a session inside one of its own panes. The session it shows
 * repeats itself in that pane, and the prefix key reaches only the outer client. As tmux does with
 * $TMUX, the user can still nest on purpose by unsetting the variable.
 */
export function nestingProblem(env: NodeJS.ProcessEnv): string | undefined {
	if (!env['AGENTMUX']) return undefined;
	const pane = env['AGENTMUX_PANE'] ? ` (pane ${env['AGENTMUX_PANE']})` : '';
	return `agentmux: already inside agentmux${pane}: a session attached here would show inside itself. Detach first, or unset AGENTMUX to nest anyway`;
}
