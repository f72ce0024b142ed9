/**
 * The float32 products of W4 (1024³) and W3 (MLP 784-256-10, batches of 128: forward X·Wᵀ and the
 * backward gᵀ·X and g·W) on this backend with 1 and 2 threads, and 1024³ on TF.js WASM (XNNPACK)
 * with 1 and 2 threads, interleaved in one process; best of BENCH_REPEATS (default 7) rounds.
 *   pnpm bench:gemm          BENCH_REPEATS=15 pnpm bench:gemm
 */
import * as tf from '@tensorflow/tfjs-core';
import { createWasmBackend } from '../src/index.js';
import { registerTfjsWasm } from './tfjs-wasm-threads.js';

const repeats = Number(process.env.BENCH_REPEATS ?? 7);
const be1 = await createWasmBackend({ threads: 1 });
const be2 = await createWasmBackend({ threads: 2 });
const tfWasm = await registerTfjsWasm(tf);

const rnd = (n: number) => Float32Array.from({ length: n }, () => Math.random() - 0.5);

interface Shape {
  label: string;
  m: number;
  n: number;
  k: number;
  /** A's and B's strides: [ars, acs, brs, bcs]. */
  strides: [number, number, number, number];
}
const N = 1024;
const shapes: Shape[] = [
  { label: 'W4 1024³', m: N, n: N, k: N, strides: [N, 1, N, 1] },
  { label: 'W3 fwd X·W1ᵀ 128×784·784×256', m: 128, n: 256, k: 784, strides: [784, 1, 1, 784] },
  { label: 'W3 bwd gᵀ·X 256×128·128×784', m: 256, n: 784, k: 128, strides: [1, 256, 784, 1] },
  { label: 'W3 bwd g·W1 128×256·256×784', m: 128, n: 784, k: 256, strides: [256, 1, 784, 1] },
  { label: 'W3 fwd H·W2ᵀ 128×256·256×10', m: 128, n: 10, k: 256, strides: [256, 1, 1, 256] },
  { label: 'W3 bwd g·W2 128×10·10×256', m: 128, n: 256, k: 10, strides: [10, 1, 256, 1] },
  { label: 'W3 bwd gᵀ·H 10×128·128×256', m: 10, n: 256, k: 128, strides: [1, 10, 256, 1] },
];

function time(fn: () => void, minMs: number): number {
  let reps = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    fn();
    reps++;
    t = performance.now();
  } while (t - t0 < minMs);
  return (t - t0) / reps;
}

const best = new Map<string, number>();
const note = (key: string, ms: number) => best.set(key, Math.min(best.get(key) ?? Number.POSITIVE_INFINITY, ms));

const runs = shapes.map((s) => {
  const a = rnd(s.m * s.k);
  const b = rnd(s.k * s.n);
  const c = new Float32Array(s.m * s.n);
  const [ars, acs, brs, bcs] = s.strides;
  return { s, one: () => be1.gemm(s.m, s.n, s.k, a, 0, ars, acs, b, 0, brs, bcs, c, 0), two: () => be2.gemm(s.m, s.n, s.k, a, 0, ars, acs, b, 0, brs, bcs, c, 0) };
});
const ta = tf.tensor2d(rnd(N * N), [N, N]);
const tb = tf.tensor2d(rnd(N * N), [N, N]);
const tfRun = () => {
  const c = tf.matMul(ta, tb);
  c.dataSync();
  c.dispose();
};

for (let r = 0; r < repeats; r++) {
  for (const { s, one, two } of runs) {
    const ms = s.m * s.n * s.k > 1e8 ? 300 : 60;
    note(`${s.label}|1`, time(one, ms));
    note(`${s.label}|2`, time(two, ms));
  }
  for (const name of tfWasm) {
    await tf.setBackend(name);
    tfRun();
    note(`tfjs ${name}`, time(tfRun, 300));
  }
}

const gf = (s: Shape, ms: number) => (2 * s.m * s.n * s.k) / (ms * 1e6);
for (const { s } of runs) {
  const t1 = best.get(`${s.label}|1`)!;
  const t2 = best.get(`${s.label}|2`)!;
  console.log(`${s.label.padEnd(32)} 1 thread ${t1.toFixed(3).padStart(8)} ms ${gf(s, t1).toFixed(1).padStart(6)} GFLOPS   2 threads ${t2.toFixed(3).padStart(8)} ms ${gf(s, t2).toFixed(1).padStart(6)} GFLOPS`);
}
for (const name of tfWasm) {
  const t = best.get(`tfjs ${name}`)!;
  const ours = best.get(`${shapes[0]!.label}|${name.slice(-1)}`)!;
  console.log(`TF.js ${name} 1024³`.padEnd(32), `${t.toFixed(3).padStart(8)} ms ${gf(shapes[0]!, t).toFixed(1).padStart(6)} GFLOPS   Entropic/TF.js ${(t / ours).toFixed(2)}×`);
}
be1.dispose();
be2.dispose();
process.exit(0);
