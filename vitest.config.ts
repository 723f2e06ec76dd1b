import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // Two projects, each with its own include (a root include would be
    // concatenated into both): helpdesk tests run against a real Request
    // Tracker that their globalSetup starts and resets; the rest never wait
    // for it.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/helpdesk/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'helpdesk',
          include: ['tests/helpdesk/**/*.test.ts'],
          globalSetup: ['tests/helpdesk/setup.ts'],
        },
      },
    ],
  },
});
