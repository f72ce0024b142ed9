/**
 * One optimizer step on 1e6 float32 parameters, Entropic against TensorFlow.js's optimizers
 * (`tf.train.momentum`, `tf.train.adam`, `tf.train.sgd`; CPU backend) in one process, from the
 * same parameters and gradients. The machine may be shared with other work, so each figure is
 * the best of BENCH_REPEATS timed steps (default 30) after warm-up; the median is shown too.
 * Entropic's step includes its check that every gradient is finite; TensorFlow.js has none.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Tensor } from '@entropic/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam, SGD } from '../src/index.js';

const N = 1_000_000;
const repeats = Number(process.env.BENCH_REPEATS ?? 30);
const warmup = 5;

/** Deterministic values in [-1, 1) (a small LCG: the bench needs no statistical quality). */
function values(seed: number): Float32Array {
  const out = new Float32Array(N);
  let s = seed >>> 0;
  for (let i = 0; i < N; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

interface Timing {
  best: number;
  median: number;
}

function time(step: () => void): Timing {
  for (let i = 0; i < warmup; i++) step();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    step();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0]!, median: samples[Math.floor(samples.length / 2)]! };
}

const theta0 = values(1);
const grad = values(2);

function entropic(make: (p: Tensor[]) => { step(): unknown }): { timing: Timing; afterOne: Float32Array } {
  const p = Tensor.fromData(theta0.slice(), [N], { requiresGrad: true });
  p.grad = Tensor.fromData(grad, [N]);
  const opt = make([p]);
  opt.step();
  const afterOne = (p.data as Float32Array).slice();
  return { timing: time(() => opt.step()), afterOne };
}

function tfjs(make: () => tf.Optimizer): { timing: Timing; afterOne: Float32Array } {
  const v = tf.variable(tf.tensor1d(theta0.slice()), true, 'theta');
  const g = tf.tensor1d(grad);
  const opt = make();
  const step = () => opt.applyGradients({ theta: g });
  step();
  const afterOne = (v.dataSync() as Float32Array).slice();
  const timing = time(step);
  v.dataSync(); // the CPU backend is synchronous; make sure nothing is pending
  opt.dispose();
  v.dispose();
  g.dispose();
  return { timing, afterOne };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  tf.tidy(() => tf.add(tf.scalar(1), 1)); // TensorFlow.js prints its Node.js banner at the first op: get it out of the table
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`CPU: ${cpu} (${os.cpus().length} logical cores), Node ${process.version}, TensorFlow.js ${tf.version_core} (cpu backend)`);
  console.log(`one step() on ${N.toLocaleString('en-US')} float32 parameters, best / median of ${repeats} steps after ${warmup} warm-up steps\n`);

  const cases: [string, () => ReturnType<typeof entropic>, () => ReturnType<typeof tfjs>][] = [
    ['SGD momentum 0.9', () => entropic((p) => new SGD(p, { lr: 0.01, momentum: 0.9 })), () => tfjs(() => tf.train.momentum(0.01, 0.9))],
    ['Adam', () => entropic((p) => new Adam(p, { lr: 1e-3, eps: 1e-8 })), () => tfjs(() => tf.train.adam(1e-3, 0.9, 0.999, 1e-8))],
    ['SGD (plain)', () => entropic((p) => new SGD(p, { lr: 0.01 })), () => tfjs(() => tf.train.sgd(0.01))],
  ];
  const rows = [['optimizer', 'entropic best (median)', 'tfjs best (median)', 'tfjs / entropic', 'max |Δθ| after one step']];
  for (const [name, ours, theirs] of cases) {
    const a = ours();
    const b = theirs();
    const fmt = (t: Timing) => `${t.best.toFixed(2)} ms (${t.median.toFixed(2)} ms)`;
    const ratio = b.timing.best / a.timing.best;
    rows.push([name, fmt(a.timing), fmt(b.timing), `${ratio.toFixed(2)}× ${ratio >= 1 ? 'faster' : 'SLOWER'}`, maxAbsDiff(a.afterOne, b.afterOne).toExponential(1)]);
  }
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((c, j) => c.padEnd(widths[j]!)).join(' | '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
}

await main();
