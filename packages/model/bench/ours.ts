/** The three workloads run with @entropic/model. */
import { Tensor, noGrad } from '@entropic/core';
import { type MLP, SoftmaxRegression, LogisticRegression, fit } from '../src/index.js';
import type { Classification } from './data.js';

export interface Result {
  /** Milliseconds of the timed part. */
  ms: number;
  /** Training objective on the full data after training. */
  finalLoss: number;
}

export function w1(data: Classification, iterations: number, lr: number): Result {
  const model = new LogisticRegression({ solver: 'gd', lr, maxIter: iterations, tol: 0 });
  const t0 = performance.now();
  model.fit(data.X, data.y);
  const ms = performance.now() - t0;
  return { ms, finalLoss: model.objective(data.X, data.y) };
}

/**
 * Memory of W1 (untimed): typed-array memory still held after a full GC at each iteration.
 * Flat from the first iteration to the last means nothing is retained per iteration; the
 * graph's own arrays are garbage once the step is done.
 */
export function w1Retained(data: Classification, iterations: number, lr: number, gc: () => void): number[] {
  const model = new LogisticRegression({ solver: 'gd', lr, maxIter: iterations, tol: 0 });
  const held: number[] = [];
  model.fit(data.X, data.y, {
    onEpoch: () => {
      gc();
      held.push(process.memoryUsage().arrayBuffers);
    },
  });
  return held;
}

export function w2(data: Classification, batchSize: number, lr: number, seed: number): Result {
  const model = new SoftmaxRegression({ solver: 'sgd', lr, maxIter: 1, batchSize, seed });
  const t0 = performance.now();
  model.fit(data.X, data.y);
  const ms = performance.now() - t0;
  return { ms, finalLoss: model.objective(data.X, data.y) };
}

export function w3(data: Classification, model: MLP, batchSize: number, lr: number, seed: number): Result {
  const y = Tensor.fromData(data.y, [data.n]);
  const t0 = performance.now();
  const h = fit(model, data.X, y, { loss: 'crossEntropy', optimizer: 'sgd', lr, epochs: 1, batchSize, seed, shuffle: true });
  const ms = performance.now() - t0;
  void h;
  return { ms, finalLoss: fullLoss(model, data) };
}

/** Mean cross-entropy of an MLP over the whole data set (evaluated in chunks, in float64). */
export function fullLoss(model: MLP, data: Classification): number {
  let total = 0;
  const chunk = 4096;
  for (let s = 0; s < data.n; s += chunk) {
    const e = Math.min(s + chunk, data.n);
    const xb = Tensor.fromData(data.X.data.subarray(s * data.d, e * data.d), [e - s, data.d]);
    const z = noGrad(() => model.forward(xb)).data;
    const k = data.classes;
    for (let i = 0; i < e - s; i++) {
      let m = -Infinity;
      for (let c = 0; c < k; c++) m = Math.max(m, z[i * k + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(z[i * k + c]! - m);
      total += m + Math.log(sum) - z[i * k + data.y[s + i]!]!;
    }
  }
  return total / data.n;
}
