import { defineConfig } from 'vitest/config';

// One long end-to-end run: build, version, publish to a local registry, install, run.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 360_000,
  },
});
