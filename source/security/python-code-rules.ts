import type {Node, Tree} from 'web-tree-sitter';
import {CodeFindings, type CodeJudgment, snippet, walkNodes} from './code-judgment.js';

// Modules whose purpose is running other programs or loading code at run time.
const processModules = new Set([
	'subprocess',
	'pty',
	'ctypes',
	'cffi',
	'commands',
	'popen2',
	'runpy',
	'importlib',
	'imp',
	'builtins',
	'__builtin__',
	'code',
	'codeop',
	'pexpect',
	'sh',
	'plumbum',
	'sarge',
	'invoke',
	'fabric',
	'paramiko',
	'pdb',
	'pickle',
	'cPickle',
	'marshal',
	'dill',
	'shelve',
	'multiprocessing.popen_spawn_posix',
	'_posixsubprocess',
	'posix',
	'nt',
	'spawn',
]);

// Module attributes that start processes or run code from data.
const moduleExec: Record<string, RegExp> = {
	os: /^(system|popen[234]?|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?|fork|forkpty|startfile)$/,
	asyncio: /^create_subprocess_(shell|exec)$/,
	platform: /^popen$/,
	sys: /^(modules|_getframe|settrace|setprofile|addaudithook|breakpointhook)$/,
	types: /^(FunctionType|CodeType|LambdaType)$/,
	timeit: /^(timeit|repeat|Timer)$/,
	operator: /^(attrgetter|methodcaller)$/,
	gc: /^(get_objects|get_referrers|get_referents)$/,
	inspect: /^(currentframe|stack|getmembers)$/,
};

// Module attributes that delete files.
const moduleDelete: Record<string, RegExp> = {
	os: /^(remove|unlink|rmdir|removedirs|truncate|kill|killpg)$/,
	shutil: /^(rmtree|move)$/,
};

// Attribute names that start processes whatever they are called on (the receiver
// is often hidden: `__import__('os').system`, a variable, a call result).
const execAttributes =
	/^(popen[234]?|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?|forkpty|startfile|create_subprocess_(shell|exec)|subprocess_(shell|exec)|check_output|check_call|getoutput|getstatusoutput|Popen|run_command)$/;
// `x.system(...)` on anything not known to be a harmless module (platform.system is).
const systemAttribute = /^system$/;
// Reflection: reaching code objects, frames, globals and builtins through attributes.
const reflectionAttributes =
	/^(__dict__|__class__|__bases__|__base__|__mro__|__subclasses__|__globals__|__builtins__|__code__|__closure__|__getattribute__|__import__|__loader__|__spec__|__reduce__|__reduce_ex__|__init_subclass__|__self__|__func__|func_globals|f_globals|f_locals|f_builtins|f_back|gi_frame|gi_code|cr_frame|co_code|tb_frame)$/;
const deleteAttributes = /^(unlink|rmdir|rmtree)$/;
// Builtins that run text as code or reach objects by a computed name.
const codeBuiltins = /^(exec|eval|compile|execfile|__import__|globals|locals|vars|__builtins__|__builtin__|__loader__|__spec__|getattr|setattr|delattr|breakpoint|reload|attrgetter|methodcaller)$/;

const judged = ['import_statement', 'import_from_statement', 'future_import_statement', 'exec_statement', 'identifier', 'attribute', 'call'];
const binders = ['import_statement', 'import_from_statement', 'assignment'];

/** Judges Python code from its syntax tree. */
export function judgePython(tree: Tree): CodeJudgment {
	const findings = new CodeFindings();
	if (tree.rootNode.hasError) {
		findings.confirm('cannot be parsed as Python');
	}

	const modules = bindings(tree.rootNode);
	for (const node of walkNodes(tree.rootNode, judged, codeBuiltins)) {
		if (findings.settled) break;
		switch (node.type) {
			case 'import_statement':
			case 'import_from_statement':
			case 'future_import_statement': {
				judgeImport(node, findings);
				break;
			}

			case 'exec_statement': {
				findings.deny(`runs text as code: ${snippet(node)}`);
				break;
			}

			case 'identifier': {
				judgeName(node, modules, findings);
				break;
			}

			case 'attribute': {
				judgeAttribute(node, modules, findings);
				break;
			}

			case 'call': {
				judgeCall(node, modules, findings);
				break;
			}

			default: {
				break;
			}
		}
	}

	return findings.result;
}

/** Local names bound to modules: `import os as o`, `p = platform`, `from os import path`. */
function bindings(root: Node): Map<string, string> {
	const names = new Map<string, string>();
	for (const node of walkNodes(root, binders)) {
		if (node.type === 'import_statement') {
			for (const name of node.childrenForFieldName('name')) {
				if (!name) continue;
				if (name.type === 'aliased_import') {
					const module = name.childForFieldName('name')?.text;
					const alias = name.childForFieldName('alias')?.text;
					if (module && alias) names.set(alias, module);
				} else {
					const root = name.text.split('.')[0]!;
					names.set(root, root);
				}
			}
		} else if (node.type === 'import_from_statement') {
			const module = node.childForFieldName('module_name')?.text ?? '';
			for (const name of node.childrenForFieldName('name')) {
				if (!name) continue;
				const imported = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
				const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
				if (imported && alias) names.set(alias, `${module}.${imported}`);
			}
		} else if (node.type === 'assignment') {
			const left = node.childForFieldName('left');
			const right = node.childForFieldName('right');
			if (left?.type === 'identifier' && right?.type === 'identifier' && names.has(right.text)) {
				names.set(left.text, names.get(right.text)!);
			}
		}
	}

	return names;
}

