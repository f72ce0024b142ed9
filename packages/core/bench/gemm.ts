// Quick throughput check of the gemm kernel: `node --import tsx bench/gemm.ts [sizes]`.
// Best of several timed runs (the machine is shared, so the best run is the least disturbed one).
import { gemm } from '../src/backend/gemm.js';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

function naiveIkj(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
  c.fill(0);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p]!;
      const co = i * n;
      const bo = p * n;
      for (let j = 0; j < n; j++) c[co + j] = c[co + j]! + x * b[bo + j]!;
    }
}

function gflops(m: number, n: number, k: number, ctor: Ctor, tA: boolean, tB: boolean, naive = false): number {
  const a = new ctor(m * k).map(() => Math.random() - 0.5);
  const b = new ctor(k * n).map(() => Math.random() - 0.5);
  const c = new ctor(m * n);
  const flops = 2 * m * n * k;
  const reps = Math.max(1, Math.round(3e8 / flops));
  const run = naive
    ? () => naiveIkj(m, n, k, a as Float32Array, b as Float32Array, c as Float32Array)
    : () => gemm(m, n, k, a, 0, tA ? 1 : k, tA ? m : 1, b, 0, tB ? 1 : n, tB ? k : 1, c, 0);
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    for (let q = 0; q < reps; q++) run();
    best = Math.min(best, (performance.now() - t) / reps);
  }
  return flops / best / 1e6;
}

const sizes = (process.argv[2] ?? '64,128,256,512,1024').split(',').map(Number);
for (const s of sizes) {
  const row = [`n=${s}`.padEnd(7)];
  row.push(`f32 ${gflops(s, s, s, Float32Array, false, false).toFixed(2)}`);
  row.push(`f64 ${gflops(s, s, s, Float64Array, false, false).toFixed(2)}`);
  row.push(`f32 A·Bᵀ ${gflops(s, s, s, Float32Array, false, true).toFixed(2)}`);
  row.push(`f32 Aᵀ·B ${gflops(s, s, s, Float32Array, true, false).toFixed(2)}`);
  if (s <= 1024) row.push(`naive ikj ${gflops(s, s, s, Float32Array, false, false, true).toFixed(2)}`);
  console.log(row.join(' | '));
}
if (!process.argv[2]) {
  for (const [m, n, k] of [
    [1, 1024, 1024],
    [1024, 1, 1024],
    [8, 1024, 1024],
    [1024, 8, 1024],
    [32, 32, 32],
    [16, 16, 16],
    [256, 64, 784],
  ] as const) {
    console.log(`${m}×${k}·${k}×${n}`.padEnd(18), `f32 ${gflops(m, n, k, Float32Array, false, false).toFixed(2)}`,
      `| A·Bᵀ ${gflops(m, n, k, Float32Array, false, true).toFixed(2)}`);
  }
}
