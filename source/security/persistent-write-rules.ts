import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {hasLong, optionPart, shortFlags} from './option-scan.js';
import {type CommandView, confirm, deny, type Hit} from './rule-types.js';
import {expandTilde, isStartupFile} from './startup-files.js';

/** A file (or folder, whose entries are written) a command writes. */
export interface WriteTarget {
	path: string;
	append: boolean;
	folder?: boolean;
}

// Short options of curl that take a value, so a cluster like `-sLo` ends at its value.
const curlValueLetters = 'oOdHuXAebcFTKEmwxyYzCrtUPQ';
const curlValueLong = new Set([
	'--output',
	'--output-dir',
	'--data',
	'--header',
	'--user',
	'--request',
	'--user-agent',
	'--referer',
	'--cookie',
	'--cookie-jar',
	'--form',
	'--upload-file',
	'--config',
	'--cert',
	'--max-time',
	'--write-out',
	'--proxy',
	'--range',
	'--url',
]);

function operandsOf(values: string[], valueOptions: Set<string>): string[] {
	const result: string[] = [];
	let ended = false;
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (ended || value === '-' || !value.startsWith('-')) result.push(value);
		else if (value === '--') ended = true;
		else if (valueOptions.has(value)) index++;
	}

	return result;
}

function urlName(url: string): string {
	const clean = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
	return clean.includes('/') ? clean.slice(clean.lastIndexOf('/') + 1) || 'index.html' : 'index.html';
}

function curlTargets(values: string[]): WriteTarget[] {
	const targets: WriteTarget[] = [];
	let remoteName = false;
	let outputDir: string | undefined;
	const urls: string[] = [];
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (value.startsWith('--')) {
			const [option, inline] = value.split(/=(.*)/s, 2) as [string, string | undefined];
			const next = inline ?? (curlValueLong.has(option) ? values[++index] : undefined);
			if (option === '--output' && next) targets.push({path: next, append: false});
			if (option === '--output-dir' && next) outputDir = next;
			if (option === '--remote-name' || option === '--remote-name-all') remoteName = true;
			if (option === '--url' && next) urls.push(next);
			continue;
		}

		if (value.startsWith('-') && value.length > 1) {
			for (let at = 1; at < value.length; at++) {
				const letter = value[at]!;
				if (letter === 'O') {
					remoteName = true;
					continue;
				}

				if (!curlValueLetters.includes(letter)) continue;
				const attached = value.slice(at + 1);
				const next = attached === '' ? values[++index] : attached;
				if (letter === 'o' && next) targets.push({path: next, append: false});
				break;
			}

			continue;
		}

		urls.push(value);
	}

	if (remoteName) for (const url of urls) targets.push({path: path.posix.join(outputDir ?? '.', urlName(url)), append: false});
	return targets.map(target => (outputDir && !target.path.startsWith('/') && !target.path.startsWith(outputDir) ? {...target, path: path.posix.join(outputDir, target.path)} : target));
}

function wgetTargets(values: string[]): WriteTarget[] {
	let document: string | undefined;
	let prefix: string | undefined;
	const urls: string[] = [];
	const valueShort = new Set(['-O', '-P', '-o', '-a', '-i', '-t', '-T', '-w', '-U', '-e', '-l', '-A', '-R', '-D', '-I', '-X', '-Q', '-B']);
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		const [option, inline] = value.startsWith('--') ? (value.split(/=(.*)/s, 2) as [string, string | undefined]) : [value.slice(0, 2), value.length > 2 ? value.slice(2) : undefined];
		if (!value.startsWith('-')) {
			urls.push(value);
			continue;
		}

		const takes = valueShort.has(option) || ['--output-document', '--directory-prefix', '--output-file', '--append-output', '--input-file'].includes(option);
		const next = inline ?? (takes ? values[++index] : undefined);
		if ((option === '-O' || option === '--output-document') && next) document = next;
		if ((option === '-P' || option === '--directory-prefix') && next) prefix = next;
	}

	if (document !== undefined) return document === '-' ? [] : [{path: prefix && !document.startsWith('/') ? path.posix.join(prefix, document) : document, append: false}];
	return urls.map(url => ({path: path.posix.join(prefix ?? '.', urlName(url)), append: false}));
}

