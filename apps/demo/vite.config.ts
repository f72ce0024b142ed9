// The browser page (web/): built with `pnpm --filter @entropic/demo run build:web` into
// dist/web, or served with `dev:web`. Workspace packages resolve to their TypeScript sources
// (the `@entropic/source` export condition), so the page needs no build of the packages.
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

const conditions = ['@entropic/source', ...defaultClientConditions];

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  resolve: { conditions },
  worker: { format: 'es' },
  // Found late otherwise (papaparse is imported by @entropic/data inside the worker), which makes
  // the dev server reload the page once.
  optimizeDeps: { include: ['vega', 'vega-lite', 'papaparse'] },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
