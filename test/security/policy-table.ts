import assert from 'node:assert/strict';
import type {Classifier} from '../../source/security/classify.js';

/** `allow`, `confirm`, `deny`, or `flag` for "confirm or deny". */
export type Expectation = 'allow' | 'confirm' | 'deny' | 'flag';

/** Checks each `[expectation, command line]` row; every miss is listed in one failure. */
export function assertTable(classifier: Classifier, rows: Array<[Expectation, string]>): void {
	assert.ok(rows.length > 0, 'the table has rows');
	const misses: string[] = [];
	for (const [expect, command] of rows) {
		const verdict = classifier.classify(command);
		const ok = expect === 'flag' ? verdict.decision !== 'allow' : verdict.decision === expect;
		if (!ok) misses.push(`expected ${expect}: ${command} -> ${verdict.decision} (${verdict.rule})`);
	}

	assert.deepEqual(misses, []);
}
