import fs from 'node:fs/promises';
import path from 'node:path';

/*
 * How agentmux gives Gemini CLI its hooks without touching the user's Gemini settings.
 *
 * Gemini CLI 0.61 reads hooks from settings files and from extensions. The only settings file
 * agentmux could point it at (GEMINI_CLI_SYSTEM_DEFAULTS_PATH) is skipped unless it and every
 * folder above it belong to root, so that door is closed to a normal user. Extensions are read
 * from <home>/.gemini/extensions, and GEMINI_CLI_HOME moves <home>. So each Gemini pane gets a
 * home of its own in agentmux's private directory that mirrors the user's: every entry of the
 * real home and of its .gemini is a symbolic link to the real one (settings, login, trusted
 * folders, history and the user's own extensions all stay where they are, and what Gemini
 * writes lands in the real files), plus one extension of agentmux's whose hooks/hooks.json holds
 * the hooks. Nothing under the user's home is written, except the .gemini folder and its tmp and
 * history folders, which Gemini itself would create on its first run anyway.
 */

/** The extension's folder name inside the mirrored extensions folder. */
export const geminiExtensionName = 'agentmux-hooks';

/** Entries of .gemini that Gemini creates as files on the way (login, settings): linked even before they exist. */
const laterFiles = ['settings.json', 'trustedFolders.json', 'oauth_creds.json', 'google_accounts.json', 'installation_id', 'projects.json'];
/** Folders Gemini fills during a session (chats, checkpoints): created in the real .gemini, then linked. */
const laterFolders = ['tmp', 'history'];

/** The files of agentmux's hooks extension, relative to the mirrored home. */
export function geminiExtensionFiles(hooks: Record<string, unknown>): Array<{path: string; content: string}> {
	const folder = path.join('.gemini', 'extensions', geminiExtensionName);
	return [
		{
			path: path.join(folder, 'gemini-extension.json'),
			content: `${JSON.stringify({name: geminiExtensionName, version: '1.0.0', description: "agentmux: reports this pane's state and asks agentmux's policy before shell commands"}, null, 2)}\n`,
		},
		{path: path.join(folder, 'hooks', 'hooks.json'), content: `${JSON.stringify({hooks}, null, 2)}\n`},
	];
}

/**
 * Builds the mirrored home at `mirror` for the user's real home `realHome`. The extension's files
 * are written afterwards by the launch (they are part of it).
 */
export async function mirrorGeminiHome(mirror: string, realHome: string): Promise<void> {
	const realGemini = path.join(realHome, '.gemini');
	const mirrorGemini = path.join(mirror, '.gemini');
	await fs.mkdir(path.join(mirrorGemini, 'extensions', geminiExtensionName, 'hooks'), {recursive: true, mode: 0o700});
	await fs.mkdir(realGemini, {recursive: true, mode: 0o700});
	for (const folder of laterFolders) {
		await fs.mkdir(path.join(realGemini, folder), {recursive: true, mode: 0o700});
	}

	// "~" in Gemini means its home: the user's files must be there too.
	await linkEntries(realHome, mirror, new Set(['.gemini']));
	const geminiEntries = await linkEntries(realGemini, mirrorGemini, new Set(['extensions']));
	for (const name of laterFiles) {
		if (!geminiEntries.has(name)) await fs.symlink(path.join(realGemini, name), path.join(mirrorGemini, name));
	}

	await linkEntries(path.join(realGemini, 'extensions'), path.join(mirrorGemini, 'extensions'), new Set([geminiExtensionName]));
}

/** Links every entry of `from` into `to`, except `skip`; returns the names seen. A missing `from` has none. */
async function linkEntries(from: string, to: string, skip: Set<string>): Promise<Set<string>> {
	let names: string[];
	try {
		names = await fs.readdir(from);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
		throw error;
	}

	for (const name of names) {
		if (!skip.has(name)) await fs.symlink(path.join(from, name), path.join(to, name));
	}

	return new Set(names);
}
