import {lintSource} from '@secretlint/core';
import {creator as recommendedPreset} from '@secretlint/secretlint-rule-preset-recommend';
import {isExampleValue, secretPatterns} from './secret-patterns.js';

/** A secret found in text. Offsets are string indices; `line` is 1-based. */
export interface SecretFinding {
	kind: string;
	line: number;
	/** `[kind …last4]`: safe to show and to log. */
	redacted: string;
	start: number;
	end: number;
}

/** Replacement text for a secret: its kind and at most its last four characters. */
export function redact(value: string, kind = 'secret'): string {
	// Short values would be half revealed by four characters; PEM blocks end in dashes.
	const shown = kind === 'private-key' ? 0 : Math.min(4, Math.floor(value.length / 4));
	return shown > 0 ? `[${kind} …${value.slice(-shown)}]` : `[${kind}]`;
}

/** Text with every finding replaced by its redaction (overlaps merged). */
export function redactText(text: string, findings: readonly SecretFinding[]): string {
	const sorted = [...findings].sort((a, b) => a.start - b.start);
	let result = '';
	let at = 0;
	for (const finding of sorted) {
		if (finding.end <= at) continue;
		result += text.slice(at, Math.max(at, finding.start));
		result += finding.start >= at ? finding.redacted : '';
		at = finding.end;
	}

	return result + text.slice(at);
}

function lineOf(text: string, index: number): number {
	let line = 1;
	for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
	return line;
}

function overlaps(a: {start: number; end: number}, b: {start: number; end: number}): boolean {
	return a.start < b.end && b.start < a.end;
}

function finding(text: string, kind: string, start: number, end: number): SecretFinding {
	return {kind, line: lineOf(text, start), redacted: redact(text.slice(start, end), kind), start, end};
}

/** Synchronous scan with the built-in token patterns only (for the input gate's hot path). */
export function scanSecretsSync(text: string): SecretFinding[] {
	const found: SecretFinding[] = [];
	for (const {kind, pattern, accept} of secretPatterns) {
		for (const match of text.matchAll(pattern)) {
			const secret = match.groups?.secret ?? match[0];
			const start = match.index + (match.groups?.secret === undefined ? 0 : match[0].lastIndexOf(secret));
			const span = {start, end: start + secret.length};
			if ((accept && !accept(secret)) || isExampleValue(secret)) continue;
			if (found.some(other => overlaps(other, span))) continue;
			found.push(finding(text, kind, span.start, span.end));
		}
	}

	return found.sort((a, b) => a.start - b.start);
}

const secretlintConfig = {rules: [{id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset}]};

function kebab(value: string): string {
	return value
		.replaceAll(/([a-z\d])([A-Z])/g, '$1-$2')
		.replaceAll(/[^a-zA-Z\d]+/g, '-')
		.replaceAll(/^-|-$/g, '')
		.toLowerCase();
}

/**
 * Full scan: the built-in patterns plus secretlint's recommended preset.
 * Where both report the same span, the built-in (more specific) kind is kept.
 */
export async function scanSecrets(text: string): Promise<SecretFinding[]> {
	const found = scanSecretsSync(text);
	if (text.trim() === '') return found;
	const result = await lintSource({
		source: {content: text, filePath: '/agentmux/input.txt', ext: '.txt', contentType: 'text'},
		options: {config: secretlintConfig, noPhysicFilePath: true},
	});
	for (const message of result.messages) {
		const [start, end] = message.range;
		const span = {start, end};
		if (found.some(other => overlaps(other, span)) || isExampleValue(text.slice(start, end))) continue;
		found.push(finding(text, kebab(message.messageId), start, end));
	}

	return found.sort((a, b) => a.start - b.start);
}
