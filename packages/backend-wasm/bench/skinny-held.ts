/**
 * The skinny products of full-batch linear models over a held X (200,000 × 100 float32): X·w,
 * X·W with 2 columns, gᵀ·X, each with 1 and 2 threads, against the same product with X copied
 * in per call (not held). Best of several runs.
 *   node --conditions=@entropic/source --import tsx bench/skinny-held.ts
 */
import { createWasmBackend } from '../src/index.js';

const m = 200_000;
const k = 100;
const X = Float32Array.from({ length: m * k }, () => Math.random() - 0.5);
const w = Float32Array.from({ length: 2 * k }, () => Math.random() - 0.5);
const g = Float32Array.from({ length: m }, () => Math.random() - 0.5);
const z = new Float32Array(2 * m);
const gw = new Float32Array(k);

function best(fn: () => void): number {
  fn();
  let t = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    fn();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

for (const threads of [1, 2]) {
  const be = await createWasmBackend({ threads });
  const xw = (n: number) => () => be.gemm(m, n, k, X, 0, k, 1, w, 0, 1, k, z, 0);
  const gx = () => be.gemm(1, k, m, g, 0, m, 1, X, 0, k, 1, gw, 0);
  const copied = [best(xw(1)), best(xw(2)), best(gx)];
  const release = be.hold(X);
  const held = [best(xw(1)), best(xw(2)), best(gx)];
  release();
  const f = (t: number) => `${t.toFixed(2).padStart(6)} ms (${((m * k * 4) / t / 1e6).toFixed(1)} GB/s)`;
  console.log(`${threads} thread(s)  X·w: copied ${f(copied[0]!)}, held ${f(held[0]!)}   X·W[2 cols]: copied ${f(copied[1]!)}, held ${f(held[1]!)}   gᵀ·X: copied ${f(copied[2]!)}, held ${f(held[2]!)}`);
  be.dispose();
}
