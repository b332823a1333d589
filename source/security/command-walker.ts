import path from 'node:path';
import type {Node, Tree} from 'web-tree-sitter';
import {resolveWord, resolveWords, type Word} from './shell-words.js';

/** Where a simple command's standard input comes from. */
export type StdinSource =
	| {kind: 'pipe'; upstream: SimpleCommand[]}
	| {kind: 'heredoc'; text: string}
	| {kind: 'herestring'; text: string}
	| {kind: 'file'; path: Word}
	| {kind: 'generated'; source: string};

/** One simple command with its words resolved; plain data, valid after the tree is freed. */
export interface SimpleCommand {
	name: Word;
	args: Word[];
	/** `VAR=value` prefixes, as source text. */
	assignments: string[];
	/** The same prefixes, read. */
	env: Assignment[];
	/** Offset of the command in the line, to replay the line in order. */
	start: number;
	stdin?: StdinSource;
	/** Output is captured by `$(...)`, backticks or `<(...)`. */
	inSubstitution: boolean;
	/** Source text of the command (without the redirections of an enclosing statement). */
	text: string;
}

/** A file redirection (`>`, `>>`, `&>`, `<`, `<>`, ...). */
export interface Redirect {
	operator: string;
	destination: Word;
	/** Source text of the statement the redirection belongs to. */
	text: string;
	/** Offset of the redirection in the line. */
	start: number;
	/** Basename of the statement's command, if it is a simple command; '' when there is none (`> f`). */
	commandName: string;
	/** What is written, when it is plain to see (`echo 'x' >> f`, a here-document). */
	content?: string;
}

/** A `NAME=value` assignment: a command's prefix, `export`/`declare`/`local`, or a statement of its own. */
export interface Assignment {
	name: string;
	value: Word;
	/** The value as written (quotes kept), for messages. */
	raw: string;
	/** `+=` appends to the old value. */
	append: boolean;
	/** Source text of the whole statement. */
	text: string;
	start: number;
}

/** A function definition `name() { ...; }`. */
export interface FunctionDefinition {
	name: string;
	/** Source text of the body. */
	body: string;
	/** The body calls the function itself in a pipeline or in the background (the fork bomb). */
	forks: boolean;
	text: string;
}

/** Everything the rules look at in one parsed line. */
export interface WalkResult {
	commands: SimpleCommand[];
	redirects: Redirect[];
	/** Assignments that stay in the shell: statements of their own and declarations (`export X=`). */
	assignments: Assignment[];
	functions: FunctionDefinition[];
	/** The tree has ERROR or MISSING nodes (unfinished or invalid input). */
	hasError: boolean;
}

interface Context {
	stdin?: StdinSource;
	inSubstitution: boolean;
}

const wordTypes = new Set([
	'word',
	'string',
	'raw_string',
	'ansi_c_string',
	'translated_string',
	'concatenation',
	'number',
	'simple_expansion',
	'expansion',
	'command_substitution',
	'process_substitution',
	'arithmetic_expansion',
]);

/** Collects every simple command and redirection of a parsed line, including nested ones. */
export function walkTree(tree: Tree): WalkResult {
	const result: WalkResult = {commands: [], redirects: [], assignments: [], functions: [], hasError: tree.rootNode.hasError};
	visit(tree.rootNode, {inSubstitution: false}, result);
	return result;
}

/** Visits a node; returns the simple commands found in it (for the next pipeline stage). */
function visit(node: Node, context: Context, out: WalkResult): SimpleCommand[] {
	switch (node.type) {
		case 'command': {
			return visitCommand(node, context, out);
		}

		// `export NAME=value` and `unset NAME` are judged like commands named by their keyword.
		case 'declaration_command':
		case 'unset_command': {
			return visitDeclaration(node, context, out);
		}

		case 'pipeline': {
			return visitPipeline(
				node.namedChildren.filter((child): child is Node => child !== null),
				context,
				out,
				[],
			);
		}

		case 'redirected_statement': {
			return visitRedirected(node, context, out);
		}

		case 'command_substitution': {
			return visitChildren(node, {inSubstitution: true}, out);
		}

		case 'variable_assignment': {
			const assignment = readAssignment(node, node.parent?.type === 'declaration_command' ? node.parent.text : node.text);
			if (assignment) out.assignments.push(assignment);
			return visitChildren(node, context, out);
		}

		case 'function_definition': {
			recordFunction(node, out);
			return visitChildren(node, context, out);
		}

		case 'process_substitution': {
			// `>(cmd)` feeds the outer command's output to cmd's stdin, like a pipe.
			const stdin: StdinSource | undefined = node.text.startsWith('>(') ? {kind: 'pipe', upstream: []} : undefined;
			return visitChildren(node, {inSubstitution: true, stdin}, out);
		}

		default: {
			return visitChildren(node, context, out);
		}
	}
}

