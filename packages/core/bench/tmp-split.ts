import { dependsBeyond } from '../src/autograd.js';
import { Tensor, add, mul, randn, sum, tanh } from '@entropic/core';
const CHAIN = 10_000, WIDTH = 16;
const a = randn([WIDTH], { seed: 4 }).mul(0.1).data as Float32Array;
const aPos = Tensor.fromData(a.slice(), [WIDTH]);
const b = Tensor.fromData(a.slice(), [WIDTH]);
const fw: number[] = [], bw: number[] = [], pl: number[] = [], pl2: number[] = [];
for (let rep = 0; rep < 30; rep++) {
  const x = Tensor.fromData(a.slice(), [WIDTH], { requiresGrad: true });
  const t0 = performance.now();
  let y: Tensor = x;
  for (let i = 0; i < CHAIN; i++) { const r = i % 3; y = r === 0 ? add(y, aPos) : r === 1 ? mul(y, b) : tanh(y); }
  const s = sum(y);
  const tp = performance.now();
  dependsBeyond(s, [x]);
  const tq = performance.now();
  dependsBeyond(s, [x]);
  dependsBeyond(s, [x]);
  const t1 = performance.now();
  if (rep >= 5) pl2.push((t1 - tq) * 500 / CHAIN);
  if (rep >= 5) pl.push((tq - tp) * 1000 / CHAIN);
  s.backward();
  const t2 = performance.now();
  if (rep >= 5) { fw.push((t1 - t0) * 1000 / CHAIN); bw.push((t2 - t1) * 1000 / CHAIN); }
}
const med = (xs: number[]) => xs.sort((p, q) => p - q)[xs.length >> 1]!.toFixed(2);
console.log(`forward ${med(fw)} µs/op, plan ${med(pl)}, again ${med(pl2)}, backward ${med(bw)} µs/op`);
