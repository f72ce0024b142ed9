/**
 * Benchmarks against TensorFlow.js in one process (same data, same initial parameters, same
 * batches in the same order, plain SGD), as issue 4 asks:
 *   W1 logistic regression, 200,000 × 100 float32, 50 full-batch gradient-descent iterations;
 *   W2 softmax regression 60,000 × 784 → 10, batches of 128, one epoch;
 *   W3 a 784-256-10 ReLU MLP on the same data, one epoch.
 * The machine may be shared, so every figure is the best of N runs (BENCH_REPEATS, default 3).
 * BENCH_WASM=0 skips TensorFlow.js's WASM backend.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tfjs from '@entropic/bench-tfjs';
import { Tensor } from '@entropic/core';
import { batches } from '@entropic/data';
import { MLP, type Linear } from '../src/index.js';
import { logisticData, prototypeData } from './data.js';
import * as ours from './ours.js';

const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const withWasm = process.env.BENCH_WASM !== '0';
const only = process.env.BENCH_ONLY?.split(',') ?? ['W1', 'W2', 'W3'];

function best<T extends { ms: number }>(n: number, run: () => T): T {
  let top: T | null = null;
  for (let i = 0; i < n; i++) {
    const r = run();
    if (top === null || r.ms < top.ms) top = r;
  }
  return top!;
}

/** The order @entropic/data's Batches visits the rows in epoch 0 for `seed`: the order `fit` trains in. */
function epochOrder(n: number, batchSize: number, seed: number): Int32Array {
  const index = Tensor.fromData(Int32Array.from({ length: n }, (_, i) => i), [n]);
  return batches(index, index, { batchSize, shuffle: true, seed }).order(0);
}

const rows: string[] = [];
function report(workload: string, unit: string, value: (ms: number) => number, higherIsBetter: boolean, results: Record<string, ours.Result>): void {
  const mine = value(results.entropic!.ms);
  for (const [who, r] of Object.entries(results)) {
    const v = value(r.ms);
    const ratio = who === 'entropic' ? '' : ` | entropic is ${(higherIsBetter ? mine / v : v / mine).toFixed(2)}×`;
    rows.push(`${workload} | ${who.padEnd(12)} | ${v.toFixed(higherIsBetter ? 0 : 1).padStart(8)} ${unit} | final loss ${r.finalLoss.toPrecision(8)}${ratio}`);
  }
  const lossGap = Math.max(...Object.values(results).map((r) => Math.abs(r.finalLoss - results.entropic!.finalLoss) / results.entropic!.finalLoss));
  rows.push(`${workload} | max relative difference of the final losses: ${lossGap.toExponential(2)}`);
  console.log(rows.slice(-Object.keys(results).length - 1).join('\n'));
}

async function main(): Promise<void> {
  console.log(`CPU: ${os.cpus()[0]?.model} (${os.cpus().length} logical cores), Node ${process.version}, best of ${repeats}`);
  const backends: ('cpu' | 'wasm')[] = withWasm ? ['cpu', 'wasm'] : ['cpu'];

  if (only.includes('W1')) {
    const data = logisticData(200_000, 100, 1);
    const iters = 50;
    const lr = 0.5;
    const mine = best(repeats, () => ours.w1(data, iters, lr));
    const peakRssMB = process.resourceUsage().maxRSS / 1024;
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const held = ours.w1Retained(data, 10, lr, gc).map((b) => (b / 2 ** 20).toFixed(1));
    console.log(`W1 entropic: peak RSS ${peakRssMB.toFixed(0)} MB (X alone is ${(data.X.size * 4 / 2 ** 20).toFixed(0)} MB); typed-array memory held after GC at iterations 1-10: ${held.join(', ')} MB`);
    const results: Record<string, ours.Result> = { entropic: mine };
    for (const b of backends) {
      if (!(await tfjs.useTfBackend(b))) continue;
      results[`tfjs-${b}`] = best(repeats, () => tfjs.w1(data, iters, lr));
    }
    report('W1', 'ms/iter', (ms) => ms / iters, false, results);
  }

  const data = only.some((w) => w !== 'W1') ? prototypeData(60_000, 784, 10, 2) : null;
  const batch = 128;
  const seed = 42;
  if (data !== null && only.includes('W2')) {
    const lr = 0.01;
    const results: Record<string, ours.Result> = { entropic: best(repeats, () => ours.w2(data, batch, lr, seed)) };
    const order = epochOrder(data.n, batch, seed);
    const zeros = { weight: new Float32Array(10 * 784), bias: new Float32Array(10), outF: 10, inF: 784 };
    for (const b of backends) {
      if (!(await tfjs.useTfBackend(b))) continue;
      results[`tfjs-${b}`] = best(repeats, () => tfjs.mlpEpoch(data, [zeros], order, batch, lr));
    }
    report('W2', 'samples/s', (ms) => data.n / (ms / 1000), true, results);
  }

  if (data !== null && only.includes('W3')) {
    const lr = 0.01;
    const make = () => new MLP([784, 256, 10], { seed: 7 });
    const results: Record<string, ours.Result> = { entropic: best(repeats, () => ours.w3(data, make(), batch, lr, seed)) };
    const order = epochOrder(data.n, batch, seed);
    const init = make();
    const layers = [init.at(0), init.at(2)].map((m) => {
      const l = m as Linear;
      return { weight: l.weight.data as Float32Array, bias: l.bias!.data as Float32Array, outF: l.outFeatures, inF: l.inFeatures };
    });
    for (const b of backends) {
      if (!(await tfjs.useTfBackend(b))) continue;
      results[`tfjs-${b}`] = best(repeats, () => tfjs.mlpEpoch(data, layers, order, batch, lr));
    }
    report('W3', 'samples/s', (ms) => data.n / (ms / 1000), true, results);
  }
  console.log(`\n${rows.join('\n')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
