import fs from 'node:fs';
import path from 'node:path';

/** Finds a command the way execvp would, so a missing program gets a clear message before anything starts. */
export function resolveExecutable(command: string, cwd: string, pathVariable = process.env['PATH'] ?? ''): string | undefined {
	if (command.includes('/')) {
		const candidate = path.resolve(cwd, command);
		return isExecutableFile(candidate) ? candidate : undefined;
	}

	for (const directory of pathVariable.split(':')) {
		if (directory === '') {
			continue;
		}

		const candidate = path.join(directory, command);
		if (isExecutableFile(candidate)) {
			return candidate;
		}
	}

	return undefined;
}

function isExecutableFile(file: string): boolean {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}
