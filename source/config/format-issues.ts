import type {z} from 'zod';

/** Turns zod issues into "path: message" lines, naming the file they came from. */
export function formatIssues(source: string, error: z.ZodError): string[] {
	return error.issues.map(issue => {
		const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
		return `${source}: ${path}: ${issue.message}`;
	});
}
