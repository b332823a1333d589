import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {loadWorkspace} from '../../source/config/workspace.js';
import {workspaceJsonSchema} from '../../source/config/workspace-json-schema.js';
import {treeRects} from '../../source/panes/layout-tree.js';
import {fromPackageRoot} from '../../source/security/package-root.js';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmux-workspace-tree-'));
after(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

function load(content: unknown) {
	const target = path.join(directory, 'ws.json');
	fs.writeFileSync(target, JSON.stringify(content));
	return loadWorkspace(target);
}

describe('workspace split trees', () => {
	it('reads nested splits with sizes: panes in order, the tree they fill', () => {
		const result = load({
			split: 'vertical',
			sizes: [60, 40],
			panes: [
				{name: 'agent', command: 'bash'},
				{
					split: 'horizontal',
					sizes: [1, 3],
					panes: [
						{name: 'tests', command: 'npm', args: ['test']},
						{name: 'shell', command: 'bash'},
					],
				},
			],
		});
		assert.ok(result.ok, JSON.stringify(result));
		assert.deepEqual(
			result.panes.map(pane => pane.name),
			['agent', 'tests', 'shell'],
		);
		assert.deepEqual(treeRects(result.tree!, {x: 0, y: 0, width: 100, height: 40}), [
			{x: 0, y: 0, width: 60, height: 40},
			{x: 60, y: 0, width: 40, height: 10},
			{x: 60, y: 10, width: 40, height: 30},
		]);
	});

	it('a flat workspace has no tree and keeps its named layout', () => {
		const result = load({layout: 'rows', panes: [{command: 'bash'}]});
		assert.ok(result.ok);
		assert.equal(result.tree, undefined);
		assert.equal(result.workspace.layout, 'rows');
	});

	it('says what is wrong, and where, as path: message', () => {
		const cases: Array<[unknown, RegExp]> = [
			[{split: 'vertical', sizes: [60], panes: [{command: 'a'}, {command: 'b'}]}, /ws\.json: sizes: one size per entry of "panes": 2 panes, 1 sizes/],
			[{split: 'vertical', panes: [{command: 'a'}, {split: 'diagonal', panes: [{command: 'b'}]}]}, /ws\.json: panes\.1\.split: Invalid option/],
			[{split: 'vertical', panes: [{command: 'a'}, {split: 'horizontal', panes: [{command: 'b', onExit: 'never'}]}]}, /ws\.json: panes\.1\.panes\.0\.onExit: Invalid option/],
			[{layout: 'tiled', split: 'vertical', panes: [{command: 'a'}]}, /ws\.json: split: give "layout" \(a named layout\) or "split"/],
			[{panes: [{command: 'a'}, {split: 'vertical', panes: [{command: 'b'}]}]}, /ws\.json: panes\.1: a nested split needs "split" at the top/],
			[{split: 'vertical', sizes: [1, -2], panes: [{command: 'a'}, {command: 'b'}]}, /ws\.json: sizes\.1: /],
		];
		for (const [content, expected] of cases) {
			const result = load(content);
			assert.ok(!result.ok, JSON.stringify(content));
			assert.ok(
				result.errors.some(line => expected.test(line)),
				`${JSON.stringify(content)} gave ${JSON.stringify(result.errors)}`,
			);
		}
	});

	it('agentmux.schema.json in the package is the one the zod schema makes (npm run schema writes it)', () => {
		assert.equal(fs.readFileSync(fromPackageRoot('agentmux.schema.json'), 'utf8'), workspaceJsonSchema());
		const packageJson = JSON.parse(fs.readFileSync(fromPackageRoot('package.json'), 'utf8')) as {files: string[]};
		assert.ok(packageJson.files.includes('agentmux.schema.json'));
	});
});
