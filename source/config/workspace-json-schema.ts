import {z} from 'zod';
import {workspaceSchema} from './workspace.js';

/** The published JSON Schema of workspace files (agentmux.schema.json), made from the zod schema that checks them. */
export function workspaceJsonSchema(): string {
	const schema = z.toJSONSchema(workspaceSchema, {io: 'input', unrepresentable: 'any'});
	return `${JSON.stringify({...schema, title: 'agentmux workspace'}, undefined, '\t')}\n`;
}
