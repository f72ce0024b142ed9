/**
 * W5: a chain of 10,000 elementwise ops (add, mul, tanh in turn) on 16-element float32 tensors,
 * built forward and differentiated, in Entropic and in TensorFlow.js (the same inputs and op
 * sequence as packages/core/bench/run.ts; tfjs's gradients come from @entropic/bench-tfjs).
 */
import type * as TF from '@tensorflow/tfjs-core';
import { Tensor, add, mul, randn, sum, tanh } from '@entropic/core';

export const CHAIN = 10_000;
const WIDTH = 16;

export interface ChainInputs {
  x: Float32Array;
  a: Float32Array;
  b: Float32Array;
}

/** y ← tanh((y ± a)·b) with b ≈ 1: values stay in tanh's near-linear range, the gradient stays normal. */
export function chainInputs(): ChainInputs {
  const x = randn([WIDTH], { seed: 3 }).data as Float32Array;
  const a = randn([WIDTH], { seed: 4 }).mul(0.1).data as Float32Array;
  const b = randn([WIDTH], { seed: 5 }).mul(0.001).add(1).data as Float32Array;
  return { x: x.slice(), a: a.slice(), b: b.slice() };
}

/** One forward + backward pass through Entropic's active backend; returns the input's gradient. */
export function entropicChain(inp: ChainInputs): () => Float32Array {
  const aPos = Tensor.fromData(inp.a.slice(), [WIDTH]);
  const aNeg = Tensor.fromData(inp.a.map((v) => -v), [WIDTH]);
  const b = Tensor.fromData(inp.b.slice(), [WIDTH]);
  return () => {
    const x = Tensor.fromData(inp.x.slice(), [WIDTH], { requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < CHAIN; i++) {
      const r = i % 3;
      y = r === 0 ? add(y, i % 6 === 0 ? aPos : aNeg) : r === 1 ? mul(y, b) : tanh(y);
    }
    sum(y).backward();
    return x.grad!.data as Float32Array;
  };
}

export function tfChain(tf: typeof TF, inp: ChainInputs): { run: () => Float32Array; dispose: () => void } {
  const aPos = tf.tensor1d(inp.a, 'float32');
  const aNeg = tf.tensor1d(inp.a.map((v) => -v), 'float32');
  const b = tf.tensor1d(inp.b, 'float32');
  const x = tf.tensor1d(inp.x, 'float32');
  const f = (t: TF.Tensor): TF.Tensor => {
    let y = t;
    for (let i = 0; i < CHAIN; i++) {
      const r = i % 3;
      y = r === 0 ? tf.add(y, i % 6 === 0 ? aPos : aNeg) : r === 1 ? tf.mul(y, b) : tf.tanh(y);
    }
    return tf.sum(y);
  };
  const g = tf.grad(f);
  return {
    run: () => {
      const dx = tf.tidy(() => g(x));
      const out = dx.dataSync() as Float32Array;
      dx.dispose();
      return out;
    },
    dispose: () => tf.dispose([aPos, aNeg, b, x]),
  };
}

/**
 * tfjs-core's Node bundle ships no gradients; @entropic/bench-tfjs registers Add, Multiply and
 * Sum, and this adds Tanh's, a port of tfjs-core 4.22's `gradients/Tanh_grad.ts`.
 */
export function registerTanhGradient(tf: typeof TF): void {
  if (tf.getGradient(tf.Tanh) !== undefined) return;
  tf.registerGradient({
    kernelName: tf.Tanh,
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [y] = saved as [TF.Tensor];
      return { x: () => tf.mul(tf.sub(tf.scalar(1), tf.square(y)), dy as TF.Tensor) };
    },
  });
}
