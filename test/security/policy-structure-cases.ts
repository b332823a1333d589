import assert from 'node:assert/strict';
import type {Classifier, PaneContext} from '../../source/security/classify.js';

/** Expected class of a line: deny, or at least confirm (`flag`), or allow. */
export type Expect = 'deny' | 'flag' | 'allow';

/** Asserts every line's decision; collects all misses so one run shows them all. */
export function expectAll(classifier: Classifier, expect: Expect, lines: string[], context?: () => PaneContext): void {
	const misses: string[] = [];
	for (const line of lines) {
		const verdict = classifier.classify(line, context?.());
		const ok = expect === 'deny' ? verdict.decision === 'deny' : expect === 'allow' ? verdict.decision === 'allow' : verdict.decision !== 'allow';
		if (!ok) misses.push(`${JSON.stringify(line)} -> ${verdict.decision} (${verdict.rule}: ${verdict.reason})`);
	}

	assert.deepEqual(misses, [], `expected ${expect}`);
}
