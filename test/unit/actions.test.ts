import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {actions, helpLinesFor, hintsFor} from '../../source/app/actions.js';
import {prefixActions, resolveBindings, settingsSchema} from '../../source/config/settings-schema.js';

describe('the action table', () => {
	it('has exactly one row per prefix action, each with default keys and a help line', () => {
		assert.deepEqual(actions.map(action => action.name).sort(), [...prefixActions].sort());
		for (const action of actions) {
			assert.ok(action.defaultKeys.length > 0, action.name);
			assert.ok(action.help.length > 0, action.name);
		}
	});

	it('gives the settings their default bindings (prefix d detaches)', () => {
		const bindings = resolveBindings(settingsSchema.parse({}));
		assert.deepEqual(bindings.detach, [{name: 'd', ctrl: false, alt: false, shift: false}]);
		assert.equal(bindings.quit[0]!.name, 'q');
	});

	it("help lines and status-bar hints follow the user's bindings and prefix", () => {
		const settings = settingsSchema.parse({prefix: 'ctrl+a', bindings: {help: ['h'], detach: ['e', 'ctrl+d'], 'new-pane': ['m']}});
		const bindings = resolveBindings(settings);
		const hints = hintsFor(settings.prefix, bindings);
		assert.match(hints.normal, /^Ctrl-a h help · Ctrl-a m new · /);
		assert.match(hints.normal, /Ctrl-a e detach/);
		assert.doesNotMatch(hints.normal, /Ctrl-a \? help/);
		assert.match(hints.prefix, /h help/);
		assert.match(hints.agents, /Ctrl-a h help/);
		const help = new Map(helpLinesFor(settings.prefix, bindings).map(([keys, text]) => [text, keys]));
		assert.equal(help.get('this help'), 'Ctrl-a h');
		assert.equal(help.get('detach: the session keeps running (agentmux attach)'), 'Ctrl-a e Ctrl-d');
		assert.equal(help.get('send Ctrl-a to the pane'), 'Ctrl-a Ctrl-a');
	});

	it('the new-agent form (a) and the overview (s) are in the help and the prefix hints', () => {
		const settings = settingsSchema.parse({});
		const bindings = resolveBindings(settings);
		const help = new Map(helpLinesFor(settings.prefix, bindings).map(([keys, text]) => [keys, text]));
		assert.match(help.get('Ctrl-\\ a') ?? '', /^new agent/);
		assert.match(help.get('Ctrl-\\ s') ?? '', /^overview of every pane/);
		const {prefix} = hintsFor(settings.prefix, bindings);
		assert.match(prefix, /a agent/);
		assert.match(prefix, /s overview/);
	});

	it('shows the Alt keys only while quickSwitch is on (off, Alt goes to the pane)', () => {
		const settings = settingsSchema.parse({});
		const bindings = resolveBindings(settings);
		const withAlt = [...helpLinesFor(settings.prefix, bindings, true).map(([keys]) => keys), hintsFor(settings.prefix, bindings, true).normal].join('\n');
		assert.match(withAlt, /Alt-1\.\.9/);
		assert.match(withAlt, /Alt-Shift-arrows/);
		const lines = helpLinesFor(settings.prefix, bindings, false);
		const hints = hintsFor(settings.prefix, bindings, false);
		assert.doesNotMatch([...lines.flat(), hints.normal, hints.prefix, hints.agents].join('\n'), /Alt/);
		assert.ok(
			lines.some(([keys]) => keys === 'Ctrl-\\ 1..9'),
			'the prefix keys stay',
		);
	});

	it('runs the verb of its action on the target', () => {
		const called: string[] = [];
		const target = new Proxy(
			{},
			{
				get:
					(_object, name) =>
					(...args: unknown[]) =>
						called.push(`${String(name)}(${args.join(',')})`),
			},
		);
		for (const action of actions) {
			action.run(target as never);
		}

		assert.ok(called.includes('detach()'));
		assert.ok(called.includes('focusNext(-1)'));
		assert.ok(called.includes('focusDirection(left)'));
		assert.equal(called.length, actions.length);
	});
});
