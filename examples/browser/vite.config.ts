// `pnpm example browser` serves this page with Vite's dev server. The workspace packages resolve
// to their TypeScript sources (the '@entropic/source' export condition): no build needed. In your
// own project, installed from the registry, a plain Vite config does.
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { conditions: ['@entropic/source', ...defaultClientConditions] },
  // papaparse is @entropic/data's dependency: named through its importer so that it resolves.
  optimizeDeps: { include: ['@entropic/data > papaparse'] },
  server: { host: '127.0.0.1', port: 5174 },
});
