import {z} from 'zod';

/** How far a server is trusted: `trusted` starts unasked, `review` asks at every launch, `blocked` refuses the launch. */
export const mcpRisks = ['trusted', 'review', 'blocked'] as const;
export type McpRisk = (typeof mcpRisks)[number];

/** What a registry entry matches: a stdio server's whole argv, or a remote server's URL. Never a name. */
export const mcpMatchSchema = z
	.strictObject({
		command: z.array(z.string().min(1)).min(1).optional(),
		url: z.string().min(1).optional(),
	})
	.refine(match => (match.command === undefined) !== (match.url === undefined), {message: 'give exactly one of command (the argv, e.g. ["npx", "-y", "pkg"]) or url'});

export const mcpEntrySchema = z.strictObject({
	risk: z.enum(mcpRisks),
	match: mcpMatchSchema,
	reason: z.string().optional(),
});

/** `mcp` in the settings: the registry of MCP servers, by a name of the user's choosing. */
export const mcpSettingsSchema = z.strictObject({
	servers: z.record(z.string().min(1), mcpEntrySchema).default({}),
});

export type McpEntry = z.infer<typeof mcpEntrySchema>;
export type McpMatch = z.infer<typeof mcpMatchSchema>;
export type McpRegistry = Record<string, McpEntry>;
