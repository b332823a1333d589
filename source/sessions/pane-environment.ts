import type {PaneSpec} from '../config/workspace.js';

/** Variables that describe the user's own terminal session and would mislead programs inside a pane. */
const outerOnly = ['TMUX', 'TMUX_PANE', 'STY', 'WINDOW', 'ZELLIJ', 'ZELLIJ_SESSION_NAME', 'TERM_PROGRAM', 'TERM_PROGRAM_VERSION', 'COLUMNS', 'LINES'];

/** The environment a pane's program starts with: the given base, what agentmux's terminal is, the pane's id, and its own variables. */
export function paneEnvironment(base: NodeJS.ProcessEnv, spec: PaneSpec): Record<string, string> {
	const environment: Record<string, string> = {};
	for (const [name, value] of Object.entries(base)) {
		if (value !== undefined && !outerOnly.includes(name)) {
			environment[name] = value;
		}
	}

	environment['TERM'] = 'xterm-256color';
	environment['COLORTERM'] = 'truecolor';
	environment['AGENTMUX'] = '1';
	// One pane id everywhere: the pane's name, unique in its session, as agent hooks report it too.
	environment['AGENTMUX_PANE'] = spec.name;
	return {...environment, ...spec.env};
}
