import { Tensor, sum } from '@entropic/core';
import { linear } from '../src/linear.js';
import { MLP } from '../src/layers.js';
import { logisticData, prototypeData } from './data.js';
const d1 = logisticData(200000, 100, 1);
const w = Tensor.fromData(new Float32Array(100), [1, 100], { requiresGrad: true });
const b = Tensor.fromData(new Float32Array(1), [1], { requiresGrad: true });
for (let r = 0; r < 8; r++) {
  let t0 = performance.now();
  const z = linear(d1.X, w, b);
  const t1 = performance.now();
  sum(z).backward();
  const t2 = performance.now();
  console.log('W1 linear fwd', (t1 - t0).toFixed(1), 'bwd', (t2 - t1).toFixed(1));
  w.grad = null; b.grad = null;
}
const d2 = prototypeData(6000, 784, 10, 2);
const mlp = new MLP([784, 256, 10], { seed: 1 });
const xb = Tensor.fromData((d2.X.data as Float32Array).slice(0, 128 * 784), [128, 784]);
for (let r = 0; r < 8; r++) {
  const t0 = performance.now();
  const out = mlp.forward(xb);
  const t1 = performance.now();
  sum(out).backward();
  const t2 = performance.now();
  console.log('W3 batch fwd', (t1 - t0).toFixed(1), 'bwd', (t2 - t1).toFixed(1));
  mlp.zeroGrad();
}
