// The worktree API: what panes, the new-agent form, the overview and `agentmux worktrees` call.
export {type BranchNameResult, branchNameForPane, validateBranchName} from './branch-name.js';
export {type CreateOptions, type CreateResult, createWorktree} from './create.js';
export {type GitGate, openGate} from './gate.js';
export {copyIncludedFiles, includedFiles, includeFileName} from './include.js';
export {type ListedWorktree, listAgentmuxWorktrees} from './list.js';
export {type PlanResult, planWorktree, type WorktreePlan, type WorktreeRequest, worktreeLocation} from './plan.js';
export {type WorktreeRecord, WorktreeRegistry, worktreeRegistryPath} from './registry.js';
export {deleteWorktreeBranch, type RemoveOptions, type RemoveResult, removeWorktree} from './remove.js';
export {findRepositoryRoot} from './repository.js';
export {describeLoss, type WorktreeStatus, worktreeStatus} from './status.js';
