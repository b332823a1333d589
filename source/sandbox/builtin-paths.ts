import path from 'node:path';
import {stateDirectory} from '../diagnostics/diagnostic-log.js';
import {socketDirectory} from '../ipc/socket-location.js';

/** Files and folders holding credentials, relative to the home folder: unreadable in every sandboxed pane. */
export const credentialPaths = [
	'.ssh',
	'.aws',
	'.config/gcloud',
	'.azure',
	'.kube',
	'.docker/config.json',
	'.npmrc',
	'.pypirc',
	'.netrc',
	'.gnupg',
	'.password-store',
	'.git-credentials',
	'.config/gh/hosts.yml',
];

/** Browser profiles (cookies, saved passwords), relative to the home folder. */
export const browserProfilePaths = [
	'.mozilla',
	'.config/google-chrome',
	'.config/chromium',
	'.config/BraveSoftware',
	'.config/microsoft-edge',
	'.config/vivaldi',
	'.config/opera',
	'snap/firefox',
	'snap/chromium',
	'.var/app/org.mozilla.firefox',
	'.var/app/com.google.Chrome',
];

/** Shell start-up files, relative to the home folder: code that runs later, outside the sandbox. */
export const shellStartupPaths = ['.bashrc', '.bash_profile', '.bash_login', '.profile', '.bash_logout', '.zshrc', '.zshenv', '.zprofile', '.zlogin', '.config/fish'];

/** Inside a writable work tree, what stays read-only: git runs hooks and reads config outside the sandbox. */
export const protectedInWorkTree = ['.git/hooks', '.git/config', ...shellStartupPaths];

/** Package caches any sandboxed pane may write (where they exist). */
export const cachePaths = ['.npm', '.cache/pip', '.cache/node-gyp', '.cache/yarn', '.cache/pnpm', '.local/share/pnpm'];

/** Registry hosts added to a pane's network when the settings allow them. */
export const registryHosts = ['registry.npmjs.org', 'registry.yarnpkg.com', 'pypi.org', 'files.pythonhosted.org'];

/** agentmux's config folder as conf finds it: `$AGENTMUX_CONFIG_DIR`, else `$XDG_CONFIG_HOME/agentmux`, else `~/.config/agentmux`. */
export function configDirectory(env: NodeJS.ProcessEnv, home: string): string {
	return env['AGENTMUX_CONFIG_DIR'] ?? path.join(env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), 'agentmux');
}

/** agentmux's own folders, never readable or writable from a sandbox: its policy, its audit trail, its state and its sockets. */
export function agentmuxPaths(env: NodeJS.ProcessEnv, home: string): string[] {
	return [configDirectory(env, home), stateDirectory(env), socketDirectory(env)];
}
