import fs from 'node:fs';
import type {z} from 'zod';

/** The issues of a failed parse as `path: message` parts, joined. */
export function issueText(error: z.ZodError): string {
	return error.issues.map(issue => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`).join('; ');
}

/** A file's text, undefined when it does not exist; any other failure is thrown with the reason. */
export function readOptionalFile(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
		throw error;
	}
}

/**
 * Reads and parses a config file and checks it against a schema. A missing file is undefined;
 * anything else that goes wrong is one `file: message` line in `errors`, and never throws.
 */
export function readConfig<T>(file: string, parse: (text: string) => unknown, schema: z.ZodType<T>, errors: string[]): T | undefined {
	let text: string | undefined;
	try {
		text = readOptionalFile(file);
	} catch (error) {
		errors.push(`${file}: ${(error as Error).message}`);
		return undefined;
	}

	if (text === undefined) return undefined;
	let raw: unknown;
	try {
		raw = parse(text);
	} catch (error) {
		errors.push(`${file}: ${(error as Error).message}`);
		return undefined;
	}

	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		errors.push(`${file}: ${issueText(parsed.error)}`);
		return undefined;
	}

	return parsed.data;
}
