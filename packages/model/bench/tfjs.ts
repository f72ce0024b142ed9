/**
 * The same three workloads in TensorFlow.js (CPU or WASM backend): the same data, the same
 * initial parameters, the same batches in the same order, `tf.train.sgd`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Classification } from './data.js';
import type { Result } from './ours.js';

function oneHot(y: Int32Array, k: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), k).toFloat() as tf.Tensor2D);
}

/** Rows of X and y in `order` (done once, outside the timing: an advantage given to tfjs). */
function permuted(data: Classification, order: Int32Array): { X: tf.Tensor2D; Y: tf.Tensor2D } {
  const src = data.X.data as Float32Array;
  const xs = new Float32Array(src.length);
  const ys = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) {
    xs.set(src.subarray(order[i]! * data.d, (order[i]! + 1) * data.d), i * data.d);
    ys[i] = data.y[order[i]!]!;
  }
  return { X: tf.tensor2d(xs, [data.n, data.d]), Y: oneHot(ys, data.classes) };
}

export function w1(data: Classification, iterations: number, lr: number): Result {
  const X = tf.tensor2d(data.X.data as Float32Array, [data.n, data.d]);
  const Y = tf.tensor2d(Float32Array.from(data.y), [data.n, 1]);
  const w = tf.variable(tf.zeros([data.d, 1]));
  const b = tf.variable(tf.zeros([1]));
  const opt = tf.train.sgd(lr);
  const loss = () => tf.losses.sigmoidCrossEntropy(Y, X.matMul(w).add(b)) as tf.Scalar;
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) opt.minimize(loss, false, [w, b]);
  w.dataSync();
  const ms = performance.now() - t0;
  const finalLoss = tf.tidy(() => loss().dataSync()[0]!);
  tf.dispose([X, Y, w, b, opt]);
  return { ms, finalLoss };
}

interface Layer {
  weight: Float32Array | Float64Array;
  bias: Float32Array | Float64Array;
  outF: number;
  inF: number;
}

/** An MLP (or, with one layer, softmax regression) trained one epoch on `order`. */
export function mlpEpoch(data: Classification, layers: Layer[], order: Int32Array, batchSize: number, lr: number): Result {
  const { X, Y } = permuted(data, order);
  // Our weights are [out, in] (PyTorch's layout); tfjs multiplies x·W with W [in, out].
  const vars = layers.map((l) => ({
    w: tf.variable(tf.tensor2d(l.weight, [l.outF, l.inF]).transpose()),
    b: tf.variable(tf.tensor1d(l.bias)),
  }));
  const forward = (x: tf.Tensor2D) => {
    let h: tf.Tensor2D = x;
    vars.forEach((v, i) => {
      h = h.matMul(v.w as tf.Tensor2D).add(v.b);
      if (i + 1 < vars.length) h = tf.relu(h);
    });
    return h;
  };
  const opt = tf.train.sgd(lr);
  const varList = vars.flatMap((v) => [v.w, v.b]);
  const t0 = performance.now();
  for (let s = 0; s < data.n; s += batchSize) {
    const e = Math.min(s + batchSize, data.n);
    tf.tidy(() => {
      const xb = X.slice([s, 0], [e - s, data.d]);
      const yb = Y.slice([s, 0], [e - s, data.classes]);
      opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, forward(xb)) as tf.Scalar, false, varList);
    });
  }
  vars[0]!.w.dataSync();
  const ms = performance.now() - t0;
  const finalLoss = tf.tidy(() => tf.losses.softmaxCrossEntropy(Y, forward(X)).dataSync()[0]!);
  tf.dispose([X, Y, opt, ...varList]);
  return { ms, finalLoss };
}
