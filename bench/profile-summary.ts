import fs from 'node:fs';
import path from 'node:path';
import {round} from './stats.js';

type ProfileNode = {
	id: number;
	callFrame: {functionName: string; url: string; lineNumber: number};
	hitCount?: number;
};

type CpuProfile = {nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[]};

export type Hotspot = {function: string; where: string; selfMs: number; selfPercent: number};

/** Shortens a script URL to the part that says where it is (package or project file). */
function shortUrl(url: string): string {
	const modules = url.lastIndexOf('node_modules/');
	if (modules !== -1) {
		return url.slice(modules + 'node_modules/'.length);
	}

	const dist = url.lastIndexOf('/dist/');
	return dist === -1 ? url : url.slice(dist + 1);
}

/** The top self-time functions of a .cpuprofile, merged by function and place. */
export function summariseProfile(file: string, top = 15): {file: string; totalMs: number; hotspots: Hotspot[]} {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map(node => [node.id, node]));
	const selfUs = new Map<number, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	for (const [index, id] of samples.entries()) {
		// A sample's time is the gap to the next sample.
		const delta = deltas[index + 1] ?? 0;
		selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, delta));
	}

	const merged = new Map<string, {function: string; where: string; us: number}>();
	for (const [id, us] of selfUs) {
		const frame = byId.get(id)?.callFrame;
		if (!frame) {
			continue;
		}

		const name = frame.functionName || '(anonymous)';
		const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
		const key = `${name}@${where}`;
		const entry = merged.get(key) ?? {function: name, where, us: 0};
		entry.us += us;
		merged.set(key, entry);
	}

	const totalUs = profile.endTime - profile.startTime;
	const hotspots = [...merged.values()]
		.sort((a, b) => b.us - a.us)
		.slice(0, top)
		.map(entry => ({function: entry.function, where: entry.where, selfMs: round(entry.us / 1000, 1)!, selfPercent: round((entry.us / totalUs) * 100, 1)!}));
	return {file: path.basename(file), totalMs: round(totalUs / 1000, 0)!, hotspots};
}
