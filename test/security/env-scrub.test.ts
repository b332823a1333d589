import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {scrubEnvironment} from '../../source/security/env-scrub.js';

describe('scrubEnvironment', () => {
	const env = {
		PATH: '/usr/bin',
		HOME: '/home/me',
		TERM: 'xterm-256color',
		LANG: 'C.UTF-8',
		SHELL: '/bin/bash',
		AWS_ACCESS_KEY_ID: 'AKIA...',
		AWS_SECRET_ACCESS_KEY: 'x',
		AWS_PROFILE: 'dev',
		GITHUB_TOKEN: 't',
		NPM_TOKEN: 't',
		OPENAI_API_KEY: 'k',
		MY_SERVICE_SECRET: 's',
		STRIPE_KEY: 'k',
		DB_PASSWORD: 'p',
		MYSQL_PWD: 'p',
		SMTP_PASSWD: 'p',
		GOOGLE_APPLICATION_CREDENTIALS: '/x.json',
		SSH_AUTH_SOCK: '/tmp/ssh.sock',
		EDITOR: 'vim',
		DATABASE_URL: 'postgres://app:hunter2@db/app',
		REDIS_URL: 'redis://cache:6379',
		CACHE_URL: 'https://cdn.example',
		UNDEFINED: undefined,
	};

	it('removes credential variables and keeps the rest', () => {
		const {env: clean, removed} = scrubEnvironment(env);
		assert.deepEqual(removed, [
			'AWS_ACCESS_KEY_ID',
			'AWS_PROFILE',
			'AWS_SECRET_ACCESS_KEY',
			'DATABASE_URL',
			'DB_PASSWORD',
			'GITHUB_TOKEN',
			'GOOGLE_APPLICATION_CREDENTIALS',
			'MYSQL_PWD',
			'MY_SERVICE_SECRET',
			'NPM_TOKEN',
			'OPENAI_API_KEY',
			'SMTP_PASSWD',
			'STRIPE_KEY',
		]);
		assert.equal(clean.PATH, '/usr/bin');
		assert.equal(clean.SSH_AUTH_SOCK, '/tmp/ssh.sock');
		assert.equal(clean.REDIS_URL, 'redis://cache:6379');
		assert.equal(clean.CACHE_URL, 'https://cdn.example');
		assert.ok(!('UNDEFINED' in clean));
	});

	it('keeps names listed in keep and removes extra patterns', () => {
		const {env: clean, removed} = scrubEnvironment(env, {keep: ['GITHUB_TOKEN'], extraPatterns: ['^SSH_AUTH_SOCK$', '^edit']});
		assert.equal(clean.GITHUB_TOKEN, 't');
		assert.ok(removed.includes('SSH_AUTH_SOCK'));
		assert.ok(removed.includes('EDITOR'));
	});
});
