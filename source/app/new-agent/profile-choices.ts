import {builtinProfiles, ProfileError, resolveProfile} from '../../agents/builtin-profiles.js';
import type {UserProfiles} from '../../agents/profile-schema.js';
import {resolveExecutable} from '../../sessions/resolve-executable.js';
import type {ProfileChoice} from './agent-launcher.js';

/**
 * Every profile the user can start, the installed ones first (the user's own before the built-in
 * ones within each group), each resolved as a launch would resolve it: a program that is not on
 * PATH, or a user profile that does not validate, is said so before anything starts.
 */
export function profileChoices(userProfiles: UserProfiles, options: {shell?: string | undefined; cwd: string; pathVariable: string}): ProfileChoice[] {
	const names = [...new Set([...Object.keys(userProfiles), ...builtinProfiles.keys()])];
	const choices = names.map((name): ProfileChoice => {
		try {
			const profile = resolveProfile(name, userProfiles, options.shell === undefined ? {} : {shell: options.shell});
			return {name, command: profile.command, installed: resolveExecutable(profile.command, options.cwd, options.pathVariable) !== undefined};
		} catch (error) {
			const message = error instanceof ProfileError ? error.issues.join('; ') : (error as Error).message;
			return {name, command: '', installed: false, error: message};
		}
	});
	const usable = (choice: ProfileChoice) => choice.installed && choice.error === undefined;
	return [...choices.filter(choice => usable(choice)), ...choices.filter(choice => !usable(choice))];
}
