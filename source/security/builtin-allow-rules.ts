import type {Word} from './shell-words.js';

/**
 * Everyday lines that run the output of a local, installed tool which prints
 * shell code by design: `eval "$(ssh-agent -s)"`, `source <(kubectl
 * completion bash)`. They are allowed by these built-in rules; a user rule
 * for the same command (`eval`, `source`) comes first and replaces them.
 */
export interface BuiltinAllowRule {
	id: string;
	/** The command the generated text comes from, as one plain line. */
	pattern: RegExp;
}

const shellName = '(bash|zsh|fish|sh|posix|tcsh|elvish|nu|powershell)';

/** Generators that `eval "$(...)"` runs. */
export const initEvalRules: BuiltinAllowRule[] = [
	{id: 'init-ssh-agent', pattern: /^ssh-agent( -[sc])?$/},
	{id: 'init-direnv', pattern: new RegExp(`^direnv hook ${shellName}$`)},
	{id: 'init-pyenv', pattern: new RegExp(`^pyenv (init|virtualenv-init)( -| --path| - ${shellName}| ${shellName})?$`)},
	{id: 'init-rbenv', pattern: new RegExp(`^(rbenv|nodenv|goenv|jenv|plenv|phpenv|scalaenv|tfenv) init( -| - ${shellName}| ${shellName})?$`)},
	{id: 'init-starship', pattern: new RegExp(`^starship init ${shellName}( --print-full-init)?$`)},
	{id: 'init-zoxide', pattern: new RegExp(`^zoxide init ${shellName}( --cmd [\\w-]+| --hook (none|prompt|pwd)| --no-cmd)*$`)},
	{id: 'init-fnm', pattern: /^fnm env( --[\w-]+(=[\w-]+)?| --shell \w+)*$/},
	{id: 'init-mise', pattern: new RegExp(`^(mise|rtx) activate( ${shellName})?( --shims| --quiet| -q)*$`)},
	{id: 'init-brew', pattern: new RegExp(`^((/opt/homebrew|/usr/local|/home/linuxbrew/\\.linuxbrew|~/\\.linuxbrew)/bin/)?brew shellenv( ${shellName})?$`)},
	{id: 'init-conda', pattern: new RegExp(`^(conda|mamba|micromamba) shell(\\.${shellName} hook| hook( -s ${shellName}| --shell ${shellName})?)$`)},
	{
		id: 'init-other',
		pattern: new RegExp(
			`^(thefuck --alias( \\w+)?|dircolors( -b)?( ~?[\\w./-]+)?|luarocks path( --bin)?|opam env( --switch=[\\w.-]+)?( --set-switch)?|atuin init ${shellName}( --disable-[\\w-]+)*|mcfly init ${shellName}|navi widget ${shellName}|keychain --eval( --agents [\\w,]+)?( --quiet| -q)?( [\\w./~-]+)*|rustup completions ${shellName}|gh completion -s ${shellName}|register-python-argcomplete [\\w-]+|oh-my-posh init ${shellName}( --config [\\w./~-]+)?|nix print-dev-env|devbox shellenv|gpg-agent --daemon|lesspipe(\\.sh)?|jump shell( ${shellName})?|fzf --${shellName}|kubectl completion ${shellName})$`,
		),
	},
];

/** Generators that `source <(...)` or `. <(...)` runs: any tool's completion script. */
export const completionSourceRules: BuiltinAllowRule[] = [
	{id: 'shell-completion', pattern: new RegExp(`^[\\w.-]+( [\\w-]+)? (completion|completions)( -s| --shell)?( --?${shellName}| ${shellName})?$`)},
	{id: 'shell-completion-flag', pattern: new RegExp(`^[\\w.-]+ --(completion|completions|${shellName})(=${shellName}| ${shellName})?$`)},
	...initEvalRules,
];

/**
 * The plain command inside a word that is only a command substitution
 * (`"$(ssh-agent -s)"`, `` `ssh-agent -s` ``) or a process substitution
 * (`<(kubectl completion bash)`); undefined if the word is anything else.
 */
export function generatorOf(word: Word): string | undefined {
	const match = /^"?(?:\$\((.*)\)|`(.*)`|<\((.*)\))"?$/s.exec(word.source.trim());
	const inner = (match?.[1] ?? match?.[2] ?? match?.[3])?.trim().replaceAll(/\s+/g, ' ');
	// Only plain words: no nested expansions, pipes, redirections or separators.
	if (inner === undefined || !/^[\w./~ =,-]+$/.test(inner)) return undefined;
	return inner;
}

/** The built-in allow rule that covers `eval`/`source` of this word, if any. */
export function builtinAllow(rules: BuiltinAllowRule[], word: Word | undefined): BuiltinAllowRule | undefined {
	const generator = word ? generatorOf(word) : undefined;
	return generator === undefined ? undefined : rules.find(rule => rule.pattern.test(generator));
}