function visitChildren(node: Node, context: Context, out: WalkResult): SimpleCommand[] {
	const found: SimpleCommand[] = [];
	for (const child of node.namedChildren) {
		if (child) found.push(...visit(child, context, out));
	}

	return found;
}

function visitPipeline(stages: Node[], context: Context, out: WalkResult, first: SimpleCommand[]): SimpleCommand[] {
	let previous = first;
	const found: SimpleCommand[] = [...first];
	for (const stage of stages) {
		const stageContext: Context = previous.length > 0 ? {...context, stdin: {kind: 'pipe', upstream: previous}} : context;
		previous = visit(stage, stageContext, out);
		found.push(...previous);
	}

	return found;
}

function visitRedirected(node: Node, context: Context, out: WalkResult): SimpleCommand[] {
	let stdin = context.stdin;
	const trailing: Node[] = [];
	const text = node.text;
	const firstRedirect = out.redirects.length;
	for (const redirect of node.childrenForFieldName('redirect')) {
		if (!redirect) continue;
		const source = stdinFromRedirect(redirect, out);
		if (source) stdin = source;
		if (redirect.type === 'heredoc_redirect') {
			// tree-sitter-bash hangs the rest of the line (`cat <<EOF | sh`, `&& x`) under the heredoc.
			for (const child of redirect.namedChildren) {
				// `cat <<EOF > file`: the file redirection after the heredoc's start word is the statement's own.
				if (child?.type === 'file_redirect') {
					const source = stdinFromRedirect(child, out);
					if (source) stdin = source;
					recordFileRedirect(child, text, out, statementCommand(node));
				} else if (child && !['heredoc_start', 'heredoc_body', 'heredoc_end'].includes(child.type)) {
					trailing.push(child);
				}
			}

			for (const body of redirect.descendantsOfType('heredoc_body')) {
				if (body) visitChildren(body, {inSubstitution: true}, out);
			}
		}

		if (redirect.type === 'file_redirect') recordFileRedirect(redirect, text, out, statementCommand(node));
	}

	const body = node.childForFieldName('body');
	let found = body ? visit(body, {...context, stdin}, out) : [];
	const content = body?.type === 'command' && found.length === 1 ? writtenText(found[0]!) : undefined;
	if (content !== undefined) {
		for (const redirect of out.redirects.slice(firstRedirect)) if (redirect.text === text) redirect.content = content;
	}

	for (const child of trailing) {
		found =
			child.type === 'pipeline'
				? visitPipeline(
						child.namedChildren.filter((stage): stage is Node => stage !== null),
						context,
						out,
						found,
					)
				: [...found, ...visit(child, context, out)];
	}

	return found;
}

function stdinFromRedirect(redirect: Node, out: WalkResult): StdinSource | undefined {
	if (redirect.type === 'heredoc_redirect') {
		const body = redirect.descendantsOfType('heredoc_body')[0];
		return {kind: 'heredoc', text: body?.text ?? ''};
	}

	if (redirect.type === 'herestring_redirect') {
		const value = redirect.namedChildren.find(child => child && wordTypes.has(child.type));
		if (value) visitWordSubstitutions(value, out);
		return {kind: 'herestring', text: value ? resolveWord(value).value : ''};
	}

	if (redirect.type === 'file_redirect') {
		const operator = redirect.children.find(child => child && !child.isNamed)?.type;
		const destination = redirect.childForFieldName('destination');
		if ((operator === '<' || operator === '<>') && destination && !redirect.childForFieldName('descriptor')) {
			if (destination.type === 'process_substitution') return {kind: 'generated', source: destination.text};
			const path = resolveWord(destination);
			// `< /dev/stdin` and its other spellings keep the stdin the command already had.
			if (isStdinAlias(path.value)) return undefined;
			return {kind: 'file', path};
		}
	}

	return undefined;
}

