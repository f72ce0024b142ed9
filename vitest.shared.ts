import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

// Tests import sibling packages from their TypeScript sources (the `@entropic/source`
// export condition), so `pnpm test` needs no build of the workspace packages.
const conditions = ['@entropic/source', 'module', 'node', 'import', 'default'];

// Installs the backend named by ENTROPIC_BACKEND (cpu, spy, wasm) before each test file.
const backendSetup = fileURLToPath(new URL('./tools/conformance/src/backend-setup.ts', import.meta.url));

export const sharedTestConfig: ViteUserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@entropic/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: [backendSetup],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
};