/** Every file a command writes, in the spellings that matter for start-up files. */
export function writeTargets(view: CommandView): WriteTarget[] {
	const values = view.values;
	switch (view.name) {
		case 'sponge':
		case 'tee': {
			const append = shortFlags(values).has('a') || hasLong(values, '--append');
			return operandsOf(values, new Set()).map(file => ({path: file, append}));
		}

		case 'sed':
		case 'gsed': {
			if (!values.some(value => /^-[a-zA-Z]*i/.test(value) || value.startsWith('--in-place'))) return [];
			const scripted = values.some(value => /^(-e|-f|--expression|--file)/.test(value));
			const files = operandsOf(values, new Set(['-e', '-f', '--expression', '--file', '-l', '--line-length']));
			return (scripted ? files : files.slice(1)).map(file => ({path: file, append: false}));
		}

		case 'perl': {
			if (!optionPart(values).some(value => /^-[a-zA-Z]*i/.test(value))) return [];
			const files = operandsOf(values, new Set(['-e', '-E', '-I', '-M', '-m']));
			const inline = values.some(value => /^-[a-zA-Z]*[eE]/.test(value));
			return (inline ? files : files.slice(1)).map(file => ({path: file, append: false}));
		}

		case 'cp':
		case 'mv':
		case 'install':
		case 'ln':
		case 'rsync':
		case 'scp':
		case 'rclone': {
			const valueOptions = new Set([
				'-t',
				'-S',
				'--suffix',
				'-m',
				'--mode',
				'-o',
				'--owner',
				'-g',
				'--group',
				'-e',
				'--rsh',
				'-P',
				'-i',
				'-F',
				'-J',
				'-l',
				'-c',
				'-o',
				'--exclude',
				'--include',
				'--filter',
			]);
			const files = operandsOf(values, valueOptions).filter(file => !/^[\w.-]+@?[\w.-]*:/.test(file) || file.startsWith('/'));
			const option = values.findIndex(value => value === '-t' || value === '--target-directory');
			const inline = values.find(value => value.startsWith('--target-directory='))?.slice(19);
			const directory = inline ?? (option === -1 ? undefined : values[option + 1]);
			if (directory) return [{path: directory, append: false, folder: true}, ...files.map(file => ({path: path.posix.join(directory, path.posix.basename(file)), append: false}))];
			const target = operandsOf(values, valueOptions).at(-1);
			if (!target || operandsOf(values, valueOptions).length < 2 || /^[\w.-]+@?[\w.-]*:/.test(target)) return [];
			const sources = operandsOf(values, valueOptions).slice(0, -1);
			// A recursive copy into a folder puts files there whose names the line does not show.
			const recursive = /^-[a-zA-Z]*[rRa]/.test(values.find(value => /^-[a-zA-Z]*[rRa]/.test(value)) ?? '') || hasLong(values, '--recursive', '--archive');
			return [{path: target, append: false, folder: target.endsWith('/') || recursive}, ...sources.map(file => ({path: path.posix.join(target, path.posix.basename(file)), append: false}))];
		}

		case 'curl': {
			return curlTargets(values);
		}

		case 'wget':
		case 'wget2': {
			return wgetTargets(values);
		}

		case 'tar':
		case 'bsdtar':
		case 'gtar': {
			const index = values.findIndex(value => value === '-C' || value === '--directory');
			const inline = values.find(value => value.startsWith('--directory='))?.slice(12) ?? values.find(value => /^-C./.test(value))?.slice(2);
			const directory = inline ?? (index === -1 ? undefined : values[index + 1]);
			return directory ? [{path: directory, append: false, folder: true}] : [];
		}

		case 'unzip':
		case '7z':
		case 'bsdunzip': {
			const index = values.indexOf('-d');
			const directory = index === -1 ? values.find(value => /^-o./.test(value))?.slice(2) : values[index + 1];
			return directory ? [{path: directory, append: false, folder: true}] : [];
		}

		default: {
			return [];
		}
	}
}

/** Whether a folder target puts files straight into a home directory or a start-up folder. */
function startupFolder(folder: string, cwd: string | undefined): boolean {
	const expanded = expandTilde(folder);
	const absolute = expanded.startsWith('/') ? expanded : cwd ? path.posix.join(cwd, expanded) : expanded;
	const normal = path.posix.normalize(absolute).replace(/\/+$/, '') || '/';
	return normal === os.homedir() || /^\/(home|Users)\/[^/]+$/.test(normal) || normal === '/root' || isStartupFile(normal, cwd);
}

/** Writes to start-up and trust files (rc files, ssh keys, crontab, git hooks, units), whatever the spelling. */
export function persistentWriteHit(view: CommandView, cwd: string | undefined): Hit | undefined {
	if (view.name === 'crontab') {
		const values = view.values;
		if (values.some(value => /^-[a-zA-Z]*[lr]/.test(value))) return undefined;
		return confirm('startup-file-write', `'${view.text}' installs a crontab, which runs commands later`);
	}

	if (view.name === 'at' || view.name === 'batch') {
		if (view.values.some(value => /^-[lrdc]$/.test(value))) return undefined;
		return confirm('startup-file-write', `'${view.text}' schedules commands to run later`);
	}

	for (const target of writeTargets(view)) {
		const hit = target.folder ? startupFolder(target.path, cwd) : isStartupFile(target.path, cwd);
		if (hit) return confirm('startup-file-write', `'${view.text}' writes a start-up or trust file (${target.path}) that runs or admits code later`);
	}

	return undefined;
}