function recordFileRedirect(redirect: Node, text: string, out: WalkResult, commandName: string): void {
	const operator = redirect.children
		.filter(child => child && !child.isNamed)
		.map(child => child!.type)
		.join('');
	const destination = redirect.childForFieldName('destination');
	if (!destination) return;
	visitWordSubstitutions(destination, out);
	// `2>&1` and `>&-` duplicate descriptors; they do not name a file.
	if ((operator === '>&' || operator === '<&') && /^(\d+-?|-)$/.test(destination.text)) return;
	out.redirects.push({operator, destination: resolveWord(destination), text, start: redirect.startIndex, commandName});
}

/** The command name of a redirected statement's body, '' when it has none. */
function statementCommand(node: Node): string {
	const body = node.childForFieldName('body');
	if (!body) return '';
	const name = body.type === 'command' ? body.childForFieldName('name') : null;
	return name ? path.posix.basename(resolveWord(name.namedChild(0) ?? name).value) : body.type;
}

/** The text a command writes when it is plain to see: `echo` and `printf` of literals, `cat` of a here-document. */
function writtenText(command: SimpleCommand): string | undefined {
	const name = path.posix.basename(command.name.value);
	if (command.name.dynamic || command.args.some(word => word.dynamic)) return undefined;
	const values = command.args.map(word => word.value);
	if (name === 'echo') return values.filter(value => !/^-[neE]+$/.test(value)).join(' ');
	if (name === 'printf') {
		const [format = '', ...rest] = values.filter(value => value !== '--');
		let index = 0;
		return format.replaceAll(/%[-#0 +]*\d*(?:\.\d+)?[sbdq]/g, () => rest[index++] ?? '').replaceAll('\\n', '\n') + (rest.slice(index).length > 0 ? `\n${rest.slice(index).join('\n')}` : '');
	}

	if ((name === 'cat' || name === 'tee') && (command.stdin?.kind === 'heredoc' || command.stdin?.kind === 'herestring')) return command.stdin.text;
	return undefined;
}

/** `/dev/stdin`, `/dev//stdin`, `/dev/./fd/0`, `/proc/self/fd/0`, `/proc/thread-self/fd/0`: standard input. */
export function isStdinAlias(value: string): boolean {
	if (!value.startsWith('/')) return false;
	const normal = path.posix.normalize(value);
	return /^(\/dev\/stdin|\/dev\/fd\/0|\/proc\/(self|thread-self|\d+)\/fd\/0)$/.test(normal);
}

function readAssignment(node: Node, text: string): Assignment | undefined {
	const name = node.childForFieldName('name') ?? node.namedChild(0);
	const value = node.childForFieldName('value');
	if (!name) return undefined;
	const operator = node.children.find(child => child && !child.isNamed)?.type ?? '=';
	const empty: Word = {value: '', dynamic: false, substitution: false, processSubstitution: false, glob: false, mayBeOption: false, unknown: false, source: ''};
	return {
		name: name.type === 'subscript' ? (name.childForFieldName('name')?.text ?? name.text) : name.text,
		value: value ? resolveWord(value) : empty,
		raw: value?.text ?? '',
		append: operator === '+=',
		text,
		start: node.startIndex,
	};
}

function recordFunction(node: Node, out: WalkResult): void {
	const name = node.childForFieldName('name')?.text ?? '';
	const body = node.childForFieldName('body');
	if (!body) return;
	let forks = false;
	for (const call of body.descendantsOfType('command')) {
		if (!call || call.childForFieldName('name')?.text !== name) continue;
		const parent = call.parent;
		const background = call.nextSibling?.type === '&' || parent?.nextSibling?.type === '&';
		if (parent?.type === 'pipeline' || background) forks = true;
	}

	out.functions.push({name, body: body.text, forks, text: node.text});
}

function visitWordSubstitutions(node: Node, out: WalkResult): void {
	for (const inner of node.descendantsOfType(['command_substitution', 'process_substitution'])) {
		// Only outermost substitutions: inner ones are reached by the recursive visit.
		if (inner && !hasSubstitutionAncestor(inner, node)) visit(inner, {inSubstitution: true}, out);
	}
}

function hasSubstitutionAncestor(node: Node, stop: Node): boolean {
	if (node.equals(stop)) return false;
	for (let parent = node.parent; parent && !parent.equals(stop); parent = parent.parent) {
		if (parent.type === 'command_substitution' || parent.type === 'process_substitution') return true;
	}

	return false;
}

function visitCommand(node: Node, context: Context, out: WalkResult): SimpleCommand[] {
	const nameNode = node.childForFieldName('name');
	const args: Word[] = [];
	const assignments: string[] = [];
	const env: Assignment[] = [];
	const text = node.text;
	for (let index = 0; index < node.childCount; index++) {
		const child = node.child(index);
		if (!child?.isNamed) continue;
		const field = node.fieldNameForChild(index);
		if (child.type === 'variable_assignment') {
			assignments.push(child.text);
			const assignment = readAssignment(child, text);
			if (assignment) env.push(assignment);
			visitWordSubstitutions(child, out);
		} else if (field === 'argument') {
			args.push(...resolveWords(child));
			// A statement where tree-sitter expected a word (`coproc ( cmd )`) is still run.
			if (wordTypes.has(child.type) || child.type === 'brace_expression') visitWordSubstitutions(child, out);
			else visit(child, {inSubstitution: context.inSubstitution}, out);
		} else if (child.type === 'file_redirect') {
			const source = stdinFromRedirect(child, out);
			if (source) context = {...context, stdin: source};
			recordFileRedirect(child, text, out, nameNode ? path.posix.basename(resolveWord(nameNode.namedChild(0) ?? nameNode).value) : '');
		} else if (child.type === 'herestring_redirect' || child.type === 'heredoc_redirect') {
			const source = stdinFromRedirect(child, out);
			if (source) context = {...context, stdin: source};
		} else if (field !== 'name' && !wordTypes.has(child.type)) {
			// A statement where tree-sitter expected a word (`coproc ( cmd )`) is still run.
			visit(child, {inSubstitution: context.inSubstitution}, out);
		}
	}

	if (!nameNode) {
		// `A=1 B=2` alone: the assignments stay in the shell.
		out.assignments.push(...env);
		return [];
	}

	const inner = nameNode.namedChild(0) ?? nameNode;
	visitWordSubstitutions(nameNode, out);
	// `{ba,}sh` expands to several words: the first is the command, the rest lead its arguments.
	const [name, ...leading] = resolveWords(inner);
	const command: SimpleCommand = {
		name: name ?? resolveWord(inner),
		args: [...leading, ...args],
		assignments,
		env,
		start: node.startIndex,
		stdin: context.stdin,
		inSubstitution: context.inSubstitution,
		text,
	};
	out.commands.push(command);
	return [command];
}

/** `export NAME=value`, `unset NAME`: judged as a command named by the keyword, with `NAME=value` words. */
function visitDeclaration(node: Node, context: Context, out: WalkResult): SimpleCommand[] {
	visitChildren(node, context, out);
	const keyword = node.child(0);
	if (!keyword) return [];
	const args: Word[] = [];
	for (const child of node.namedChildren) {
		if (!child) continue;
		if (child.type === 'variable_assignment') {
			const name = child.childForFieldName('name')?.text ?? '';
			const value = child.childForFieldName('value');
			const word = value ? resolveWord(value) : resolveWord(child);
			args.push({...word, value: `${name}=${value ? word.value : ''}`, variable: undefined, source: child.text});
		} else if (child.type === 'variable_name') {
			args.push(literalWord(child));
		} else if (wordTypes.has(child.type)) {
			args.push(resolveWord(child));
		}
	}

	// Built untyped so that fields other readers add to SimpleCommand (start, env) can be filled here too.
	const fields = {
		name: literalWord(keyword),
		args,
		assignments: [],
		env: [],
		start: node.startIndex,
		stdin: context.stdin,
		inSubstitution: context.inSubstitution,
		text: node.text,
	};
	const command = fields as SimpleCommand;
	out.commands.push(command);
	return [command];
}

/** A word that is exactly its source text (a keyword, a variable name); no expansion flags set. */
function literalWord(node: Node): Word {
	const literal = {
		...resolveWord(node),
		value: node.text,
		source: node.text,
		variable: undefined,
		dynamic: false,
		substitution: false,
		processSubstitution: false,
		glob: false,
		mayBeOption: false,
		unknown: false,
	};
	return literal as Word;
}
