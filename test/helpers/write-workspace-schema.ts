import fs from 'node:fs';
import {workspaceJsonSchema} from '../../source/config/workspace-json-schema.js';
import {fromPackageRoot} from '../../source/security/package-root.js';

// `npm run schema`: writes agentmux.schema.json at the package root from the workspace's zod schema.
fs.writeFileSync(fromPackageRoot('agentmux.schema.json'), workspaceJsonSchema());
