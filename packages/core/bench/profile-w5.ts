/**
 * W5 per-op overhead: a chain of 10,000 elementwise ops (add, mul, tanh in turn) on 16-element
 * float32 tensors, forward then `sum(y).backward()`, on the active (CPU) backend. Prints µs per op
 * (median and best of several runs after warm-up). Profile it with
 *
 *   node --conditions=@entropic/source --import tsx --cpu-prof bench/profile-w5.ts --runs=40
 */
import { Tensor, add, mul, randn, sum, tanh } from '@entropic/core';

const CHAIN = 10_000;
const WIDTH = 16;
const runsArg = process.argv.find((a) => a.startsWith('--runs='));
const RUNS = runsArg ? Number(runsArg.slice('--runs='.length)) : 9;

const a = randn([WIDTH], { seed: 4 }).mul(0.1).data as Float32Array;
const aPos = Tensor.fromData(a.slice(), [WIDTH]);
const aNeg = Tensor.fromData(a.map((v) => -v), [WIDTH]);
const b = Tensor.fromData((randn([WIDTH], { seed: 5 }).mul(0.001).add(1).data as Float32Array).slice(), [WIDTH]);
const x0 = (randn([WIDTH], { seed: 3 }).data as Float32Array).slice();

function once(): Float32Array {
  const x = Tensor.fromData(x0.slice(), [WIDTH], { requiresGrad: true });
  let y: Tensor = x;
  for (let i = 0; i < CHAIN; i++) {
    const r = i % 3;
    y = r === 0 ? add(y, i % 6 === 0 ? aPos : aNeg) : r === 1 ? mul(y, b) : tanh(y);
  }
  sum(y).backward();
  return x.grad!.data as Float32Array;
}

for (let i = 0; i < 3; i++) once();
// Wall time, and the process's CPU time (user + system, all threads, the GC's helpers included),
// which a busy shared machine disturbs less than wall time.
const wall: number[] = [];
const cpu: number[] = [];
let grad: Float32Array = new Float32Array(0);
for (let i = 0; i < RUNS; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  grad = once();
  wall.push(((performance.now() - t0) * 1000) / CHAIN);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / CHAIN);
}
const median = (xs: number[]): string => xs.sort((p, q) => p - q)[Math.floor(xs.length / 2)]!.toFixed(2);
const best = Math.min(...wall).toFixed(2);
const head = Array.from(grad.slice(0, 3), (v) => v.toExponential(6)).join(', ');
console.log(`W5 chain: median ${median(wall)} µs/op (best ${best}), CPU time median ${median(cpu)} µs/op (${RUNS} runs); grad[0..2] = ${head}`);
