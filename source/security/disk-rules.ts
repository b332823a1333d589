import {isOn, optionSpec, parseArgs} from './getopt.js';
import {type CommandView, confirm, type Hit, type Rule} from './rule-types.js';

const diskHit = (view: CommandView, what: string): Hit => confirm('disk-destroy', `'${view.text}' ${what}`);
const always =
	(what: string): Rule =>
	view =>
		diskHit(view, what);

/** A rule that fires when the first operand (the subcommand) is one of `actions`. */
const action = (actions: RegExp, what: string, values = ''): Rule => {
	const spec = optionSpec(values, {abbreviate: false});
	return view => {
		const [first] = parseArgs(view.values, spec).operands;
		return first !== undefined && actions.test(first) ? diskHit(view, what) : undefined;
	};
};

/** Partition editors: listing is harmless, anything else may rewrite the table. */
const partitionEditor = (listing: string): Rule => {
	const spec = optionSpec(listing, {abbreviate: false});
	return view => {
		const parsed = parseArgs(view.values, spec);
		if (parsed.options.length > 0 && parsed.options.every(option => option.name === 'list' || option.name === 'l' || option.name === 'print' || option.name === 'version' || option.name === 'help'))
			return undefined;
		if (view.name === 'parted' && /^(print|p|help|version)$/.test(parsed.operands.at(-1) ?? '') && parsed.operands.length <= 2) return undefined;
		return confirm('partition-table', `'${view.text}' edits a partition table`);
	};
};

const sgdisk: Rule = view => {
	const parsed = parseArgs(view.values, optionSpec('-p|--print -l|--list -v|--verify -i=|--info= -V|--version -h|--help -P|--pretend -O|--print-mbr', {abbreviate: true}));
	const readOnly =
		isOn(parsed, 'pretend') ||
		(parsed.options.length > 0 && parsed.options.every(option => ['print', 'verify', 'info', 'version', 'help', 'print-mbr'].includes(option.name)) && parsed.unknown.length === 0);
	return readOnly ? undefined : confirm('partition-table', `'${view.text}' edits or zaps a partition table`);
};

/** Rules for disks, file systems and volumes: formatting and wiping destroy data. */
export const diskRules: Record<string, Rule> = {
	blkdiscard: always('discards every block of a device'),
	wipefs: view => {
		const parsed = parseArgs(view.values, optionSpec('-a|--all -o=|--offset= -n|--no-act -f|--force -t=|--types= -b|--backup=? -q|--quiet -p|--parsable -J|--json -O=|--output= -i|--noheadings'));
		return (isOn(parsed, 'all') || parsed.options.some(option => option.name === 'offset')) && !isOn(parsed, 'no-act') ? confirm('wipefs', `'${view.text}' erases filesystem signatures`) : undefined;
	},
	shred: always('destroys file contents beyond recovery'),
	mkdosfs: always('creates a filesystem, erasing the device'),
	mkswap: always('formats a device as swap'),
	mke2fs: always('creates a filesystem, erasing the device'),
	newfs: always('creates a filesystem, erasing the device'),
	newfs_msdos: always('creates a filesystem, erasing the device'),
	badblocks: view => (view.values.some(value => /^-[a-zA-Z]*w/.test(value)) ? diskHit(view, 'overwrites every block of a device') : undefined),
	cryptsetup: action(
		/^(luksFormat|erase|luksErase|luksKillSlot|luksRemoveKey|reencrypt)$/,
		'formats or erases an encrypted volume',
		'--type= -c=|--cipher= -s=|--key-size= -d=|--key-file= --header= -q|--batch-mode',
	),
	zpool: action(/^(destroy|labelclear|detach|remove|offline|split|create)$/, 'destroys or changes a ZFS pool', '-f'),
	zfs: action(/^(destroy|rollback|promote)$/, 'destroys ZFS data'),
	lvremove: always('removes a logical volume'),
	vgremove: always('removes a volume group'),
	pvremove: always('removes a physical volume'),
	lvreduce: always('shrinks a logical volume'),
	mdadm: view => (view.values.some(value => /^(--zero-superblock|--create|-C|--remove|--fail|--stop|-S)$/.test(value)) ? diskHit(view, 'changes or erases a RAID array') : undefined),
	nvme: action(/^(format|sanitize|delete-ns|detach-ns)$/, 'formats or sanitizes an NVMe drive'),
	hdparm: view =>
		view.values.some(value => /^--(security-erase|security-erase-enhanced|trim-sector-ranges|make-bad-sector|write-sector|dco-restore|user-master|security-set-pass)/.test(value))
			? diskHit(view, 'erases or rewrites a drive')
			: undefined,
	sgdisk,
	gdisk: partitionEditor('-l|--list'),
	fdisk: partitionEditor('-l|--list -h|--help -V|--version'),
	sfdisk: partitionEditor('-l|--list -d|--dump -J|--json -s|--show-size -g|--show-geometry -V|--verify -h|--help -v|--version'),
	cfdisk: always('edits a partition table'),
	parted: partitionEditor('-l|--list -h|--help -v|--version -s|--script -m|--machine'),
	diskutil: action(/^(erase\w*|zeroDisk|secureErase|partitionDisk|reformat|deleteVolume|apfs)$/i, 'erases or repartitions a disk'),
	flashrom: view => (view.values.some(value => /^(-w|--write|-E|--erase)$/.test(value)) ? diskHit(view, 'rewrites firmware flash') : undefined),
	dmsetup: action(/^(remove|remove_all|wipe_table)$/, 'removes device-mapper devices'),
};

/** Whether a command name makes a filesystem (`mkfs`, `mkfs.ext4`, `mkfs.vfat`, …). */
export function isMkfs(name: string): boolean {
	return /^mkfs(\..+)?$|^mkfs_\w+$/.test(name);
}
