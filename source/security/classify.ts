import {existsSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {builtinHits, writeHit} from './builtin-rules.js';
import {loadCodeParsers} from './code-parsers.js';
import {type Assignment, type Redirect, type SimpleCommand, type StdinSource, walkTree} from './command-walker.js';
import {dynamicArgumentHit} from './dynamic-rules.js';
import {judgeAssignment, leadingAssignments, loaderOptionHit} from './env-prefix-rules.js';
import {isShell} from './interpreter-rules.js';
import {historyExpansion, type PaneContext, stateFindings} from './line-state.js';
import {catastrophicHit, isMountedDisk, persistentWriteHit, writeTargets} from './persistent-write-rules.js';
import type {UserRule} from './rule-schema.js';
import {userRulesSchema} from './rule-schema.js';
import {type CommandView, confirm, deny, type Hit} from './rule-types.js';
import {loadShellParser, type ShellParser} from './shell-parser.js';
import {expandBraceText, type Word} from './shell-words.js';
import {expandTilde} from './startup-files.js';
import {generatedStartupHit, isNetworkPath, networkShellHit, stdinReaderHit, stdinScriptHit} from './stdin-readers.js';
import {type Unwrapped, unwrap} from './unwrap.js';
import {type CompiledRule, compileUserRules} from './user-rules.js';
import {decisionRank, shorten, stronger, type Verdict} from './verdict.js';
import {executedFile, fileKey} from './write-then-run.js';

export {agentCommandContext, createPaneContext, type PaneContext} from './line-state.js';
export type {UserRule} from './rule-schema.js';
export type {Decision, Verdict} from './verdict.js';

/** Judges shell command lines; synchronous once created. */
export interface Classifier {
	/**
	 * Classifies one line (it may contain newlines, e.g. a paste). With a pane context, what the
	 * line defines (functions, aliases) is remembered for the pane's later lines.
	 */
	classify(line: string, context?: PaneContext): Verdict;
}

/** Lines longer than this are not parsed at all (fail closed). */
export const maxLineBytes = 64 * 1024;
// `env -S`, `watch` and friends re-parse strings; cap the nesting.
const maxDepth = 4;
const maxLayers = 16;
// `$(` inside `$(` … more than this deep is not walked (the walk grows faster than the line).
const maxNesting = 64;

// Variables that conventionally hold a program name; `$EDITOR file` is normal.
// The value maps to the command the rules should assume (undefined: no rules).
const programVariables: Record<string, string | undefined> = {
	EDITOR: undefined,
	VISUAL: undefined,
	PAGER: undefined,
	MANPAGER: undefined,
	GIT_EDITOR: undefined,
	BROWSER: undefined,
	TERMINAL: undefined,
	CC: undefined,
	CXX: undefined,
	LD: undefined,
	AR: undefined,
	MAKE: undefined,
	GO: undefined,
	CARGO: undefined,
	NPM: undefined,
	DOCKER: undefined,
	SHELL: 'sh',
	BASH: 'sh',
	ZSH_NAME: 'sh',
	0: 'sh',
	PYTHON: 'python3',
	NODE: 'node',
	PERL: 'perl',
	RUBY: 'ruby',
};

const defaultAllow: Verdict = {decision: 'allow', rule: 'default-allow', reason: 'no rule matched'};

/**
 * Creates a classifier. Loads the bash grammar once (cached per process).
 *
 * Precedence, per simple command and per wrapper layer (`sudo env rm -rf x`
 * is judged as `sudo …`, `env …` and `rm …`):
 * 1. Built-in rules give the layer's verdict (strongest hit: deny > confirm).
 * 2. The first user rule (in list order) that matches the layer's command
 *    name and arguments replaces that verdict, whether it is stronger
 *    (add/override) or weaker (relax). Relaxing a built-in deny still wins,
 *    but the verdict carries `relaxedBuiltin` with the built-in rule id so the
 *    caller audits it.
 * 3. Across the line (all commands, layers, redirections, parse errors) the
 *    strongest verdict wins: deny > confirm > allow; ties keep the leftmost.
 * Redirections and parse errors are judged by the shell, not by a command,
 * so user rules about commands do not relax them.
 */
export async function createClassifier(options: {rules?: UserRule[]} = {}): Promise<Classifier> {
	const rules = compileUserRules(userRulesSchema.parse(options.rules ?? []));
	const parser = await loadShellParser();
	await loadCodeParsers();
	return {classify: (line, context) => classifyLine({parser, rules}, line, 0, context)};
}

interface Engine {
	parser: ShellParser;
	rules: CompiledRule[];
}

/** Deepest bracket nesting of a line, quotes ignored: deeper lines cost the walker too much to follow. */
function nesting(line: string): number {
	let depth = 0;
	let deepest = 0;
	for (let index = 0; index < line.length; index++) {
		const code = line.codePointAt(index);
		if (code === 40 || code === 123) deepest = Math.max(deepest, ++depth);
		else if ((code === 41 || code === 125) && depth > 0) depth--;
	}

	return deepest;
}

/** Bash joins a backslash-newline before it reads words (not inside single quotes); tree-sitter splits the word there. */
function joinContinuations(line: string): string {
	let out = '';
	let single = false;
	let double = false;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (single) {
			if (char === "'") single = false;
			out += char;
			continue;
		}

		if (char === '\\') {
			const next = line[index + 1];
			if (next === '\n') {
				index++;
				continue;
			}

			if (next === '\r' && line[index + 2] === '\n') {
				index += 2;
				continue;
			}

			out += char + (next ?? '');
			index++;
			continue;
		}

		if (char === '"') double = !double;
		else if (char === "'" && !double) single = true;
		out += char;
	}

	return out;
}

