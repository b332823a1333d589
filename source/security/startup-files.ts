import os from 'node:os';
import path from 'node:path';

// Files a shell, ssh, cron, git or the desktop reads and runs (or trusts) later: writing them
// persists whatever was written beyond this command.
const homeStartup = [
	/^\.(bashrc|bash_profile|bash_login|bash_logout|bash_aliases|profile|zshrc|zshenv|zprofile|zlogin|zlogout|kshrc|mkshrc|cshrc|tcshrc|login|logout|inputrc|xprofile|xinitrc|xsession|xsessionrc)$/,
	/^\.ssh\/(authorized_keys2?|config|rc|environment)$/,
	/^\.config\/fish\/(config\.fish|conf\.d\/.*|functions\/.*)$/,
	/^\.config\/(autostart|systemd\/user|environment\.d)\/.+/,
	/^\.local\/share\/systemd\/user\/.+/,
	/^Library\/(LaunchAgents|LaunchDaemons)\/.+/,
	/^\.(gitconfig|config\/git\/config|npmrc|pypirc|netrc|curlrc|wgetrc)$/,
	/^\.(vimrc|exrc|gvimrc)$/,
	/^\.config\/nvim\/(init\.(vim|lua)|plugin\/.*)$/,
	/^\.pam_environment$/,
];
// Folders whose every entry is such a file.
const startupFolders = [/^\.ssh$/, /^\.config\/(autostart|systemd\/user|fish\/conf\.d|fish\/functions)$/, /^Library\/(LaunchAgents|LaunchDaemons)$/];

const systemStartup = /^\/(etc\/.*|var\/spool\/(cron|at)(\/.*)?|usr\/lib\/systemd\/.*|lib\/systemd\/.*|Library\/(LaunchAgents|LaunchDaemons)\/.*)$/;
const rcNames = /^\.(bashrc|bash_profile|bash_login|bash_aliases|profile|zshrc|zshenv|zprofile|zlogin)$/;

/** Expands `~`, `~user`, `$HOME` and `${HOME}` at the start of a path. */
export function expandTilde(value: string, home = os.homedir()): string {
	const user = /^~([a-z_][\w.-]*)(?=\/|$)/i.exec(value);
	if (user) {
		const base = user[1] === 'root' ? '/root' : process.platform === 'darwin' ? `/Users/${user[1]}` : `/home/${user[1]}`;
		return base + value.slice(user[0].length);
	}

	return value.replace(/^(~(?=\/|$)|\$HOME(?!\w)|\$\{HOME(:?[-?=+][^}]*|%\/?)?\})/, home);
}

/** The path relative to a home directory it lies in (`/home/u/.bashrc` → `.bashrc`), if any. */
function homeRelative(normal: string, home: string): string | undefined {
	for (const base of [home, '/root']) {
		if (base !== '/' && normal.startsWith(`${base}/`)) return normal.slice(base.length + 1);
	}

	const match = /^(\/home\/[^/]+|\/Users\/[^/]+)\/(.+)$/.exec(normal);
	return match?.[2];
}

/**
 * Whether a write to `value` persists code or trust: shell rc files, ssh keys and config, the
 * crontab, git hooks, systemd units, autostart entries, `/etc`. `cwd` resolves relative paths;
 * without it a bare rc-file name (`.bashrc`) counts, as the line may run in the home directory.
 */
export function isStartupFile(value: string, cwd?: string, home = os.homedir()): boolean {
	const expanded = expandTilde(value, home);
	if (/(^|\/)\.git\/(hooks(\/|$)|config$)/.test(expanded)) return true;
	let absolute = expanded;
	if (!expanded.startsWith('/')) {
		if (cwd === undefined) return rcNames.test(path.posix.normalize(expanded)) || /^\.ssh\/(authorized_keys|config)/.test(path.posix.normalize(expanded));
		absolute = path.posix.join(cwd, expanded);
	}

	const normal = path.posix.normalize(absolute).replace(/\/+$/, '');
	if (systemStartup.test(normal) || normal === '/etc') return true;
	const relative = homeRelative(normal, home);
	if (relative === undefined) return false;
	return homeStartup.some(pattern => pattern.test(relative)) || startupFolders.some(pattern => pattern.test(relative));
}
