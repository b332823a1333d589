import process from 'node:process';

/** A small deterministic PRNG (xorshift32 with a splitmix-style seed scramble): the same seed gives the same run. */
export class SeededRandom {
	private state: number;

	constructor(readonly seed: number) {
		let mixed = (seed ^ 0x9e_37_79_b9) >>> 0;
		mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85_eb_ca_6b) >>> 0;
		mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2_b2_ae_35) >>> 0;
		this.state = (mixed ^ (mixed >>> 16)) >>> 0 || 1;
	}

	/** The next 32 random bits. */
	next(): number {
		let x = this.state;
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		this.state = x >>> 0;
		return this.state;
	}

	/** An integer in [0, below). */
	int(below: number): number {
		return below <= 1 ? 0 : this.next() % below;
	}

	/** An integer in [min, max]. */
	between(min: number, max: number): number {
		return min + this.int(max - min + 1);
	}

	/** A number in [0, 1). */
	fraction(): number {
		return this.next() / 0x1_00_00_00_00;
	}

	/** True with probability p. */
	chance(p: number): boolean {
		return this.fraction() < p;
	}

	/** One of the items. */
	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)]!;
	}

	/** A weighted choice: [weight, value] pairs. */
	weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
		const total = choices.reduce((sum, [weight]) => sum + weight, 0);
		let roll = this.int(total);
		for (const [weight, value] of choices) {
			if (roll < weight) {
				return value;
			}

			roll -= weight;
		}

		return choices.at(-1)![1];
	}
}

/** A seed from the clock, for runs that print it so they can be replayed. */
export function freshSeed(): number {
	return (Date.now() ^ (process.hrtime()[1] << 8)) >>> 0;
}
