import type {Node, Tree} from 'web-tree-sitter';
import {resolveWord, type Word} from './shell-words.js';

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
	stdin?: StdinSource;
	/** Output is captured by `$(...)`, backticks or `<(...)`. */
	inSubstitution: boolean;
	/** Source text of the command (without the redirections of an enclosing statement). */
	text: string;
}

/** A redirection that may write a file. */
export interface Redirect {
	operator: string;
	destination: Word;
	/** Source text of the statement the redirection belongs to. */
	text: string;
}

/** Everything the rules look at in one parsed line. */
export interface WalkResult {
	commands: SimpleCommand[];
	redirects: Redirect[];
	/** The tree has ERROR or MISSING nodes (unfinished or invalid input). */
	hasError: boolean;
}

interface Context {
	stdin?: StdinSource;
	inSubstitution: boolean;
}

const wordTypes = new Set([
	'word', 'string', 'raw_string', 'ansi_c_string', 'translated_string', 'concatenation', 'number',
	'simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'arithmetic_expansion',
]);

/** Collects every simple command and redirection of a parsed line, including nested ones. */
export function walkTree(tree: Tree): WalkResult {
	const result: WalkResult = {commands: [], redirects: [], hasError: tree.rootNode.hasError};
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
			return visitPipeline(node.namedChildren.filter((child): child is Node => child !== null), context, out, []);
		}

		case 'redirected_statement': {
			return visitRedirected(node, context, out);
		}

		case 'command_substitution': {
			return visitChildren(node, {inSubstitution: true}, out);
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
		const stageContext: Context = previous.length > 0
			? {...context, stdin: {kind: 'pipe', upstream: previous}}
			: context;
		previous = visit(stage, stageContext, out);
		found.push(...previous);
	}

	return found;
}

function visitRedirected(node: Node, context: Context, out: WalkResult): SimpleCommand[] {
	let stdin = context.stdin;
	const trailing: Node[] = [];
	const text = node.text;
	for (const redirect of node.childrenForFieldName('redirect')) {
		if (!redirect) continue;
		const source = stdinFromRedirect(redirect, out);
		if (source) stdin = source;
		if (redirect.type === 'heredoc_redirect') {
			// tree-sitter-bash hangs the rest of the line (`cat <<EOF | sh`, `&& x`) under the heredoc.
			for (const child of redirect.namedChildren) {
				if (child && !['heredoc_start', 'heredoc_body', 'heredoc_end'].includes(child.type)) trailing.push(child);
			}

			for (const body of redirect.descendantsOfType('heredoc_body')) {
				if (body) visitChildren(body, {inSubstitution: true}, out);
			}
		}

		if (redirect.type === 'file_redirect') recordFileRedirect(redirect, text, out);
	}

	const body = node.childForFieldName('body');
	let found = body ? visit(body, {...context, stdin}, out) : [];
	for (const child of trailing) {
		found = child.type === 'pipeline'
			? visitPipeline(child.namedChildren.filter((stage): stage is Node => stage !== null), context, out, found)
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
		const value = redirect.namedChildren.find((child) => child && wordTypes.has(child.type));
		if (value) visitWordSubstitutions(value, out);
		return {kind: 'herestring', text: value ? resolveWord(value).value : ''};
	}

	if (redirect.type === 'file_redirect') {
		const operator = redirect.children.find((child) => child && !child.isNamed)?.type;
		const destination = redirect.childForFieldName('destination');
		if ((operator === '<' || operator === '<>') && destination) {
			if (destination.type === 'process_substitution') return {kind: 'generated', source: destination.text};
			return {kind: 'file', path: resolveWord(destination)};
		}
	}

	return undefined;
}

function recordFileRedirect(redirect: Node, text: string, out: WalkResult): void {
	const operator = redirect.children.find((child) => child && !child.isNamed)?.type ?? '';
	const destination = redirect.childForFieldName('destination');
	if (!destination) return;
	visitWordSubstitutions(destination, out);
	if (!/>/.test(operator)) return;
	// `2>&1` and `>&-` duplicate descriptors; they do not name a file.
	if ((operator === '>&' || operator === '<&') && /^(\d+|-)$/.test(destination.text)) return;
	out.redirects.push({operator, destination: resolveWord(destination), text});
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
	const text = node.text;
	for (let index = 0; index < node.childCount; index++) {
		const child = node.child(index);
		if (!child?.isNamed) continue;
		const field = node.fieldNameForChild(index);
		if (child.type === 'variable_assignment') {
			assignments.push(child.text);
			visitWordSubstitutions(child, out);
		} else if (field === 'argument') {
			args.push(resolveWord(child));
			visitWordSubstitutions(child, out);
		} else if (child.type === 'file_redirect') {
			const source = stdinFromRedirect(child, out);
			if (source) context = {...context, stdin: source};
			recordFileRedirect(child, text, out);
		} else if (child.type === 'herestring_redirect' || child.type === 'heredoc_redirect') {
			const source = stdinFromRedirect(child, out);
			if (source) context = {...context, stdin: source};
		}
	}

	if (!nameNode) return [];
	const inner = nameNode.namedChild(0) ?? nameNode;
	visitWordSubstitutions(nameNode, out);
	const command: SimpleCommand = {
		name: resolveWord(inner),
		args,
		assignments,
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
		...resolveWord(node), value: node.text, source: node.text, variable: undefined,
		dynamic: false, substitution: false, processSubstitution: false, glob: false, mayBeOption: false, unknown: false,
	};
	return literal as Word;
}
