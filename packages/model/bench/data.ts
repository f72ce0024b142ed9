/** Seeded synthetic data for the benchmarks (uniform draws only: fast to make, same every run). */
import { RandomGenerator, Tensor } from '@entropic/core';

export interface Classification {
  X: Tensor;
  y: Int32Array;
  n: number;
  d: number;
  classes: number;
}

/** W1: n × d features of unit variance, labels drawn from a true logistic model. */
export function logisticData(n: number, d: number, seed: number): Classification {
  const g = new RandomGenerator(seed);
  const w = Float64Array.from({ length: d }, () => (2 * g.uniform() - 1) * 0.5);
  const X = new Float32Array(n * d);
  const y = new Int32Array(n);
  const s3 = Math.sqrt(3);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < d; j++) {
      const v = (2 * g.uniform() - 1) * s3;
      X[i * d + j] = v;
      z += v * w[j]!;
    }
    y[i] = g.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: Tensor.fromData(X, [n, d]), y, n, d, classes: 2 };
}

/** W2/W3: MNIST-shaped (n × 784 in [0, 1], 10 classes): a class prototype plus noise. */
export function prototypeData(n: number, d: number, classes: number, seed: number): Classification {
  const g = new RandomGenerator(seed);
  const protos = Float64Array.from({ length: classes * d }, () => g.uniform());
  const X = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = g.integer(classes);
    y[i] = c;
    for (let j = 0; j < d; j++) X[i * d + j] = 0.5 * protos[c * d + j]! + 0.5 * g.uniform();
  }
  return { X: Tensor.fromData(X, [n, d]), y, n, d, classes };
}
