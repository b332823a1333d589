import Conf from 'conf';
import {formatIssues} from './format-issues.js';
import {type Settings, settingsSchema} from './settings-schema.js';

export type SettingsResult = {ok: true; settings: Settings; path: string} | {ok: false; errors: string[]};

/**
 * Reads the settings stored with conf in the user's config directory.
 * The file is only read here, never written: a bad value is reported and left
 * as the user wrote it, so nothing in it is lost.
 */
export function loadSettings(configDirectory = process.env['AGENTMUX_CONFIG_DIR']): SettingsResult {
	let config: Conf;
	let raw: unknown;
	try {
		config = new Conf({projectName: 'agentmux', projectSuffix: '', cwd: configDirectory});
		raw = config.store;
	} catch (error) {
		const where = configDirectory ?? 'the agentmux config directory';
		return {ok: false, errors: [`${where}/config.json: (root): ${(error as Error).message}`]};
	}

	const parsed = settingsSchema.safeParse(raw);
	if (!parsed.success) {
		return {ok: false, errors: formatIssues(config.path, parsed.error)};
	}

	return {ok: true, settings: parsed.data, path: config.path};
}
