/**
 * One table, one process, the same seeded data: Entropic on its CPU backend and on this
 * package's WebAssembly backend (1 and 2 threads), TensorFlow.js on its CPU backend and on its
 * WASM backend (1 and 2 threads), for
 *   W1 logistic regression 200,000 × 100 float32, full-batch gradient descent (ms/iter ↓)
 *   W2 softmax regression 60,000 × 784 → 10, batches of 128, one epoch (samples/s ↑)
 *   W3 MLP 784-256-10 ReLU, batches of 128, one epoch (samples/s ↑)
 *   W4 float32 matmul 1024³ (GFLOPS ↑)
 *   W5 10,000 small ops (length 16) forward + backward (µs/op ↓)
 * W1/W2 start from zero weights, W3 from the same seeded He-uniform weights; plain SGD; the
 * figure is the median of BENCH_REPEATS (default 3) timed runs after a warm-up run.
 *
 *   pnpm bench          BENCH_ONLY=W1,W4 BENCH_REPEATS=5 pnpm bench
 */
import { execSync } from 'node:child_process';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type Backend, Tensor, cpuBackend, matmul, randn, setBackend } from '@entropic/core';
import * as theirs from '@entropic/bench-tfjs';
import { batches } from '@entropic/data';
import { MLP, type Linear } from '@entropic/model';
import { type Classification, logisticData, prototypeData } from '../../model/bench/data.js';
import * as ours from '../../model/bench/ours.js';
import { createWasmBackend } from '../src/index.js';
import { registerTfjsWasm } from './tfjs-wasm-threads.js';
import { CHAIN, chainInputs, entropicChain, registerTanhGradient, tfChain } from './w5.js';

/** The order @entropic/data's batches visit the rows in epoch 0 for `seed`: the order `fit` trains in. */
function epochOrder(n: number, batchSize: number, seed: number): Int32Array {
  const index = Tensor.fromData(Int32Array.from({ length: n }, (_, i) => i), [n]);
  return batches(index, index, { batchSize, shuffle: true, seed }).order(0);
}

const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const only = new Set((process.env.BENCH_ONLY ?? 'W1,W2,W3,W4,W5').split(','));

type Who = 'entropic-cpu' | 'entropic-wasm-1' | 'entropic-wasm-2' | 'tfjs-cpu' | 'tfjs-wasm-1' | 'tfjs-wasm-2';
const WHO: Who[] = ['entropic-cpu', 'entropic-wasm-1', 'entropic-wasm-2', 'tfjs-cpu', 'tfjs-wasm-1', 'tfjs-wasm-2'];

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A one-epoch workload whose warm-up (on 6,400 samples) predicts more than this many ms per
 * epoch is timed on SLICE samples instead (samples/s is a rate): TF.js's CPU backend needs
 * minutes per W3 epoch.
 */
const SLOW_EPOCH_MS = 30_000;
const SLICE = 12_800;

/** The warm-up of the short workloads: two runs. */
function twice(run: () => void): () => void {
  return () => {
    run();
    run();
  };
}

function subset(data: Classification, n: number): Classification {
  return { ...data, X: Tensor.fromData(data.X.data.subarray(0, n * data.d), [n, data.d]), y: data.y.subarray(0, n), n };
}

