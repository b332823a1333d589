import {readFileSync} from 'node:fs';
import {z} from 'zod';
import {fromPackageRoot} from '../../source/security/package-root.js';

const policyCase = z.object({cmd: z.string(), expect: z.enum(['allow', 'confirm', 'deny']), why: z.string()});
const secretCase = z.object({text: z.string(), expect: z.enum(['secret', 'clean']), kind: z.string()});

/** A policy fixture line. */
export type PolicyCase = z.infer<typeof policyCase>;
/** A secret fixture line. */
export type SecretCase = z.infer<typeof secretCase>;

function readJsonl<T>(name: string, schema: z.ZodType<T>): T[] {
	const text = readFileSync(fromPackageRoot('test', 'fixtures', 'policy', name), 'utf8');
	return text
		.split('\n')
		.filter(line => line.trim() !== '')
		.map((line, index) => {
			try {
				return schema.parse(JSON.parse(line));
			} catch (error) {
				throw new Error(`${name}:${index + 1}: ${String(error)}`);
			}
		});
}

/** Policy cases from a fixture file. */
export const policyCases = (name: string): PolicyCase[] => readJsonl(name, policyCase);
/** Secret cases from a fixture file. */
export const secretCases = (name: string): SecretCase[] => readJsonl(name, secretCase);
