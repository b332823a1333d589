import assert from 'node:assert/strict';
import {test} from 'node:test';
import {builtinProfiles, ProfileError, resolveProfile} from '../../source/agents/builtin-profiles.js';
import {userProfilesSchema} from '../../source/agents/profile-schema.js';

test('all six built-in profiles are valid and resolvable', () => {
	assert.deepEqual([...builtinProfiles.keys()].sort(), ['aider', 'claude', 'codex', 'gemini', 'opencode', 'shell']);
	assert.deepEqual(resolveProfile('claude').resumeArgs, ['--continue']);
	assert.deepEqual(resolveProfile('codex').resumeArgs, ['resume', '--last']);
	assert.deepEqual(resolveProfile('gemini').resumeArgs, ['--resume', 'latest']);
	assert.ok(resolveProfile('claude').env.includes('ANTHROPIC_API_KEY'));
	assert.equal(resolveProfile('shell', {}, {shell: '/bin/zsh'}).command, '/bin/zsh');
});

test('an unknown profile is an error naming the built-ins', () => {
	assert.throws(
		() => resolveProfile('nope'),
		(error: unknown) => error instanceof ProfileError && /^profiles\.nope: no such profile/.test(error.issues[0]!),
	);
});

test('a user profile overrides a built-in field by field', () => {
	const profile = resolveProfile('claude', {claude: {args: ['--model', 'opus'], screen: {busy: ['working']}}});
	assert.deepEqual(profile.args, ['--model', 'opus']);
	assert.deepEqual(profile.screen.busy, ['working']);
	assert.deepEqual(profile.screen.waiting, builtinProfiles.get('claude')!.screen.waiting);
	assert.equal(profile.hooks, 'claude');
});

test('a new user profile can extend a built-in', () => {
	const profile = resolveProfile('work-claude', {'work-claude': {extends: 'claude', command: '/opt/claude'}});
	assert.equal(profile.name, 'work-claude');
	assert.equal(profile.command, '/opt/claude');
	assert.ok(profile.approval);
});

test('bad user profiles give path: message', () => {
	assert.throws(
		() => resolveProfile('x', {x: {command: 'x', screen: {busy: ['(unclosed']}}}),
		(error: unknown) => error instanceof ProfileError && /^profiles\.x\.screen\.busy\.0: not a valid regular expression/.test(error.issues[0]!),
	);
	assert.throws(
		() => resolveProfile('x', {x: {args: []}}),
		(error: unknown) => error instanceof ProfileError && /^profiles\.x\.command: /.test(error.issues[0]!),
	);
	assert.throws(() => resolveProfile('x', {x: {extends: 'nothing', command: 'x'}}), /profiles\.x\.extends: no built-in profile/);
	assert.throws(
		() => resolveProfile('x', {x: {command: 'x', approval: {prompt: 'ok', command: {start: 'a', search: 'up', end: 'b'}, approveKeys: ['ctrl+y']}}} as never),
		(error: unknown) => error instanceof ProfileError && /^profiles\.x\.approval\.approveKeys\.0: a key is/.test(error.issues[0]!),
	);
	const parsed = userProfilesSchema.safeParse({'Bad Name': {}});
	assert.equal(parsed.success, false);
	const unknownField = userProfilesSchema.safeParse({x: {comand: 'typo'}});
	assert.equal(unknownField.success, false);
});