function cpuModel(): string {
  try {
    const line = execSync('lscpu', { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('Model name:'));
    if (line) return line.slice('Model name:'.length).trim();
  } catch {}
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

async function main(): Promise<void> {
  const wasm1 = await createWasmBackend({ threads: 1 });
  const wasm2 = await createWasmBackend({ threads: 2 });
  const tfWasm = await registerTfjsWasm(tf);
  theirs.registerTfGradients();
  registerTanhGradient(tf);
  const warn = console.warn;
  console.warn = () => {}; // tfjs-cpu's one-time "install tfjs-node" hint
  await tf.setBackend('cpu');
  tf.tensor1d([0]).dispose();
  console.warn = warn;
  console.log(`CPU: ${cpuModel()} (${os.availableParallelism()} logical cores), Node ${process.version}, tfjs ${tf.version_core}, median of ${repeats} after a warm-up`);
  console.log(`TF.js WASM backends ready: ${tfWasm.join(', ') || 'none'}; Entropic WASM threads: ${wasm1.threads} and ${wasm2.threads}`);

  const entropic: Record<string, Backend> = { 'entropic-cpu': cpuBackend, 'entropic-wasm-1': wasm1, 'entropic-wasm-2': wasm2 };
  const tfName: Record<string, string> = { 'tfjs-cpu': 'cpu', 'tfjs-wasm-1': 'wasm-1', 'tfjs-wasm-2': 'wasm-2' };
  /** Makes `who` the active implementation; false if it is unavailable here. */
  async function use(who: Who): Promise<boolean> {
    if (who.startsWith('entropic')) {
      setBackend(entropic[who]!);
      return true;
    }
    setBackend(cpuBackend);
    const name = tfName[who]!;
    if (name !== 'cpu' && !tfWasm.includes(name)) return false;
    return tf.setBackend(name);
  }

  /**
   * A workload: for each implementation, `prepare` makes its data and returns `run` (one timed
   * unit, giving the figure's input) and `warm` (the warm-up), or null when it is unavailable.
   */
  interface Workload {
    id: string;
    label: string;
    higher: boolean;
    /** The figure from the median time of one run, in ms. */
    figure: (ms: number, who: Who) => number;
    prepare: (who: Who) => { run: () => void; warm: () => void } | null;
  }
  const table: { label: string; higher: boolean; values: Partial<Record<Who, number>> }[] = [];
  const notes: string[] = [];

  /**
   * Runs every implementation's warm-up, then the timed runs round-robin (one run of each in
   * turn, `repeats` times), so that all of them sample the same moments of a shared machine.
   */
  async function measure(w: Workload): Promise<void> {
    const runs = new Map<Who, () => void>();
    for (const who of WHO) {
      if (!(await use(who))) continue;
      const p = w.prepare(who);
      if (p === null) continue;
      p.warm();
      runs.set(who, p.run);
    }
    const times = new Map<Who, number[]>([...runs.keys()].map((k) => [k, []]));
    for (let r = 0; r < repeats; r++) {
      for (const [who, run] of runs) {
        await use(who);
        const t0 = performance.now();
        run();
        times.get(who)!.push(performance.now() - t0);
      }
    }
    const values: Partial<Record<Who, number>> = {};
    for (const [who, ts] of times) values[who] = w.figure(median(ts), who);
    console.log(`${w.id}: ${Object.entries(values).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ')}`);
    table.push({ label: w.label, higher: w.higher, values });
  }

  if (only.has('W1')) {
    const data = logisticData(200_000, 100, 1);
    const iters = 20;
    const lr = 0.5;
    const losses = new Map<Who, number>();
    await measure({
      id: 'W1',
      label: 'W1 logistic regression 200k×100, ms/iter ↓',
      higher: false,
      figure: (ms) => ms / iters,
      prepare: (who) => {
        const e = who.startsWith('entropic');
        return {
          run: () => losses.set(who, (e ? ours.w1(data, iters, lr) : theirs.w1(data, iters, lr)).finalLoss),
          warm: () => (e ? ours.w1(data, 3, lr) : theirs.w1(data, 3, lr)),
        };
      },
    });
    notes.push(`W1 final losses after ${iters} iterations: ${[...losses].map(([k, v]) => `${k} ${v.toPrecision(7)}`).join(', ')}`);
  }

  const mnist = only.has('W2') || only.has('W3') ? prototypeData(60_000, 784, 10, 2) : null;
  const batch = 128;
  const seed = 42;
  /** One epoch (or, for an implementation that would take minutes, a slice of it), samples/s. */
  function epochWorkload(id: 'W2' | 'W3', label: string, run: (who: Who, d: Classification) => number): Workload {
    const data = mnist!;
    const small = subset(data, 6400);
    const sizes = new Map<Who, number>();
    const losses = new Map<Who, number>();
    return {
      id,
      label,
      higher: true,
      figure: (ms, who) => sizes.get(who)! / (ms / 1000),
      prepare: (who) => {
        const t0 = performance.now();
        run(who, small);
        const slow = ((performance.now() - t0) / small.n) * data.n > SLOW_EPOCH_MS;
        const d = slow ? subset(data, SLICE) : data;
        if (slow) notes.push(`${id} ${who}: timed on the first ${SLICE} samples of the epoch (a full epoch takes minutes)`);
        sizes.set(who, d.n);
        return { run: () => losses.set(who, run(who, d)), warm: () => run(who, small) };
      },
    };
  }
  if (mnist !== null && only.has('W2')) {
    const lr = 0.01;
    const zeros = { weight: new Float32Array(10 * 784), bias: new Float32Array(10), outF: 10, inF: 784 };
    // tfjs gets the epoch order our fit draws for the same data size and seed.
    await measure(epochWorkload('W2', 'W2 softmax regression 60k×784→10, samples/s ↑', (who, d) =>
      (who.startsWith('entropic') ? ours.w2(d, batch, lr, seed) : theirs.mlpEpoch(d, [zeros], epochOrder(d.n, batch, seed), batch, lr)).finalLoss,
    ));
  }
  if (mnist !== null && only.has('W3')) {
    const lr = 0.01;
    const make = () => new MLP([784, 256, 10], { seed: 7 });
    const init = make();
    const layers = [init.at(0), init.at(2)].map((m) => {
      const l = m as Linear;
      return { weight: l.weight.data as Float32Array, bias: l.bias!.data as Float32Array, outF: l.outFeatures, inF: l.inFeatures };
    });
    await measure(epochWorkload('W3', 'W3 MLP 784-256-10, samples/s ↑', (who, d) =>
      (who.startsWith('entropic') ? ours.w3(d, make(), batch, lr, seed) : theirs.mlpEpoch(d, layers, epochOrder(d.n, batch, seed), batch, lr)).finalLoss,
    ));
  }

  if (only.has('W4')) {
    const n = 1024;
    const a = randn([n, n], { seed: 1 });
    const b = randn([n, n], { seed: 2 });
    await measure({
      id: 'W4',
      label: 'W4 matmul 1024³ float32, GFLOPS ↑',
      higher: true,
      figure: (ms) => (2 * n ** 3) / (ms * 1e6),
      prepare: (who) => {
        if (who.startsWith('entropic')) {
          const run = () => void matmul(a, b);
          return { run, warm: twice(run) };
        }
        const ta = tf.tensor2d(a.data as Float32Array, [n, n]);
        const tb = tf.tensor2d(b.data as Float32Array, [n, n]);
        const run = () => {
          const c = tf.matMul(ta, tb);
          c.dataSync();
          c.dispose();
        };
        return { run, warm: twice(run) };
      },
    });
  }

  if (only.has('W5')) {
    const inp = chainInputs();
    await measure({
      id: 'W5',
      label: 'W5 10,000 ops [16] fwd+bwd, µs/op ↓',
      higher: false,
      figure: (ms) => (ms * 1000) / CHAIN,
      prepare: (who) => {
        const run = who.startsWith('entropic') ? entropicChain(inp) : tfChain(tf, inp).run;
        return { run: () => void run(), warm: twice(() => void run()) };
      },
    });
  }

  setBackend(cpuBackend);
  const fmt = (v: number | undefined): string => (v === undefined ? '—' : v >= 1000 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const header = ['workload', ...WHO, 'Entropic WASM vs TF.js WASM'];
  const rows = table.map((r) => {
    const oursBest = [r.values['entropic-wasm-1'], r.values['entropic-wasm-2']].filter((v) => v !== undefined) as number[];
    const theirsBest = [r.values['tfjs-wasm-1'], r.values['tfjs-wasm-2']].filter((v) => v !== undefined) as number[];
    const pick = (xs: number[]) => (r.higher ? Math.max(...xs) : Math.min(...xs));
    const ratio = oursBest.length && theirsBest.length ? (r.higher ? pick(oursBest) / pick(theirsBest) : pick(theirsBest) / pick(oursBest)) : Number.NaN;
    return [r.label, ...WHO.map((w) => fmt(r.values[w])), Number.isNaN(ratio) ? '—' : `${ratio.toFixed(2)}×`];
  });
  console.log();
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log();
  console.log('Last column: the better Entropic WASM figure over the better TF.js WASM figure (> 1: Entropic faster).');
  for (const n of notes) console.log(n);
  wasm1.dispose();
  wasm2.dispose();
  // tfjs's emscripten pthread workers keep the process alive: exit explicitly.
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
