import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {sliceAtLines} from '../../source/security/line-slices.js';

/** Lines of varied lengths joined by varied line ends. */
function sample(count: number): string {
	const ends = ['\n', '\r', '\r\n'];
	let text = '';
	for (let index = 0; index < count; index++) text += `${'w'.repeat((index * 37) % 90)}${index}${ends[index % 3]}`;
	return text;
}

function newlinesBefore(text: string, index: number): number {
	return text.slice(0, index).split('\n').length - 1;
}

describe('sliceAtLines', () => {
	it('without overlap, the slices put together are the text, each cut after a line end', () => {
		const text = sample(500);
		for (const max of [1, 50, 300, 4096, 1_000_000]) {
			const slices = sliceAtLines(text, max);
			assert.equal(slices.map(slice => slice.text).join(''), text, `max ${max}`);
			for (const slice of slices) {
				assert.equal(text.slice(slice.offset, slice.offset + slice.text.length), slice.text);
				assert.equal(slice.line, newlinesBefore(text, slice.offset) + 1);
				const last = slice.text.at(-1);
				assert.ok(slice.offset + slice.text.length === text.length || last === '\n' || last === '\r', 'cut at a line end');
				assert.ok(!(last === '\r' && text[slice.offset + slice.text.length] === '\n'), 'a CRLF is not split');
				if (slice.text.length > max) {
					assert.equal(slice.text.replace(/(\r\n|\r|\n)$/, '').search(/[\r\n]/), -1, 'only a single line may be longer than max');
				}
			}
		}
	});

	it('a line longer than the slice size is a slice of its own', () => {
		const text = `short\n${'x'.repeat(100)}\nend`;
		assert.deepEqual(
			sliceAtLines(text, 20).map(slice => slice.text),
			['short\n', `${'x'.repeat(100)}\n`, 'end'],
		);
	});

	it('with overlap, every part of the text is in a slice, and a block near a cut is whole in the next slice', () => {
		const block = '-----BEGIN KEY-----\nAAAA\nBBBB\n-----END KEY-----\n';
		const text = `${'line\n'.repeat(30)}${block}${'line\n'.repeat(30)}`;
		const slices = sliceAtLines(text, 170, 60);
		let covered = 0;
		for (const slice of slices) {
			assert.ok(slice.offset <= covered, 'no gap');
			covered = Math.max(covered, slice.offset + slice.text.length);
			assert.equal(slice.line, newlinesBefore(text, slice.offset) + 1);
		}

		assert.equal(covered, text.length);
		assert.ok(
			slices.some(slice => slice.text.includes(block)),
			'the block is whole in some slice',
		);
		for (let index = 1; index < slices.length; index++) assert.ok(slices[index]!.offset > slices[index - 1]!.offset, 'always forward');
	});

	it('the empty text has no slices', () => {
		assert.deepEqual(sliceAtLines('', 10), []);
	});
});
