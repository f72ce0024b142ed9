// Is the second thread really running? CPU time of the process against wall time, 1 vs 2 threads.
import { createWasmBackend } from '../src/index.js';

for (const threads of [1, 2, 1, 2]) {
  const be = await createWasmBackend({ threads });
  const n = 1024;
  const a = Float32Array.from({ length: n * n }, () => Math.random());
  const c = new Float32Array(n * n);
  be.gemm(n, n, n, a, 0, n, 1, a, 0, n, 1, c, 0);
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  for (let r = 0; r < 5; r++) be.gemm(n, n, n, a, 0, n, 1, a, 0, n, 1, c, 0);
  const wall = performance.now() - t0;
  const u = process.cpuUsage(u0);
  console.log(`threads ${threads}: ${((5 * 2 * n ** 3) / wall / 1e6).toFixed(1)} GFLOPS, cpu/wall ${((u.user + u.system) / 1000 / wall).toFixed(2)}`);
  be.dispose();
}
