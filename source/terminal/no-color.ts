/** Whether the user asked for no colour (https://no-color.org: NO_COLOR set and not empty). */
export function noColorRequested(env: NodeJS.ProcessEnv): boolean {
	return (env['NO_COLOR'] ?? '') !== '';
}

// eslint-disable-next-line no-control-regex
const sgrPattern = /\u001B\[([\d;:]*)m/g;

/** One SGR's parameters without the colour ones (foreground, background, underline colour): bold, inverse and the rest stay. */
function withoutColours(parameters: string): string {
	if (parameters === '') {
		return '';
	}

	const parts = parameters.split(';');
	const kept: string[] = [];
	for (let index = 0; index < parts.length; index++) {
		const part = parts[index]!;
		const code = Number(part.split(':')[0]);
		if (code === 38 || code === 48 || code === 58) {
			// 38;5;n or 38;2;r;g;b (the colon forms are one part).
			if (!part.includes(':')) {
				index += parts[index + 1] === '5' ? 2 : parts[index + 1] === '2' ? 4 : 0;
			}

			continue;
		}

		if ((code >= 30 && code <= 37) || code === 39 || (code >= 40 && code <= 47) || code === 49 || code === 59 || (code >= 90 && code <= 97) || (code >= 100 && code <= 107)) {
			continue;
		}

		kept.push(part);
	}

	return kept.join(';');
}

/** agentmux's own chrome (Ink's output) without colours, for a user with NO_COLOR; pane contents never pass through here. */
export function stripColours(data: string): string {
	return data.replaceAll(sgrPattern, (whole, parameters: string) => {
		if (parameters === '') {
			return whole;
		}

		const kept = withoutColours(parameters);
		return kept === '' ? '' : `\u001B[${kept}m`;
	});
}
