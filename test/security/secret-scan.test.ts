import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {redact, redactText, scanSecrets, scanSecretsSync} from '../../source/security/secret-scan.js';
import {secretCases} from './fixtures.js';

for (const file of ['secret-sample.jsonl', 'secret-extra.jsonl']) {
	describe(`secret scan on ${file}`, () => {
		it('finds >= 95% of secrets and flags <= 5% of clean lines', async () => {
			const cases = secretCases(file);
			const missed: string[] = [];
			const flagged: string[] = [];
			let secrets = 0;
			let clean = 0;
			for (const testCase of cases) {
				const findings = await scanSecrets(testCase.text);
				if (testCase.expect === 'secret') {
					secrets++;
					if (findings.length === 0) missed.push(`${testCase.kind}: ${testCase.text}`);
				} else {
					clean++;
					if (findings.length > 0) flagged.push(`${testCase.text} -> ${findings.map(f => f.kind).join(',')}`);
				}
			}

			assert.ok(missed.length / secrets <= 0.05, `missed:\n${missed.join('\n')}`);
			assert.ok(flagged.length / clean <= 0.05, `flagged:\n${flagged.join('\n')}`);
		});

		it('the sync fast path alone finds >= 95% of secrets', () => {
			const cases = secretCases(file).filter(testCase => testCase.expect === 'secret');
			const missed = cases.filter(testCase => scanSecretsSync(testCase.text).length === 0);
			assert.ok(missed.length / cases.length <= 0.05, missed.map(testCase => testCase.text).join('\n'));
		});
	});
}

describe('redaction', () => {
	it('shows the kind and at most the last four characters', () => {
		assert.equal(redact('AKIAUJZDEGXDNCF32EPF', 'aws-access-key-id'), '[aws-access-key-id …2EPF]');
		assert.equal(redact('abc', 'x'), '[x]');
		assert.equal(redact('-----BEGIN RSA PRIVATE KEY-----', 'private-key'), '[private-key]');
	});

	it('replaces every finding and keeps the rest of the text', async () => {
		const text = 'export AWS_ACCESS_KEY_ID=AKIAUJZDEGXDNCF32EPF\nurl=postgres://admin:abUGJmGEp7CgQ0PB@db:5432/app';
		const findings = await scanSecrets(text);
		assert.deepEqual(
			findings.map(f => [f.kind, f.line]),
			[
				['aws-access-key-id', 1],
				['database-url-password', 2],
			],
		);
		const redacted = redactText(text, findings);
		assert.equal(redacted, 'export AWS_ACCESS_KEY_ID=[aws-access-key-id …2EPF]\nurl=postgres://admin:[database-url-password …Q0PB]@db:5432/app');
		assert.doesNotMatch(redacted, /AKIAUJZDEGXD|abUGJmGEp7Cg/);
		assert.equal(text.slice(findings[0]!.start, findings[0]!.end), 'AKIAUJZDEGXDNCF32EPF');
	});

	it('returns nothing for empty text', async () => {
		assert.deepEqual(await scanSecrets(''), []);
	});
});
