/** Escape sequences agentmux sets on the user's terminal, and the ones that undo them. */
export const enterFullScreen = [
	'\u001B[?1049h', // alternate screen
	'\u001B[2J\u001B[H', // start from an empty screen, cursor home
	'\u001B[?2004h', // bracketed paste, so pastes can be judged whole
	'\u001B[?1004h', // focus events, passed on to panes that ask for them
	'\u001B[>1u', // kitty keyboard protocol, disambiguate: Shift+Enter and friends arrive distinct
	'\u001B[>4;1m', // xterm modifyOtherKeys level 1, the same for terminals without the kitty protocol
].join('');

/** Everything a crash could leave behind is reset, whether or not it was set. */
export const leaveFullScreen = [
	'\u001B[?2026l', // end any synchronized-output frame in flight
	'\u001B[0m',
	'\u001B[?1000l\u001B[?1002l\u001B[?1003l\u001B[?1006l\u001B[?1015l\u001B[?1005l', // mouse off
	'\u001B[?2004l',
	'\u001B[?1004l',
	'\u001B[<u', // pop the kitty keyboard flags pushed on entry
	'\u001B[>4m', // modifyOtherKeys back to the terminal's default
	'\u001B[?25h', // cursor shown
	'\u001B[0 q', // the terminal's own cursor shape, whatever a pane set (DECSCUSR)
	'\u001B[?1049l', // back to the main screen
].join('');

/** The outer terminal's mouse mode for a pane's mouse tracking: only on while the focused pane wants the mouse. */
export function mouseModeSequence(tracking: 'none' | 'x10' | 'vt200' | 'drag' | 'any'): string {
	const off = '\u001B[?1000l\u001B[?1002l\u001B[?1003l\u001B[?1006l';
	switch (tracking) {
		case 'none': {
			return off;
		}

		case 'x10':
		case 'vt200': {
			return `${off}\u001B[?1000h\u001B[?1006h`;
		}

		case 'drag': {
			return `${off}\u001B[?1002h\u001B[?1006h`;
		}

		case 'any': {
			return `${off}\u001B[?1003h\u001B[?1006h`;
		}
	}
}
