import type {Node, Tree} from 'web-tree-sitter';
import {CodeFindings, type CodeJudgment, snippet, walkNodes} from './code-judgment.js';

// Modules that start processes, compile code or reach Node's internals.
const processModules = /^(node:)?(child_process|vm|worker_threads|cluster|module|inspector|inspector\/promises|repl|wasi|v8|trace_events|bun|bun:ffi|zx|execa|shelljs|cross-spawn)$/;
// Members that start processes or run code, whatever they are called on.
const execMembers =
	/^(execSync|execFile|execFileSync|spawn|spawnSync|execa\w*|binding|_linkedBinding|dlopen|getBuiltinModule|mainModule|constructor|_load|_compile|_resolveFilename|runInContext|runInNewContext|runInThisContext|compileFunction|createRequire)$/;
// Runtime globals whose members start processes: Deno.run, Deno.Command, Bun.spawn, Bun.$.
const runtimeExec: Record<string, RegExp> = {
	Deno: /^(run|Command|dlopen)$/,
	Bun: /^(spawn|spawnSync|\$)$/,
	Reflect: /^(apply|construct|get|set|defineProperty|getOwnPropertyDescriptor)$/,
	module: /^(require|constructor|_load|_compile|children|parent)$/,
};
const deleteMembers = /^(rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync|rimraf|remove|removeSync|emptyDir|emptyDirSync)$/;
// Identifiers that run text as code.
const codeGlobals = /^(eval|Function|AsyncFunction|GeneratorFunction|execScript)$/;
// Objects whose computed members (`globalThis[name]`) are reflection.
const globalObjects = /^(globalThis|global|window|self|process|module|require|exports|Reflect|Deno|Bun|this)$/;
const timers = /^(setTimeout|setInterval|setImmediate)$/;

const judged = ['import_statement', 'export_statement', 'call_expression', 'identifier', 'member_expression', 'subscript_expression'];
const judgedNames = /^(eval|Function|AsyncFunction|GeneratorFunction|execScript|require)$/;

/** Judges JavaScript code from its syntax tree. */
export function judgeJavaScript(tree: Tree): CodeJudgment {
	const findings = new CodeFindings();
	if (tree.rootNode.hasError) findings.confirm('cannot be parsed as JavaScript');
	for (const node of walkNodes(tree.rootNode, judged, judgedNames)) {
		if (findings.settled) break;
		switch (node.type) {
			case 'import_statement':
			case 'export_statement': {
				const source = node.childForFieldName('source');
				if (source) judgeModule(literal(source), node, findings);
				break;
			}

			case 'call_expression': {
				judgeCall(node, findings);
				break;
			}

			case 'identifier': {
				judgeIdentifier(node, findings);
				break;
			}

			case 'member_expression': {
				const property = node.childForFieldName('property')?.text;
				if (property) judgeMember(node.childForFieldName('object'), property, node, findings);
				break;
			}

			case 'subscript_expression': {
				const object = node.childForFieldName('object');
				const index = node.childForFieldName('index');
				const name = index ? literal(index) : undefined;
				if (name === undefined) {
					if (object && globalObjects.test(object.type === 'this' ? 'this' : object.text)) {
						findings.deny(`reaches a global by a computed name: ${snippet(node)}`);
					}
				} else {
					judgeMember(object, name, node, findings);
				}

				break;
			}

			default: {
				break;
			}
		}
	}

	return findings.result;
}

function judgeModule(name: string | undefined, node: Node, findings: CodeFindings): void {
	if (name === undefined) {
		findings.deny(`loads a module whose name is computed: ${snippet(node)}`);
	} else if (processModules.test(name)) {
		findings.deny(`loads ${name}, which starts processes or runs code: ${snippet(node)}`);
	}
}

function judgeCall(node: Node, findings: CodeFindings): void {
	const callee = node.childForFieldName('function');
	const args = node.childForFieldName('arguments')?.namedChildren.filter((child): child is Node => child !== null) ?? [];
	if (!callee) return;
	if (callee.type === 'import' || (callee.type === 'identifier' && callee.text === 'require')) {
		judgeModule(args[0] ? literal(args[0]) : undefined, node, findings);
		return;
	}

	if (callee.type === 'identifier' && timers.test(callee.text) && args[0] && !/function|arrow_function|identifier|member_expression/.test(args[0].type)) {
		findings.deny(`passes text to ${callee.text}, which runs it as code: ${snippet(node)}`);
	}
}

function judgeIdentifier(node: Node, findings: CodeFindings): void {
	const parent = node.parent;
	const name = node.text;
	if (codeGlobals.test(name)) {
		// `{eval: 1}` and `x.eval` are names of properties, not the global.
		if (parent?.type === 'pair' && parent.childForFieldName('key')?.equals(node)) return;
		findings.deny(`uses ${name}, which runs text as code: ${snippet(parent ?? node)}`);
		return;
	}

	if (name === 'require' && parent) {
		const called = parent.type === 'call_expression' && parent.childForFieldName('function')?.equals(node);
		const resolved = parent.type === 'member_expression' && parent.childForFieldName('property')?.text === 'resolve';
		if (!called && !resolved) findings.deny(`passes require around, which hides what it loads: ${snippet(parent)}`);
	}
}

function judgeMember(object: Node | null, property: string, node: Node, findings: CodeFindings): void {
	const base = object?.type === 'identifier' ? object.text : undefined;
	if (base && runtimeExec[base]?.test(property)) {
		findings.deny(`calls ${base}.${property}, which starts processes or reaches code by reflection: ${snippet(node)}`);
	} else if (execMembers.test(property) || (base === 'process' && /^(binding|_linkedBinding|dlopen|mainModule|getBuiltinModule|_getActiveHandles)$/.test(property))) {
		findings.deny(`uses ${property}, which starts processes or runs code: ${snippet(node)}`);
	} else if (deleteMembers.test(property)) {
		findings.confirm(`deletes files: ${snippet(node)}`);
	}
}

/** The value of a string or a template without substitutions; undefined when computed. */
function literal(node: Node): string | undefined {
	if (node.type !== 'string' && node.type !== 'template_string') return undefined;
	// Escapes (`'child\x5fprocess'`) and substitutions make the value computed as far as the rules are concerned.
	if (node.text.includes('\\') || node.namedChildren.some(child => child?.type === 'template_substitution')) return undefined;
	return node.text.slice(1, -1);
}
