import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {ConfirmDialog} from '../../source/panes/confirm-dialog.js';

// eslint-disable-next-line no-control-regex
const plain = (text: string | undefined) => (text ?? '').replaceAll(/\u001B\[[0-9;]*m/g, '');

test('the dialog shows its choices, the safe last one in capitals with Esc and Enter, wide enough for them', () => {
	const choices = [
		{key: 'o', label: 'allow once'},
		{key: 't', label: 'trust (saved)'},
		{key: 'b', label: 'block (saved)'},
		{key: 'n', label: "don't start"},
	];
	const {lastFrame, unmount} = render(
		<Box width={120} height={20}>
			<ConfirmDialog title="Start claude? MCP server" detail="runs: x" rule="mcp-unclassified" choices={choices} cols={120} rows={20} />
		</Box>,
	);
	const text = plain(lastFrame());
	unmount();
	assert.ok(text.includes("o allow once   t trust (saved)   b block (saved)   N don't start (Esc, Enter)"), text);
	assert.ok(!text.includes('y yes'), text);
	assert.ok(text.includes('rule: mcp-unclassified'), text);
});
