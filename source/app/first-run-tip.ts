import fs from 'node:fs';
import path from 'node:path';
import {stateDirectory} from '../diagnostics/diagnostic-log.js';

/** The file in the state folder that says the first-run tip was shown. */
export const firstRunTipFile = 'first-run-tip-seen';

/**
 * True once per user: the first time agentmux is attached to, it shows a one-line tip in the
 * status bar (no modal). The mark is made first, so a tip is never shown twice, even if it fails.
 */
export function takeFirstRunTip(directory: string = stateDirectory()): boolean {
	try {
		fs.mkdirSync(directory, {recursive: true, mode: 0o700});
		fs.writeFileSync(path.join(directory, firstRunTipFile), `${new Date().toISOString()}\n`, {flag: 'wx', mode: 0o600});
		return true;
	} catch {
		// Seen already, or no state folder to remember it in: no tip rather than one every time.
		return false;
	}
}
