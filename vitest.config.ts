import { defineConfig } from 'vitest/config';

const shared = { testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/state/**'] } },
      // Its own project so that one PostgreSQL server starts only when a state test runs.
      { test: { ...shared, name: 'state', include: ['test/state/**/*.test.ts'], globalSetup: ['test/state/postgresServer.ts'] } },
    ],
  },
});