function judgeImport(node: Node, findings: CodeFindings): void {
	const modules: string[] = [];
	if (node.type === 'import_from_statement') {
		const module = node.childForFieldName('module_name')?.text ?? '';
		modules.push(module);
		const wildcard = node.namedChildren.some(child => child?.type === 'wildcard_import');
		const root = module.split('.')[0]!;
		if (wildcard && (moduleExec[root] || processModules.has(root))) {
			findings.deny(`imports every name of ${module}, process functions included`);
			return;
		}

		for (const name of node.childrenForFieldName('name')) {
			const imported = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
			if (!imported) continue;
			if (moduleExec[root]?.test(imported)) findings.deny(`imports ${module}.${imported}, which starts processes or runs code`);
			else if (moduleDelete[root]?.test(imported)) findings.confirm(`imports ${module}.${imported}, which deletes files or signals processes`);
		}
	} else {
		for (const name of node.childrenForFieldName('name')) {
			const module = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
			if (module) modules.push(module);
		}
	}

	for (const module of modules) {
		if (processModules.has(module) || processModules.has(module.split('.')[0]!)) {
			findings.deny(`imports ${module}, which starts processes or loads code`);
		}
	}
}

function judgeName(node: Node, modules: Map<string, string>, findings: CodeFindings): void {
	const parent = node.parent;
	if (!parent) return;
	// Not a use of the name: `x.eval`, `f(eval=1)`, `def eval():`, parameters, import lists.
	if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.equals(node)) return;
	if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.equals(node)) return;
	if (/^(function_definition|class_definition)$/.test(parent.type) && parent.childForFieldName('name')?.equals(node)) return;
	if (/parameter|dotted_name|aliased_import/.test(parent.type)) return;
	const name = node.text;
	if (!codeBuiltins.test(name) || modules.has(name)) return;
	if (parent.type === 'call' && parent.childForFieldName('function')?.equals(node) && /^(getattr|setattr|delattr)$/.test(name)) {
		return; // Judged with its arguments in judgeCall.
	}

	if (name === 'breakpoint' || name === 'reload') {
		findings.confirm(`calls ${name}, which runs code it is given later`);
		return;
	}

	findings.deny(`uses ${name}, which runs text as code or reaches objects by a computed name: ${snippet(parent)}`);
}

/** The module a name or dotted attribute stands for, if known. */
function moduleOf(node: Node | null, modules: Map<string, string>): string | undefined {
	if (!node) return undefined;
	if (node.type === 'identifier') return modules.get(node.text);
	if (node.type === 'attribute') {
		const base = moduleOf(node.childForFieldName('object'), modules);
		const attribute = node.childForFieldName('attribute')?.text;
		return base && attribute ? `${base}.${attribute}` : undefined;
	}

	return undefined;
}

function judgeMember(receiver: Node | null, attribute: string, modules: Map<string, string>, findings: CodeFindings, shown: Node): void {
	const module = moduleOf(receiver, modules);
	const root = module?.split('.')[0];
	if (reflectionAttributes.test(attribute)) {
		findings.deny(`reaches into objects by reflection: ${snippet(shown)}`);
		return;
	}

	if (root && moduleExec[root]?.test(attribute) && module === root) {
		findings.deny(`calls ${root}.${attribute}, which starts processes or runs code: ${snippet(shown)}`);
		return;
	}

	if (root && processModules.has(root)) {
		findings.deny(`uses ${module}.${attribute}, which starts processes or loads code`);
		return;
	}

	if (execAttributes.test(attribute)) {
		findings.deny(`calls ${attribute}, which starts processes: ${snippet(shown)}`);
		return;
	}

	// `platform.system()` names the OS; `system` on anything else may be os.system in disguise.
	if (systemAttribute.test(attribute) && module === undefined) {
		findings.deny(`calls ${attribute} on an object that may be os: ${snippet(shown)}`);
		return;
	}

	if ((root && moduleDelete[root]?.test(attribute) && module === root) || (!module && deleteAttributes.test(attribute))) {
		findings.confirm(/kill/.test(attribute) ? `signals processes: ${snippet(shown)}` : `deletes files: ${snippet(shown)}`);
	}
}

function judgeAttribute(node: Node, modules: Map<string, string>, findings: CodeFindings): void {
	const attribute = node.childForFieldName('attribute')?.text;
	if (attribute) judgeMember(node.childForFieldName('object'), attribute, modules, findings, node);
}

function judgeCall(node: Node, modules: Map<string, string>, findings: CodeFindings): void {
	const callee = node.childForFieldName('function');
	if (callee?.type !== 'identifier' || modules.has(callee.text)) return;
	if (!/^(getattr|setattr|delattr)$/.test(callee.text)) return;
	const args = node.childForFieldName('arguments')?.namedChildren.filter((child): child is Node => child !== null) ?? [];
	const name = args[1] ? literal(args[1]) : undefined;
	if (name === undefined) {
		findings.deny(`uses ${callee.text} with a computed attribute name, which hides what it reaches: ${snippet(node)}`);
		return;
	}

	judgeMember(args[0] ?? null, name, modules, findings, node);
}

/** The value of a plain string literal (no interpolation), or undefined. */
function literal(node: Node): string | undefined {
	if (node.type === 'concatenated_string') {
		let value = '';
		for (const part of node.namedChildren) {
			const piece = part ? literal(part) : undefined;
			if (piece === undefined) return undefined;
			value += piece;
		}

		return value;
	}

	if (node.type !== 'string') return undefined;
	// Escapes (`"sys\x74em"`) and f-strings are computed names as far as the rules are concerned.
	if (node.namedChildren.some(child => child?.type === 'interpolation') || node.text.includes('\\')) return undefined;
	return node.namedChildren
		.filter(child => child?.type === 'string_content')
		.map(child => child!.text)
		.join('');
}
