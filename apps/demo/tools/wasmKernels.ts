// @entropic/backend-wasm embeds its WebAssembly kernels in a generated source file
// (src/generated/kernels-wasm.ts, written by its build:wasm script from assembly/). `pnpm demo`
// and `pnpm test` build it first (turbo); a bare `vite` or `vitest run` in this folder may find it
// missing or older than the kernels' sources: this builds it then (about half a minute).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder, through the demo's node_modules link. */
export const backendWasmDir = realpathSync(fileURLToPath(new URL('../node_modules/@entropic/backend-wasm', import.meta.url)));
const generated = join(backendWasmDir, 'src', 'generated', 'kernels-wasm.ts');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((t, name) => Math.max(t, newest(join(path, name))), 0);
}

/** Builds the kernels when the generated file is missing or stale; returns whether it did. */
export function ensureWasmKernels(log: (line: string) => void = console.log): boolean {
  const sources = Math.max(newest(join(backendWasmDir, 'assembly')), newest(join(backendWasmDir, 'scripts')));
  if (existsSync(generated) && statSync(generated).mtimeMs >= sources) return false;
  log('building the WebAssembly kernels of @entropic/backend-wasm (build:wasm)…');
  const r = spawnSync(process.execPath, [join(backendWasmDir, 'scripts', 'build-wasm.mjs')], { cwd: backendWasmDir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`@entropic/backend-wasm build:wasm failed:\n${r.stdout}\n${r.stderr}`);
  // The script leaves an unchanged file untouched: mark it current so the check above holds.
  const now = new Date();
  utimesSync(generated, now, now);
  return true;
}
