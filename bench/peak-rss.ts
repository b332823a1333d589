import fs from 'node:fs';
import {cpuTicks} from './outer-terminal.js';
import {round} from './stats.js';

/** A field of /proc/PID/status in kB (VmHWM, VmRSS), or undefined when the process is gone. */
export function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Follows one process's peak resident set (the kernel's VmHWM) while it runs.
 * The high-water mark is only readable while the process lives, so it is read
 * every `intervalMs`: the last reading before exit is the peak up to then.
 */
export class PeakRss {
	private peakKb = 0;
	private pid: number | undefined;
	private readonly timer: NodeJS.Timeout;

	constructor(findPid: () => Promise<number | undefined>, intervalMs = 50) {
		void findPid().then(pid => {
			this.pid = pid;
			this.sample();
		});
		this.timer = setInterval(() => {
			this.sample();
		}, intervalMs);
	}

	/** Stops sampling; returns the peak in MB (null when the process was never seen). */
	stop(): number | null {
		this.sample();
		clearInterval(this.timer);
		return this.peakKb === 0 ? null : round(this.peakKb / 1024, 1);
	}

	private sample(): void {
		if (this.pid === undefined) {
			return;
		}

		this.peakKb = Math.max(this.peakKb, statusKb(this.pid, 'VmHWM') ?? 0);
	}
}

/**
 * Follows the CPU time of a set of processes while they run: the last reading
 * of each before it exits. For a loaded machine, where wall time says less.
 */
export class CpuTime {
	private readonly ticks = new Map<number, number>();
	private pids: number[] = [];
	private readonly timer: NodeJS.Timeout;

	constructor(
		findPids: () => Promise<number[]>,
		private readonly clockTicksPerSecond: number,
		intervalMs = 50,
	) {
		void findPids().then(pids => {
			this.pids = pids;
			this.sample();
		});
		this.timer = setInterval(() => {
			this.sample();
		}, intervalMs);
	}

	/** Stops sampling; returns the CPU time in ms (null when no process was seen). */
	stop(): number | null {
		this.sample();
		clearInterval(this.timer);
		if (this.ticks.size === 0) {
			return null;
		}

		const total = [...this.ticks.values()].reduce((sum, value) => sum + value, 0);
		return round((total / this.clockTicksPerSecond) * 1000, 0);
	}

	private sample(): void {
		for (const pid of this.pids) {
			const ticks = cpuTicks(pid);
			if (ticks > 0) {
				this.ticks.set(pid, Math.max(this.ticks.get(pid) ?? 0, ticks));
			}
		}
	}
}
