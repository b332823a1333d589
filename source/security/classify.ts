import path from 'node:path';
import {builtinHits, writeHit} from './builtin-rules.js';
import {loadCodeParsers} from './code-parsers.js';
import {walkTree, type SimpleCommand, type StdinSource} from './command-walker.js';
import type {UserRule} from './rule-schema.js';
import {userRulesSchema} from './rule-schema.js';
import type {CommandView, Hit} from './rule-types.js';
import {loadShellParser, type ShellParser} from './shell-parser.js';
import type {Word} from './shell-words.js';
import {unwrap} from './unwrap.js';
import {compileUserRules, type CompiledRule} from './user-rules.js';
import {decisionRank, shorten, stronger, type Verdict} from './verdict.js';

export type {Decision, Verdict} from './verdict.js';
export type {UserRule} from './rule-schema.js';

/** Judges shell command lines; synchronous once created. */
export interface Classifier {
	/** Classifies one line (it may contain newlines, e.g. a paste). */
	classify(line: string): Verdict;
}

/** Lines longer than this are not parsed at all (fail closed). */
export const maxLineBytes = 64 * 1024;
// `env -S`, `watch` and friends re-parse strings; cap the nesting.
const maxDepth = 4;
const maxLayers = 16;

// Variables that conventionally hold a program name; `$EDITOR file` is normal.
// The value maps to the command the rules should assume (undefined: no rules).
const programVariables: Record<string, string | undefined> = {
	EDITOR: undefined, VISUAL: undefined, PAGER: undefined, MANPAGER: undefined, GIT_EDITOR: undefined,
	BROWSER: undefined, TERMINAL: undefined, CC: undefined, CXX: undefined, LD: undefined, AR: undefined,
	MAKE: undefined, GO: undefined, CARGO: undefined, NPM: undefined, DOCKER: undefined,
	SHELL: 'sh', PYTHON: 'python3', NODE: 'node', PERL: 'perl', RUBY: 'ruby',
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
	return {classify: (line) => classifyLine(parser, rules, line, 0)};
}

function classifyLine(parser: ShellParser, rules: CompiledRule[], line: string, depth: number): Verdict {
	if (Buffer.byteLength(line, 'utf8') > maxLineBytes) {
		return {decision: 'confirm', rule: 'too-long', reason: `the line is longer than ${maxLineBytes / 1024} KiB and was not inspected`, command: shorten(line)};
	}

	if (depth > maxDepth) {
		return {decision: 'confirm', rule: 'too-deep', reason: `commands nested too deeply to inspect: ${shorten(line)}`, command: shorten(line)};
	}

	if (line.trim() === '') return {...defaultAllow, reason: 'empty line'};
	const tree = parser.parse(line);
	let walk;
	try {
		walk = walkTree(tree);
	} finally {
		tree.delete();
	}

	const judged: Verdict[] = [];
	for (const command of walk.commands) {
		judged.push(judgeLayer(parser, rules, command, command.name, command.args, {stdin: command.stdin, bulk: false}, depth));
	}

	for (const redirect of walk.redirects) {
		const overwrite = ['>', '>|', '&>'].includes(redirect.operator);
		const hit = writeHit(redirect.destination.value, overwrite, shorten(redirect.text));
		if (hit) judged.push(toVerdict(hit, redirect.text));
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
}

/** Judges one wrapper layer and, recursively, what it runs. */
function judgeLayer(
	parser: ShellParser,
	rules: CompiledRule[],
	command: SimpleCommand,
	nameWord: Word,
	args: Word[],
	context: LayerContext,
	depth: number,
	layer = 0,
): Verdict {
	const text = command.text;
	if (layer > maxLayers) return {decision: 'confirm', rule: 'too-deep', reason: `too many wrapper commands to inspect: ${shorten(text)}`, command: shorten(text)};
	const resolved = resolveName(nameWord);
	if ('hit' in resolved) return toVerdict(resolved.hit, text);
	if (resolved.name === undefined) return defaultAllow;
	const view: CommandView = {
		name: resolved.name,
		args,
		values: args.map((word) => word.value),
		text: shorten(text),
		stdin: context.stdin,
		bulk: context.bulk,
	};
	const hits = builtinHits(view);
	const inner = unwrap(view.name, args) ?? [];
	const nested: Verdict[] = [];
	for (const step of inner) {
		if (step.kind === 'shell-string') {
			hits.push({decision: 'deny', rule: 'shell-string', reason: `'${view.name} ${step.option}' runs a shell string: ${view.text}`});
		} else if (step.kind === 'line') {
			const verdict = classifyLine(parser, rules, step.text, depth + 1);
			nested.push(verdict.command ? verdict : {...verdict, command: shorten(text)});
		} else {
			nested.push(judgeLayer(parser, rules, command, step.name, step.args, {
				stdin: step.detachStdin ? undefined : context.stdin,
				bulk: context.bulk || step.bulk,
			}, depth, layer + 1));
		}
	}

	return combine([applyUserRules(rules, view, hits, text), ...nested]);
}

function applyUserRules(rules: CompiledRule[], view: CommandView, hits: Hit[], text: string): Verdict {
	const builtin = hits.find((hit) => hit.decision === 'deny') ?? hits.find((hit) => hit.decision === 'confirm');
	const user = rules.find((rule) => rule.matches(view.name, view.values))?.rule;
	if (!user) return builtin ? toVerdict(builtin, text) : defaultAllow;
	const verdict: Verdict = {decision: user.decision, rule: user.id, reason: `${user.reason}: ${shorten(text)}`, command: shorten(text, 500)};
	if (builtin?.decision === 'deny' && user.decision !== 'deny') verdict.relaxedBuiltin = builtin.rule;
	return verdict;
}

/** The basename the rules should use for a command word, or a hit if the name itself is suspicious. */
function resolveName(word: Word): {name?: string} | {hit: Hit} {
	const source = shorten(word.source, 60);
	if (word.substitution || word.processSubstitution) {
		return {hit: {decision: 'deny', rule: 'obfuscated-command', reason: `the command name is computed at run time: ${source}`}};
	}

	if (word.glob) {
		return {hit: {decision: 'deny', rule: 'obfuscated-command', reason: `the command name is a glob pattern: ${source}`}};
	}

	if (word.variable !== undefined && word.dynamic) {
		if (Object.hasOwn(programVariables, word.variable)) return {name: programVariables[word.variable]};
		return {hit: {decision: 'deny', rule: 'dynamic-command', reason: `the command comes from a variable, which runs like eval: ${source}`}};
	}

	const name = path.posix.basename(word.value);
	if (word.dynamic && /[$`]/.test(name)) {
		return {hit: {decision: 'deny', rule: 'dynamic-command', reason: `the command name comes from an expansion: ${source}`}};
	}

	return {name: name === '' ? undefined : name};
}
