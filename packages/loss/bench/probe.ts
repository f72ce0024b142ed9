import { Generator, Tensor } from '@entropic/core';
import { binaryCrossEntropyWithLogits, crossEntropy } from '../src/index.js';
const N = 4096;
for (const C of [10, 1000]) {
  const g = new Generator(1);
  const logits = Float32Array.from({ length: N * C }, () => 3 * g.normal());
  const labels = Tensor.fromData(Int32Array.from({ length: N }, () => g.integer(C)), [N]);
  const multi = Tensor.fromData(Float32Array.from({ length: N * C }, () => (g.uniform() < 0.3 ? 1 : 0)), [N, C]);
  for (const [name, f] of [['ce', (x: Tensor) => crossEntropy(x, labels)], ['bce', (x: Tensor) => binaryCrossEntropyWithLogits(x, multi)]] as const) {
    let best = Infinity, bestF = Infinity;
    const reps = C === 10 ? 200 : 3;
    for (let r = 0; r < 7; r++) {
      let t = performance.now();
      for (let k = 0; k < reps; k++) { const x = Tensor.fromData(logits, [N, C], { requiresGrad: true }); f(x).backward(); }
      best = Math.min(best, (performance.now() - t) / reps);
      t = performance.now();
      for (let k = 0; k < reps; k++) { const x = Tensor.fromData(logits, [N, C]); f(x); }
      bestF = Math.min(bestF, (performance.now() - t) / reps);
    }
    console.log(C, name, 'fwd+bwd', best.toFixed(2), 'fwd only', bestF.toFixed(2));
  }
}
