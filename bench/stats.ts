/** The value below which a fraction p (0..1) of the sorted samples lie (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
	return sorted[rank]!;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rounds for the report: numbers stay numbers, NaN becomes null. */
export function round(value: number, digits = 2): number | null {
	if (!Number.isFinite(value)) {
		return null;
	}

	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

/** Resolves after ms milliseconds. */
export async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}
