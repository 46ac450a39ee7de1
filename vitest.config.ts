import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Integration tests start real redis-server processes; two cores, so two files at a time.
		maxWorkers: 2,
		testTimeout: 30_000,
		hookTimeout: 30_000,
		reporters: ['default', './test/helpers/summary-reporter.ts'],
		env: {
			// Tests never touch the user's settings file.
			REDTOP_CONFIG_DIR: '/tmp/redtop-test-config-unused',
			// Views are checked for their colours; chalk would otherwise see no TTY and drop them.
			FORCE_COLOR: '1',
		},
	},
});
