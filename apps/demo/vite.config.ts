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
  // The dev server pre-bundles these at start. papaparse is @entropic/data's dependency, not the
  // demo's, so it is named through its importer ('@entropic/data > papaparse': a bare 'papaparse'
  // does not resolve from here under pnpm). Imported only inside the training worker, which
  // Vite's start-up scan does not follow, it would otherwise be found on the first click on
  // Train, re-bundled, and the page reloaded mid-run.
  optimizeDeps: { include: ['vega', 'vega-lite', '@entropic/data > papaparse'] },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