// Folders whose loss is the loss of the system or of the user's files.
const wholesaleRoots = new Set([
	'/',
	'/bin',
	'/boot',
	'/dev',
	'/etc',
	'/home',
	'/lib',
	'/lib32',
	'/lib64',
	'/opt',
	'/proc',
	'/root',
	'/sbin',
	'/srv',
	'/sys',
	'/usr',
	'/var',
	'/Users',
	'/System',
	'/Library',
	'/Applications',
	'/private',
	'/snap',
	'/mnt',
	'/media',
	'/usr/bin',
	'/usr/lib',
	'/usr/local',
	'/usr/share',
	'/usr/sbin',
	'/var/lib',
	'/etc/ssh',
]);

/** `/`, `~`, `$HOME`, a home or a top-level system folder, or everything in one (`/*`, `~/*`). */
export function isWholesale(value: string, cwd?: string, home = os.homedir()): boolean {
	const tilde = expandTilde(value, home);
	const expanded = tilde.startsWith('/') || cwd === undefined ? tilde : path.posix.join(cwd, tilde);
	if (!expanded.startsWith('/')) return false;
	const normal = path.posix.normalize(expanded).replace(/\/\*$/, '').replace(/\/+$/, '') || '/';
	return wholesaleRoots.has(normal) || normal === home || /^\/(home|Users)\/[^/]+$/.test(normal);
}

/** Deleting or opening up `/`, `~` or a system folder wholesale: never needed at a prompt. */
export function catastrophicHit(view: CommandView, cwd?: string): Hit | undefined {
	const values = view.values;
	const recursive = shortFlags(values).has('r') || shortFlags(values).has('R') || optionPart(values).some(value => /^--rec(u(r(s(i(ve?)?)?)?)?)?$/.test(value));
	const targets = () => operandsOf(values, new Set(['--preserve-root', '--reference', '--from']));
	switch (view.name) {
		case 'rm': {
			if (values.includes('--no-preserve-root')) return deny('catastrophic-delete', `'${view.text}' deletes the root filesystem`);
			const target = recursive ? targets().find(value => isWholesale(value, cwd)) : undefined;
			return target ? deny('catastrophic-delete', `'${view.text}' deletes ${target} wholesale`) : undefined;
		}

		case 'chmod':
		case 'chown':
		case 'chgrp': {
			const target = recursive
				? targets()
						.slice(1)
						.find(value => isWholesale(value, cwd))
				: undefined;
			return target ? deny('catastrophic-permission', `'${view.text}' changes permissions or owners of ${target} wholesale`) : undefined;
		}

		case 'find': {
			const start = values.find(value => !value.startsWith('-'));
			const deletes = values.includes('-delete') || values.some((value, index) => /^-(exec|execdir|ok)$/.test(value) && /^(\/\S*\/)?(rm|shred|unlink)$/.test(values[index + 1] ?? ''));
			return start && isWholesale(start, cwd) && deletes ? deny('catastrophic-delete', `'${view.text}' deletes ${start} wholesale`) : undefined;
		}

		case 'dd': {
			const output = values.find(value => value.startsWith('of='))?.slice(3);
			return output && isMountedDisk(output) ? deny('mounted-disk-write', `'${view.text}' overwrites a mounted disk (${output})`) : undefined;
		}

		case 'shred':
		case 'wipefs':
		case 'blkdiscard':
		case 'mkswap':
		case 'mke2fs': {
			const target = targets().find(value => isMountedDisk(value));
			return target ? deny('mounted-disk-write', `'${view.text}' destroys a mounted disk (${target})`) : undefined;
		}

		default: {
			if (/^mkfs(\..+)?$/.test(view.name)) {
				const target = targets().find(value => isMountedDisk(value));
				return target ? deny('mounted-disk-write', `'${view.text}' formats a mounted disk (${target})`) : undefined;
			}

			return undefined;
		}
	}
}

const diskDevice = /^\/dev\/(sd[a-z]+\d*|hd[a-z]\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+n\d+(p\d+)?|mmcblk\d+(p\d+)?|r?disk\d+(s\d+)?|md\d+|dm-\d+|mapper\/.+|root)$/;
// The first disk is the system disk on nearly every machine.
const systemDisk = /^\/dev\/(sda|hda|vda|xvda|nvme0n1|mmcblk0|r?disk0|root)(p?\d+|s\d+)?$/;
let mounts: string[] | undefined;

function mountedSources(): string[] {
	if (mounts) return mounts;
	try {
		mounts = readFileSync('/proc/mounts', 'utf8')
			.split('\n')
			.map(line => line.split(' ')[0] ?? '')
			.filter(source => source.startsWith('/dev/'));
	} catch {
		mounts = [];
	}

	return mounts;
}

/** A disk device that is mounted (or holds a mounted partition), or the system's first disk. */
export function isMountedDisk(value: string): boolean {
	if (!value.startsWith('/dev/')) return false;
	const normal = path.posix.normalize(value);
	if (!diskDevice.test(normal)) return false;
	if (systemDisk.test(normal)) return true;
	return mountedSources().some(source => source === normal || source.startsWith(normal));
}