function classifyLine(engine: Engine, line: string, depth: number, pane?: PaneContext): Verdict {
	if (Buffer.byteLength(line, 'utf8') > maxLineBytes) {
		return {decision: 'confirm', rule: 'too-long', reason: `the line is longer than ${maxLineBytes / 1024} KiB and was not inspected`, command: shorten(line)};
	}

	if (depth > maxDepth) {
		return {decision: 'confirm', rule: 'too-deep', reason: `commands nested too deeply to inspect: ${shorten(line)}`, command: shorten(line)};
	}

	if (line.trim() === '') return {...defaultAllow, reason: 'empty line'};
	if (nesting(line) > maxNesting) {
		return {decision: 'confirm', rule: 'too-deep', reason: `commands nested too deeply to inspect: ${shorten(line)}`, command: shorten(line)};
	}

	// Where tree-sitter and bash read the line differently, each reading is judged and the stricter wins.
	let verdict = classifyReading(engine, line, depth, pane);
	if (/\\\r?\n/.test(line)) verdict = stronger(verdict, classifyReading(engine, joinContinuations(line), depth, pane));
	const braced = leadingBraceWord(line);
	if (braced !== undefined) verdict = stronger(verdict, classifyReading(engine, braced, depth, pane));
	return verdict;
}

/** `{bash,-c,id}` is a brace expansion to bash, not a group to tree-sitter: the line with that word expanded. */
function leadingBraceWord(line: string): string | undefined {
	let changed = false;
	const expanded = line.replaceAll(/(^|[;&|(\n]\s*)(\{[^\s;&|{}]*,[^\s;&|]*\}[^\s;&|]*)/g, (whole, lead: string, word: string) => {
		const words = expandBraceText(word);
		if (!words) return whole;
		changed = true;
		return `${lead}${words.join(' ')}`;
	});
	return changed ? expanded : undefined;
}

interface LineState {
	cwd?: string;
	/** Files this line wrote so far (downloads, redirections, tee), by key. */
	written: Map<string, string>;
	/** Plain text this line appended to files, by key: it runs if the file runs. */
	appended: Map<string, string>;
	pane?: PaneContext;
}

function classifyReading(engine: Engine, line: string, depth: number, pane?: PaneContext): Verdict {
	const tree = engine.parser.parse(line);
	let walk: ReturnType<typeof walkTree>;
	try {
		walk = walkTree(tree);
	} catch (error) {
		// Nesting deep enough to exhaust the stack: not inspected, never a crash.
		if (!(error instanceof RangeError)) throw error;
		return {decision: 'confirm', rule: 'too-deep', reason: `commands nested too deeply to inspect: ${shorten(line)}`, command: shorten(line)};
	} finally {
		tree.delete();
	}

	const judged: Verdict[] = [];
	if (depth === 0 && pane?.historyExpansion !== false) {
		const event = historyExpansion(line);
		if (event) {
			judged.push({decision: 'confirm', rule: 'history-expansion', reason: `the shell replaces ${event} with text from its history before it runs the line`, command: shorten(line)});
		}
	}

	const state: LineState = {cwd: depth === 0 ? pane?.cwd : undefined, written: new Map(), appended: new Map(), pane: depth === 0 ? pane : undefined};
	const events: Array<{start: number; command?: SimpleCommand; redirect?: Redirect}> = [
		...walk.commands.map(command => ({start: command.start, command})),
		...walk.redirects.map(redirect => ({start: redirect.start, redirect})),
	].sort((a, b) => a.start - b.start);
	for (const event of events) {
		if (event.command) {
			const command = event.command;
			for (const assignment of command.env) judged.push(...judgeAssignmentVerdicts(engine, assignment, depth));
			judged.push(judgeLayer(engine, command, command.name, command.args, {stdin: command.stdin, bulk: false, state}, depth));
			if (!command.inSubstitution) followDirectory(command, state);
		} else if (event.redirect) {
			judged.push(...judgeRedirect(event.redirect, state));
		}
	}

	for (const assignment of walk.assignments) judged.push(...judgeAssignmentVerdicts(engine, assignment, depth));
	for (const definition of walk.functions) {
		if (definition.forks) {
			judged.push({decision: 'deny', rule: 'fork-bomb', reason: `'${shorten(definition.text)}' starts copies of itself without end (a fork bomb)`, command: shorten(definition.text)});
		}

		if (state.pane) state.pane.functions.set(definition.name, classifyLine(engine, definition.body, depth + 1));
	}

	if (walk.hasError && state.pane) {
		// A definition typed over several lines is never seen whole: its name is remembered as unknown.
		for (const match of line.matchAll(/(?:^|[;&|\s])(?:function\s+([\w.:-]+)|([\w.:-]+)\s*\(\s*\))/g)) {
			const name = match[1] ?? match[2]!;
			if (!state.pane.functions.has(name)) state.pane.functions.set(name, {decision: 'confirm', rule: 'pane-function', reason: `${name} was defined in a line that could not be read whole`});
		}
	}

	if (walk.hasError) {
		judged.push({
			decision: 'confirm',
			rule: 'parse-error',
			reason: `the line is incomplete or cannot be parsed, so it cannot be fully checked: ${shorten(line)}`,
			command: shorten(line),
		});
	}

	return combine(judged);
}

/** `cd dir` changes where the rest of the line's relative paths point. */
function followDirectory(command: SimpleCommand, state: LineState): void {
	const name = command.name.value;
	if (name !== 'cd' && name !== 'pushd') return;
	const target = command.args.find(word => !word.value.startsWith('-') || word.value === '-');
	if (!target) {
		state.cwd = os.homedir();
		return;
	}

	if (target.dynamic && !/^\$\{?HOME\}?(\/|$)/.test(target.value)) {
		state.cwd = undefined;
		return;
	}

	const expanded = expandTilde(target.value);
	if (expanded === '-') state.cwd = undefined;
	else if (expanded.startsWith('/')) state.cwd = path.posix.normalize(expanded);
	else state.cwd = state.cwd ? path.posix.join(state.cwd, expanded) : undefined;
}

function judgeAssignmentVerdicts(engine: Engine, assignment: Assignment, depth: number): Verdict[] {
	const findings = judgeAssignment(assignment);
	const verdicts = findings.hits.map(hit => toVerdict(hit, assignment.text));
	for (const {text, floor} of findings.lines) {
		const inner = classifyLine(engine, text, depth + 1);
		verdicts.push({...inner, command: inner.command ?? shorten(assignment.text)});
		if (floor) verdicts.push(toVerdict(floor, assignment.text));
	}

	return verdicts;
}

/** Writes, truncation and network streams of one redirection. */
function judgeRedirect(redirect: Redirect, state: LineState): Verdict[] {
	const target = redirect.destination.value;
	const verdicts: Verdict[] = [];
	if (isNetworkPath(target)) {
		const runsShell = isShell(redirect.commandName) || redirect.commandName === 'exec' || /^(python|perl|ruby|php|node)/.test(redirect.commandName);
		verdicts.push(
			runsShell
				? toVerdict(deny('network-shell', `'${shorten(redirect.text)}' connects a shell to the network (${target})`), redirect.text)
				: toVerdict(confirm('network-redirect', `'${shorten(redirect.text)}' reads or writes a network connection (${target})`), redirect.text),
		);
		return verdicts;
	}

	if (!redirect.operator.includes('>')) return verdicts;
	const overwrite = ['>', '>|', '&>', '>&'].includes(redirect.operator);
	if (isMountedDisk(target)) {
		verdicts.push(toVerdict(deny('mounted-disk-write', `'${shorten(redirect.text)}' overwrites a mounted disk (${target})`), redirect.text));
	}

	const hit = writeHit(target, overwrite, shorten(redirect.text), state.cwd);
	if (hit) verdicts.push(toVerdict(hit, redirect.text));
	const empties = ['', ':', 'true'].includes(redirect.commandName) || redirect.content === '' || (redirect.commandName === 'cat' && /\scat\s+\/dev\/null\b/.test(` ${redirect.text}`));
	if (overwrite && empties && !redirect.destination.dynamic && existingFile(target, state.cwd)) {
		verdicts.push(toVerdict(confirm('truncate-file', `'${shorten(redirect.text)}' empties the existing file ${target}`), redirect.text));
	}

	if (redirect.operator.includes('>>') && redirect.content !== undefined) {
		// An append of plain text: running the file later runs that text after what was there.
		state.appended.set(fileKey(target, state.cwd), redirect.content);
	} else if (!redirect.destination.dynamic) {
		state.written.set(fileKey(target, state.cwd), shorten(redirect.text));
	}

	return verdicts;
}

function existingFile(target: string, cwd: string | undefined): boolean {
	const expanded = expandTilde(target);
	const absolute = expanded.startsWith('/') ? expanded : path.resolve(cwd ?? process.cwd(), expanded);
	try {
		return existsSync(absolute) && statSync(absolute).isFile() && statSync(absolute).size > 0;
	} catch {
		return false;
	}
}

/** Strongest verdict; among allows a user rule is reported over the default. */
function combine(verdicts: Verdict[]): Verdict {
	let best = defaultAllow;
	let relaxed: string | undefined;
	for (const verdict of verdicts) {
		relaxed ??= verdict.relaxedBuiltin;
		if (decisionRank(verdict.decision) === decisionRank(best.decision) && best.rule === 'default-allow') best = verdict;
		else best = stronger(best, verdict);
	}

	return relaxed && !best.relaxedBuiltin ? {...best, relaxedBuiltin: relaxed} : best;
}

function toVerdict(hit: Hit, text: string): Verdict {
	return {decision: hit.decision, rule: hit.rule, reason: hit.reason, command: shorten(text, 500)};
}

interface LayerContext {
	stdin?: StdinSource;
	bulk: boolean;
	state: LineState;
}

/** Judges one wrapper layer and, recursively, what it runs. */
function judgeLayer(engine: Engine, command: SimpleCommand, nameWord: Word, args: Word[], context: LayerContext, depth: number, layer = 0): Verdict {
	const text = command.text;
	if (layer > maxLayers) return {decision: 'confirm', rule: 'too-deep', reason: `too many wrapper commands to inspect: ${shorten(text)}`, command: shorten(text)};
	const resolved = resolveName(nameWord, args);
	const verdicts: Verdict[] = resolved.hits.map(hit => toVerdict(hit, text));
	const names = resolved.names;
	for (const name of names) verdicts.push(judgeNamed(engine, command, name, nameWord, args, context, depth, layer));
	const pane = context.state.pane;
	if (pane && layer === 0 && pane.functions.has(nameWord.value)) {
		const body = pane.functions.get(nameWord.value)!;
		verdicts.push(body, toVerdict(confirm('pane-function', `'${shorten(text)}' calls ${nameWord.value}, which an earlier line of this pane defined`), text));
	}

	return combine(verdicts);
}

function judgeNamed(engine: Engine, command: SimpleCommand, name: string, nameWord: Word, args: Word[], context: LayerContext, depth: number, layer: number): Verdict {
	const text = command.text;
	const view: CommandView = {
		name,
		args,
		values: args.map(word => word.value),
		text: shorten(text),
		stdin: context.stdin,
		bulk: context.bulk,
	};
	const {state} = context;
	const hits = builtinHits(view);
	for (const extra of [
		dynamicArgumentHit(view),
		catastrophicHit(view, state.cwd),
		persistentWriteHit(view, state.cwd),
		stdinReaderHit(view),
		generatedStartupHit(view),
		dynamicCodeHit(view),
		networkShellHit(view),
		loaderOptionHit(view),
	]) {
		if (extra) hits.push(extra);
	}

	const nested: Verdict[] = [];
	const ran = executedFile(nameWord.dynamic ? '' : nameWord.value, view);
	const stdinScript = stdinScriptHit(view, ran);
	if (stdinScript) hits.push(stdinScript);
	if (ran !== undefined && state.written.has(fileKey(ran, state.cwd))) {
		hits.push(deny('write-then-run', `'${view.text}' runs ${ran}, which this line wrote or downloaded (${state.written.get(fileKey(ran, state.cwd))})`));
	}

	const appended = ran === undefined ? undefined : state.appended.get(fileKey(ran, state.cwd));
	if (appended !== undefined) nested.push(withCommand(classifyLine(engine, appended, depth + 1), text));
	for (const target of downloadTargets(view)) state.written.set(fileKey(target, state.cwd), view.text);
	const findings = stateFindings(view);
	if (findings) {
		hits.push(...findings.hits);
		for (const line of findings.lines) nested.push(withCommand(classifyLine(engine, line, depth + 1), text));
		for (const define of findings.defines) state.pane?.functions.set(define.name, classifyLine(engine, define.text, depth + 1));
	}

	if (name === 'env' || name === 'sudo' || name === 'doas') {
		for (const assignment of leadingAssignments(args, view.text)) nested.push(...judgeAssignmentVerdicts(engine, assignment, depth));
	}

	const inner: Unwrapped[] = name === 'coproc' ? unwrapCoproc(args) : (unwrap(view.name, args) ?? []);
	for (const step of inner) {
		if (step.kind === 'shell-string') {
			hits.push({decision: 'deny', rule: 'shell-string', reason: `'${view.name} ${step.option}' runs a shell string: ${view.text}`});
		} else if (step.kind === 'line') {
			// The split line's first command still reads the wrapper's stdin.
			const piped = context.stdin?.kind === 'pipe' || context.stdin?.kind === 'generated';
			nested.push(withCommand(classifyLine(engine, piped ? `: | ${step.text}` : step.text, depth + 1), text));
		} else {
			nested.push(
				judgeLayer(
					engine,
					command,
					step.name,
					step.args,
					{
						stdin: step.detachStdin ? undefined : context.stdin,
						bulk: context.bulk || step.bulk,
						state,
					},
					depth,
					layer + 1,
				),
			);
		}
	}

	return combine([applyUserRules(engine.rules, view, hits, text), ...nested]);
}

function withCommand(verdict: Verdict, text: string): Verdict {
	return verdict.command ? verdict : {...verdict, command: shorten(text)};
}

/** Files a download writes: they must not be run later on the same line. */
function downloadTargets(view: CommandView): string[] {
	if (!/^(curl|wget2?|tee|aria2c|fetch|http|xh|scp|rsync|cp|install|git)$/.test(view.name)) return [];
	if (view.name === 'git') return [];
	return writeTargets(view)
		.filter(target => !target.folder)
		.map(target => target.path);
}

/** `coproc NAME { cmd; }` and `coproc cmd`: the body runs like any command. */
function unwrapCoproc(args: Word[]): Unwrapped[] {
	const brace = args.findIndex((word, index) => index < 2 && (word.value === '{' || word.value === '(' || word.value.startsWith('(')));
	if (brace !== -1) {
		const body = args
			.slice(brace)
			.map(word => word.source)
			.join(' ')
			.replace(/^[{(]\s*/, '')
			.replace(/[})]\s*$/, '');
		return body.trim() === '' ? [] : [{kind: 'line', text: body}];
	}

	const [inner, ...rest] = args;
	return inner ? [{kind: 'command', name: inner, args: rest, bulk: false, detachStdin: false}] : [];
}

const inlineOptions: Array<[RegExp, RegExp]> = [
	[/^(python[\d.]*|pypy[\d.]*)$/, /^-[a-zA-Z]*c$/],
	[/^(node|nodejs|bun|deno|ts-node|tsx)$/, /^(-[a-zA-Z]*[ep]|--eval|--print)$/],
	[/^(perl[\d.]*|ruby|jruby)$/, /^-[a-zA-Z]*[eE]$/],
	[/^(php[\d.]*)$/, /^-r$/],
	[/^(lua[\d.]*|luajit|Rscript|osascript|julia)$/, /^(-e|--expr|--eval)$/],
];

/** `python3 -c "$(curl …)"`, `node -e "$X"`: the program text itself is only known at run time. */
function dynamicCodeHit(view: CommandView): Hit | undefined {
	const option = inlineOptions.find(([name]) => name.test(view.name))?.[1];
	if (!option) return undefined;
	const index = view.args.findIndex(word => option.test(word.value));
	const code = index === -1 ? undefined : view.args[index + 1];
	if (!code?.dynamic || !code.unknown) return undefined;
	return code.mayBeOption || code.substitution
		? deny('dynamic-inline-code', `'${view.name}' runs program text that only the shell knows: ${view.text}`)
		: confirm('dynamic-inline-code', `'${view.name}' runs program text with values only the shell knows: ${view.text}`);
}

function applyUserRules(rules: CompiledRule[], view: CommandView, hits: Hit[], text: string): Verdict {
	const builtin = hits.find(hit => hit.decision === 'deny') ?? hits.find(hit => hit.decision === 'confirm');
	const user = rules.find(rule => rule.matches(view.name, view.values))?.rule;
	if (!user) return builtin ? toVerdict(builtin, text) : defaultAllow;
	const verdict: Verdict = {decision: user.decision, rule: user.id, reason: `${user.reason}: ${shorten(text)}`, command: shorten(text, 500)};
	if (builtin?.decision === 'deny' && user.decision !== 'deny') verdict.relaxedBuiltin = builtin.rule;
	return verdict;
}

// Text tools that build a command name out of encoded or reversed text.
const decoders = /\b(base64|base32|xxd|od|rev|tr|printf|echo|openssl|gzip|gunzip|zcat|sed|awk|cut|perl|python3?)\b/;

/**
 * The names the rules should judge a command word as, with findings about the word itself.
 * A name only the shell knows is `confirm`; judged also as a shell when it is handed shell text,
 * as its `${NAME:-default}`, and as the program a conventional variable holds (`$SHELL`).
 */
function resolveName(word: Word, args: Word[]): {names: string[]; hits: Hit[]} {
	const source = shorten(word.source, 60);
	if (word.glob) {
		return {names: [], hits: [deny('obfuscated-command', `the command name is a glob pattern: ${source}`)]};
	}

	if (!word.dynamic) {
		const name = path.posix.basename(word.value);
		return {names: name === '' ? [] : [name], hits: []};
	}

	const names = new Set<string>();
	const hits: Hit[] = [];
	if (word.substitution || word.processSubstitution) {
		hits.push(
			decoders.test(word.source)
				? deny('obfuscated-command', `the command name is computed at run time: ${source}`)
				: confirm('dynamic-command', `the command name is computed at run time: ${source}`),
		);
	} else if (word.variable !== undefined && Object.hasOwn(programVariables, word.variable)) {
		const program = programVariables[word.variable];
		if (program) names.add(program);
	} else if (word.variable === '@' || word.variable === '*') {
		// `"$@"` runs the caller's words: a wrapper function's body, judged where it is called.
		hits.push(confirm('dynamic-command', `the command is the caller's arguments, which the shell only knows at run time: ${source}`));
	} else if (word.unknown) {
		hits.push(deny('dynamic-command', `the command comes from a variable, which runs like eval: ${source}`));
	}

	if (word.fallback) names.add(path.posix.basename(word.fallback.trim().split(/\s+/)[0] ?? ''));
	// Whatever the name turns out to be, `-c text` makes a shell of it.
	if (hits.length > 0 && args.some(arg => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg.value))) names.add('sh');
	if (!word.unknown && !word.substitution) names.add(path.posix.basename(expandTilde(word.value)));
	names.delete('');
	return {names: [...names], hits};
}
