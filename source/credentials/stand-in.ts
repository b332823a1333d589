import {randomBytes} from 'node:crypto';

const prefix = 'agentmux-proxy-';
/*
 * Every stand-in ends the same: Claude Code asks "Do you want to use this API key?" for a key it
 * has not seen and remembers the answer by the key's last 20 characters, so a fixed 20-character
 * tail is approved once rather than at every pane start. The secret part is the token before it.
 */
export const standInSuffix = '.agentmux-standin-key'.slice(-20);

/** A fresh per-pane token: 192 random bits. */
export function newToken(): string {
	return randomBytes(24).toString('base64url');
}

/** The stand-in key a pane sees for its token. */
export function standInKey(token: string): string {
	return `${prefix}${token}-${standInSuffix}`;
}

/** The token inside a stand-in key, or undefined when the value is not one. */
export function tokenOf(value: string | undefined): string | undefined {
	if (value === undefined || !value.startsWith(prefix)) return undefined;
	const tail = `-${standInSuffix}`;
	if (!value.endsWith(tail)) return undefined;
	const token = value.slice(prefix.length, -tail.length);
	return /^[\w-]{16,64}$/.test(token) ? token : undefined;
}
