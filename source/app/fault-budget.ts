/**
 * Counts unexpected errors over a sliding window. A few are survived (logged, the panes kept);
 * a storm of them means agentmux is stuck failing in a loop, which is the one state worth ending.
 */
export class FaultBudget {
	private readonly times: number[] = [];

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
	) {}

	/** Records one error; true when the budget is spent (more than `limit` within the window). */
	spend(now = performance.now()): boolean {
		this.times.push(now);
		while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) {
			this.times.shift();
		}

		return this.times.length > this.limit;
	}
}
