/**
 * tfjs-core's Node bundle registers no gradients (the umbrella @tensorflow/tfjs package does,
 * from an ES module tree with extensionless imports that Node cannot load). The kernels that
 * tf.losses.softmaxCrossEntropy and sigmoidCrossEntropy differentiate through are registered
 * here as verbatim ports of tfjs-core 4.22's `dist/gradients/*_grad.js` (softmaxCrossEntropy's
 * own log-softmax step carries a customGrad and needs none).
 */
import * as tf from '@tensorflow/tfjs-core';

type T = tf.Tensor;
const { assertAndGetBroadcastShape, getReductionAxes } = tf.broadcast_util;

/** The broadcast-reduction step every binary gradient of tfjs-core ends with. */
function reduceTo(res: T, shape: number[], outShape: number[]): T {
  const axes = getReductionAxes(shape, outShape);
  return axes.length > 0 ? tf.reshape(tf.sum(res, axes), shape) : tf.reshape(res, shape);
}

export function registerTfGradients(): void {
  tf.registerGradient({
    kernelName: tf.Add,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [T, T];
      const outShape = assertAndGetBroadcastShape(a.shape, b.shape);
      return { a: () => reduceTo(dy as T, a.shape, outShape), b: () => reduceTo(dy as T, b.shape, outShape) };
    },
  });
  tf.registerGradient({
    kernelName: tf.Sub,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [T, T];
      const outShape = assertAndGetBroadcastShape(a.shape, b.shape);
      return { a: () => reduceTo(dy as T, a.shape, outShape), b: () => tf.neg(reduceTo(dy as T, b.shape, outShape)) };
    },
  });
  tf.registerGradient({
    kernelName: tf.Multiply,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [T, T];
      const outShape = assertAndGetBroadcastShape(a.shape, b.shape);
      return {
        a: () => reduceTo(tf.mul(dy as T, tf.cast(b, 'float32')), a.shape, outShape),
        b: () => reduceTo(tf.mul(dy as T, tf.cast(a, 'float32')), b.shape, outShape),
      };
    },
  });
  tf.registerGradient({
    kernelName: tf.RealDiv,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [T, T];
      const outShape = assertAndGetBroadcastShape(a.shape, b.shape);
      return {
        a: () => reduceTo(tf.div(dy as T, tf.cast(b, 'float32')), a.shape, outShape),
        b: () => tf.neg(tf.div(reduceTo(tf.mul(dy as T, tf.cast(a, 'float32')), b.shape, outShape), tf.cast(tf.square(b), 'float32'))),
      };
    },
  });
  tf.registerGradient({
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [T];
      const expanded = x.shape.slice();
      for (const ax of tf.util.parseAxisParam((attrs as { axis: number | number[] }).axis, x.shape)) expanded[ax] = 1;
      const derX = tf.mul(tf.reshape(dy as T, expanded), tf.ones(x.shape, 'float32'));
      return { x: () => derX };
    },
  });
  tf.registerGradient({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [T];
      return { x: () => tf.mul(dy as T, tf.cast(tf.step(x), 'float32')) };
    },
  });
  tf.registerGradient({
    kernelName: tf.Abs,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [T];
      return { x: () => tf.mul(dy as T, tf.step(tf.cast(x, 'float32'), -1)) };
    },
  });
  tf.registerGradient({ kernelName: tf.Neg, gradFunc: (dy) => ({ x: () => tf.neg(dy as T) }) });
  tf.registerGradient({
    kernelName: tf.Exp,
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [y] = saved as [T];
      return { x: () => tf.mul(dy as T, y) };
    },
  });
  tf.registerGradient({
    kernelName: tf.Log1p,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [T];
      return { x: () => tf.div(dy as T, tf.add(x, 1)) };
    },
  });
}
