/**
 * @entropic/model's benchmark workloads in TensorFlow.js (CPU or WASM backend): the same data,
 * the same initial parameters, the same batches in the same order, `tf.train.sgd`.
 *
 * tfjs-core's Node build registers no gradients (the umbrella @tensorflow/tfjs package does,
 * and it is not a dependency here), so the backward pass is written out with the tfjs kernels
 * `tf.grad` would run (matMul with transposes, sigmoid/softmax, sums) and handed to the
 * optimizer's `applyGradients`. Skipping the tape, if anything, favours tfjs.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A classification data set as the benchmarks make it: float32 rows, int32 labels. */
export interface Classification {
  X: { readonly data: ArrayLike<number> };
  y: Int32Array;
  n: number;
  d: number;
  classes: number;
}

/** One timed run: milliseconds of the timed part and the training objective after it. */
export interface Result {
  ms: number;
  finalLoss: number;
}

/**
 * Rows of X and one-hot y in `order`, as typed arrays (permuting is done once, outside the
 * timing: an advantage given to tfjs). Batches are made from them with tf.tensor2d, as a tfjs
 * user feeds batches: `tf.slice` of the 60,000-row tensor costs ~90 ms per batch on the WASM
 * backend (measured), which would measure slicing, not training.
 */
function permuted(data: Classification, order: Int32Array): { xs: Float32Array; ys: Float32Array } {
  const src = data.X.data as Float32Array;
  const xs = new Float32Array(src.length);
  const ys = new Float32Array(data.n * data.classes);
  for (let i = 0; i < data.n; i++) {
    xs.set(src.subarray(order[i]! * data.d, (order[i]! + 1) * data.d), i * data.d);
    ys[i * data.classes + data.y[order[i]!]!] = 1;
  }
  return { xs, ys };
}

export function w1(data: Classification, iterations: number, lr: number): Result {
  const X = tf.tensor2d(data.X.data as Float32Array, [data.n, data.d]);
  const Y = tf.tensor2d(Float32Array.from(data.y), [data.n, 1]);
  const w = tf.variable(tf.zeros([data.d, 1]), true, 'w1_w');
  const b = tf.variable(tf.zeros([1]), true, 'w1_b');
  const opt = tf.train.sgd(lr);
  const logits = () => tf.add(tf.matMul(X, w), b);
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    tf.tidy(() => {
      // d mean(sigmoidCrossEntropy)/dz = (σ(z) − y)/n
      const g = tf.div(tf.sub(tf.sigmoid(logits()), Y), data.n);
      opt.applyGradients({ w1_w: tf.matMul(X, g, true, false), w1_b: tf.sum(g, 0) });
    });
  }
  w.dataSync();
  const ms = performance.now() - t0;
  const finalLoss = tf.tidy(() => tf.losses.sigmoidCrossEntropy(Y, logits()).dataSync()[0]!);
  tf.dispose([X, Y, w, b]);
  opt.dispose();
  return { ms, finalLoss };
}

export interface Layer {
  weight: Float32Array;
  bias: Float32Array;
  outF: number;
  inF: number;
}

/** An MLP (or, with one layer, softmax regression) trained one epoch on `order`. */
export function mlpEpoch(data: Classification, layers: Layer[], order: Int32Array, batchSize: number, lr: number): Result {
  const { xs, ys } = permuted(data, order);
  // Our weights are [out, in] (PyTorch's layout); tfjs multiplies x·W with W [in, out].
  const vars = layers.map((l, i) => ({
    w: tf.variable(tf.transpose(tf.tensor2d(l.weight, [l.outF, l.inF])), true, `mlp_w${i}`),
    b: tf.variable(tf.tensor1d(l.bias), true, `mlp_b${i}`),
  }));
  /** Pre-activations of every layer (the last is the logits). */
  const forward = (x: tf.Tensor2D): tf.Tensor2D[] => {
    const pre: tf.Tensor2D[] = [];
    let h = x;
    vars.forEach((v, i) => {
      const a = tf.add(tf.matMul(h, v.w), v.b) as tf.Tensor2D;
      pre.push(a);
      if (i + 1 < vars.length) h = tf.relu(a);
    });
    return pre;
  };
  const opt = tf.train.sgd(lr);
  const t0 = performance.now();
  for (let s = 0; s < data.n; s += batchSize) {
    const e = Math.min(s + batchSize, data.n);
    tf.tidy(() => {
      const xb = tf.tensor2d(xs.subarray(s * data.d, e * data.d), [e - s, data.d]);
      const yb = tf.tensor2d(ys.subarray(s * data.classes, e * data.classes), [e - s, data.classes]);
      const pre = forward(xb);
      const grads: Record<string, tf.Tensor> = {};
      // d mean(softmaxCrossEntropy)/dz = (softmax(z) − y)/m, then back through each layer.
      let delta: tf.Tensor2D = tf.div(tf.sub(tf.softmax(pre[pre.length - 1]!), yb), e - s);
      for (let i = vars.length - 1; i >= 0; i--) {
        const input = i === 0 ? xb : tf.relu(pre[i - 1]!);
        grads[`mlp_w${i}`] = tf.matMul(input, delta, true, false);
        grads[`mlp_b${i}`] = tf.sum(delta, 0);
        if (i > 0) delta = tf.mul(tf.matMul(delta, vars[i]!.w, false, true), tf.step(pre[i - 1]!)) as tf.Tensor2D;
      }
      opt.applyGradients(grads);
    });
  }
  vars[0]!.w.dataSync();
  const ms = performance.now() - t0;
  const finalLoss = tf.tidy(() => {
    const X = tf.tensor2d(xs, [data.n, data.d]);
    const Y = tf.tensor2d(ys, [data.n, data.classes]);
    return tf.losses.softmaxCrossEntropy(Y, forward(X).pop()!).dataSync()[0]!;
  });
  tf.dispose(vars.flatMap((v) => [v.w, v.b]));
  opt.dispose();
  return { ms, finalLoss };
}
