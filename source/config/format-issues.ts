import type {z} from 'zod';

/** Turns zod issues into "path: message" lines, naming the file they came from. */
export function formatIssues(source: string, error: z.ZodError): string[] {
	return error.issues
		.flatMap(issue => closestIssues(issue))
		.map(issue => {
			const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
			return `${source}: ${path}: ${issue.message}`;
		});
}

type Issue = {path: PropertyKey[]; message: string; code?: string; errors?: Issue[][]};

/**
 * "Invalid input" for a value that matched no branch of a union (a workspace entry that is neither
 * a pane nor a split) says nothing: name what is wrong with the branch it came closest to.
 */
function closestIssues(issue: Issue): Array<{path: PropertyKey[]; message: string}> {
	if (issue.code !== 'invalid_union' || !issue.errors || issue.errors.length === 0) {
		return [issue];
	}

	const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
	if (closest.length === 0) {
		return [issue];
	}

	return closest.flatMap(inner => closestIssues({...inner, path: [...issue.path, ...inner.path]}));
}
