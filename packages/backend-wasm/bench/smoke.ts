import { cpuBackend } from '@entropic/core';
import { createWasmBackend } from '../src/index.js';

for (const threads of [1, 2]) {
  const be = await createWasmBackend({ threads });
  console.log('threads', be.threads);
  for (const n of [256, 512, 1024]) {
    const a = Float32Array.from({ length: n * n }, () => Math.random() - 0.5);
    const b = Float32Array.from({ length: n * n }, () => Math.random() - 0.5);
    const c = new Float32Array(n * n);
    const c2 = new Float32Array(n * n);
    be.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0);
    cpuBackend.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c2, 0);
    let err = 0;
    for (let i = 0; i < n * n; i++) err = Math.max(err, Math.abs(c[i]! - c2[i]!));
    const ts: number[] = [];
    for (let r = 0; r < 9; r++) {
      const t = performance.now();
      be.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0);
      ts.push(performance.now() - t);
    }
    ts.sort((x, y) => x - y);
    console.log(n, 'median', ((2 * n ** 3) / ts[4]! / 1e6).toFixed(1), 'best', ((2 * n ** 3) / ts[0]! / 1e6).toFixed(1), 'GFLOPS; max abs err', err.toExponential(2));
  }
  be.dispose();
}
