// The browser page (web/): built with `pnpm --filter @entropic/demo run build:web` into
// dist/web, or served with `dev:web`. Workspace packages resolve to their TypeScript sources
// (the `@entropic/source` export condition), so the page needs no build of the packages.
import { fileURLToPath } from 'node:url';
import { type Plugin, defaultClientConditions, defineConfig } from 'vite';
import { ensureWasmKernels } from './tools/wasmKernels.js';

const conditions = ['@entropic/source', ...defaultClientConditions];

/**
 * Cross-origin isolation: with these headers the page gets SharedArrayBuffer, so the WebAssembly
 * backend can run its worker threads on one shared memory. Every resource the page loads is its
 * own (same origin), which `require-corp` allows.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Builds @entropic/backend-wasm's embedded kernels if they are missing or stale (see tools/wasmKernels.ts). */
const wasmKernels: Plugin = {
  name: 'entropic-wasm-kernels',
  buildStart() {
    ensureWasmKernels((line) => this.info(line));
  },
};

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  resolve: { conditions },
  plugins: [wasmKernels],
  worker: {
    format: 'es',
    // @entropic/backend-wasm starts its threads from source text that calls its function
    // `runChunks` by name: the minifier must not rename that binding.
    rolldownOptions: { output: { minify: { compress: true, mangle: { reserved: ['runChunks'] }, codegen: true } } },
  },
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
  server: { host: '127.0.0.1', headers: isolation },
  preview: { host: '127.0.0.1', headers: isolation },
});
