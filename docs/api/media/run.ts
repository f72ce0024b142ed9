/**
 * Forward + backward of the fused losses against TensorFlow.js (CPU backend) in one process,
 * float32, N = 4096 rows and C = 10 or 1000 classes:
 *   crossEntropy (int32 class indices, and one-hot targets) vs tf.losses.softmaxCrossEntropy,
 *   binaryCrossEntropyWithLogits vs tf.losses.sigmoidCrossEntropy.
 * Both sides start from the same typed arrays and end with the input gradient in a typed array.
 * The machine may be shared, so each figure is the best of ROUNDS timed rounds (BENCH_ROUNDS).
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { RandomGenerator, Tensor } from '@entropic/core';
import { binaryCrossEntropyWithLogits, crossEntropy } from '../src/index.js';
import { registerTfGradients } from '@entropic/bench-tfjs';

const N = 4096;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** Iterations per round are chosen so a round lasts about this long. */
const ROUND_MS = 150;

interface Workload {
  logits: Float32Array;
  labels: Int32Array;
  oneHot: Float32Array;
  multiLabel: Float32Array;
}

function workload(c: number, seed: number): Workload {
  const g = new RandomGenerator(seed);
  const logits = Float32Array.from({ length: N * c }, () => 3 * g.normal());
  const labels = Int32Array.from({ length: N }, () => g.integer(c));
  const oneHot = new Float32Array(N * c);
  labels.forEach((k, i) => {
    oneHot[i * c + k] = 1;
  });
  const multiLabel = Float32Array.from({ length: N * c }, () => (g.uniform() < 0.3 ? 1 : 0));
  return { logits, labels, oneHot, multiLabel };
}

/** ms per call: the best round of ROUNDS, each of enough calls to last ~ROUND_MS. */
function time(run: () => void): number {
  for (let i = 0; i < 3; i++) run();
  const t0 = performance.now();
  run();
  const reps = Math.max(1, Math.round(ROUND_MS / Math.max(performance.now() - t0, 0.01)));
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    for (let k = 0; k < reps; k++) run();
    best = Math.min(best, (performance.now() - t) / reps);
  }
  return best;
}

/** Entropic: value and input gradient, as a training step needs them. */
function ours(loss: (x: Tensor) => Tensor, logits: Float32Array, c: number): [number, Float32Array] {
  const x = Tensor.fromData(logits, [N, c], { requiresGrad: true });
  const v = loss(x);
  v.backward();
  return [v.item(), x.grad!.data as Float32Array];
}

/** TensorFlow.js: the same, with tf.valueAndGrad; the result is read back so all work is done. */
function theirs(loss: (x: tf.Tensor) => tf.Scalar, logits: Float32Array, c: number): [number, Float32Array] {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => loss(x))(tf.tensor2d(logits, [N, c]));
    return [value.dataSync()[0]!, grad.dataSync() as Float32Array];
  });
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  registerTfGradients();
  console.log(`CPU: ${os.cpus()[0]?.model} (${os.cpus().length} logical cores), Node ${process.version}, TensorFlow.js ${tf.version_core} (${tf.getBackend()}), best of ${ROUNDS} rounds`);
  console.log('forward + backward, float32, N = 4096; ms per call (lower is better)\n');
  for (const c of [10, 1000]) {
    const w = workload(c, c);
    const labels = Tensor.fromData(w.labels, [N]);
    const oneHot = Tensor.fromData(w.oneHot, [N, c]);
    const multi = Tensor.fromData(w.multiLabel, [N, c]);
    const tfOneHot = tf.tensor2d(w.oneHot, [N, c]);
    const tfMulti = tf.tensor2d(w.multiLabel, [N, c]);
    const cases: [string, () => [number, Float32Array], () => [number, Float32Array]][] = [
      ['crossEntropy (int32 labels) vs softmaxCrossEntropy', () => ours((x) => crossEntropy(x, labels), w.logits, c),
        () => theirs((x) => tf.losses.softmaxCrossEntropy(tfOneHot, x), w.logits, c)],
      ['crossEntropy (one-hot)      vs softmaxCrossEntropy', () => ours((x) => crossEntropy(x, oneHot), w.logits, c),
        () => theirs((x) => tf.losses.softmaxCrossEntropy(tfOneHot, x), w.logits, c)],
      ['binaryCrossEntropyWithLogits vs sigmoidCrossEntropy', () => ours((x) => binaryCrossEntropyWithLogits(x, multi), w.logits, c),
        () => theirs((x) => tf.losses.sigmoidCrossEntropy(tfMulti, x), w.logits, c)],
    ];
    for (const [name, mine, tfjs] of cases) {
      const [va, ga] = mine();
      const [vb, gb] = tfjs();
      const msOurs = time(() => void mine());
      const msTf = time(() => void tfjs());
      const row = `C = ${String(c).padEnd(4)} | ${name} | entropic ${msOurs.toFixed(2).padStart(7)} ms | tfjs-cpu ${msTf.toFixed(2).padStart(7)} ms | entropic is ${(msTf / msOurs).toFixed(1)}× faster`
        + ` | |Δloss| ${Math.abs(va - vb).toExponential(1)}, max |Δgrad| ${maxDiff(ga, gb).toExponential(1)}`;
      console.log(row);
    }
    tfOneHot.dispose();
    tfMulti.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
