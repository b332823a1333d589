/** meow's own flags: they print and exit, no session. */
const printsAndExits = new Set(['--help', '--version']);

/**
 * True when the command line creates or attaches a session (`agentmux`, `agentmux -s NAME`,
 * `agentmux --workspace F`): no subcommand before the flags, and no flag that only prints.
 */
export function startsSession(args: string[]): boolean {
	const first = args[0];
	if (first !== undefined && !first.startsWith('-')) return false;
	return !args.some(arg => printsAndExits.has(arg));
}
