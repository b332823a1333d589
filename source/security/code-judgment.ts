import type {Node} from 'web-tree-sitter';

/** What reading a program's text found: the strongest finding wins. */
export interface CodeJudgment {
	decision: 'allow' | 'confirm' | 'deny';
	/** What the code does, for the reason shown to the user ("calls os.system"). */
	what: string;
}

const rank = {allow: 0, confirm: 1, deny: 2} as const;

/** Collects findings while a tree is walked; keeps the first of the strongest. */
export class CodeFindings {
	private best: CodeJudgment = {decision: 'allow', what: 'plain computation'};

	deny(what: string): void {
		this.add({decision: 'deny', what});
	}

	confirm(what: string): void {
		this.add({decision: 'confirm', what});
	}

	get result(): CodeJudgment {
		return this.best;
	}

	/** A deny was found, so walking further cannot change the verdict. */
	get settled(): boolean {
		return this.best.decision === 'deny';
	}

	private add(finding: CodeJudgment): void {
		if (rank[finding.decision] > rank[this.best.decision]) this.best = finding;
	}
}

/**
 * The nodes of the wanted types, in document order; identifiers only when
 * their text matches `names`. One call into the parser's wasm for the whole
 * tree: stepping a cursor node by node costs several times the parse.
 */
export function walkNodes(root: Node, wanted: readonly string[], names?: RegExp): Node[] {
	const found = root.descendantsOfType(wanted as string[]).filter((node): node is Node => node !== null);
	return names ? found.filter(node => node.type !== 'identifier' || names.test(node.text)) : found;
}

/** Shortens code for a reason text. */
export function snippet(node: Node): string {
	const text = node.text.replaceAll(/\s+/g, ' ');
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
