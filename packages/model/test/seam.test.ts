/** Models compute through the active backend's kernels (the compute seam): layers, losses, updates, batching. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, Tensor, backend, kernelNames, setBackend, tensor } from '@entropic/core';
import { type KernelCounts, spyBackend } from '@entropic/conformance';
import { Linear, LogisticRegression, MLP } from '../src/index.js';

let previous: Backend;
let spy: KernelCounts;
beforeEach(() => {
  spy = spyBackend(backend(), kernelNames);
  previous = setBackend(spy);
});
afterEach(() => {
  setBackend(previous);
});

function data(n: number, d: number): { X: Tensor; y: Tensor } {
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = Math.sin(i * 7 + j * 3);
    y[i] = x[i * d]! + x[i * d + 1]! > 0 ? 1 : 0;
  }
  return { X: Tensor.fromData(x, [n, d]), y: Tensor.fromData(y, [n]) };
}

describe('models reach their kernels through backend()', () => {
  it('linear: gemm and biasAdd forward; gemm and columnSum backward', () => {
    const layer = new Linear(3, 2, { seed: 1 });
    const out = layer.forward(tensor([[1, 2, 3], [4, 5, 6]]));
    expect(spy.count('gemm')).toBe(1);
    expect(spy.count('biasAdd')).toBe(1);
    out.sum().backward();
    expect(spy.count('columnSum')).toBe(1);
    expect(spy.count('gemm')).toBe(2); // dW = gᵀ·x (the input needs no gradient)
    expect(Array.from(layer.bias!.grad!.data)).toEqual([2, 2]);
  });

  it('MLP.fit: mini-batches by indexSelect, cross-entropy and Adam kernels, every batch', () => {
    const { X, y } = data(40, 4);
    const mlp = new MLP([4, 8, 2], { seed: 3 });
    mlp.fit(X, y, { epochs: 2, batchSize: 10, seed: 0, lr: 0.01 });
    const batches = 2 * 4;
    expect(spy.count('indexSelect')).toBe(2 * batches); // X and y of each batch
    expect(spy.count('crossEntropyForward')).toBe(batches);
    expect(spy.count('crossEntropyBackward')).toBe(batches);
    expect(spy.count('adamUpdate')).toBe(4 * batches); // two weights, two biases
    expect(spy.count('biasAdd')).toBeGreaterThanOrEqual(2 * batches);
    expect(spy.count('columnSum')).toBe(2 * batches);
  });

  it('LogisticRegression.fit (minibatch SGD) goes through indexSelect, the logistic loss and the update kernels', () => {
    const { X, y } = data(30, 3);
    new LogisticRegression({ solver: 'sgd', batchSize: 10, maxIter: 2, lr: 0.1, seed: 0 }).fit(X, Array.from(y.data));
    expect(spy.count('indexSelect')).toBeGreaterThan(0);
    // The default binary loss runs fused with the linear layer: loss and gradient in one kernel.
    expect(spy.count('linearBceWithLogits')).toBeGreaterThan(0);
    expect(spy.count('sgdUpdate')).toBeGreaterThan(0);
  });

  it('full-batch training holds X for the backend while it trains, and releases it, also when training fails', () => {
    const { X, y } = data(60, 3);
    const held: { data: unknown; released: number }[] = [];
    const base = backend();
    setBackend({
      name: 'holding',
      hold: (d) => {
        const h = { data: d, released: 0 };
        held.push(h);
        const release = base.hold(d);
        return () => {
          h.released++;
          release();
        };
      },
    });
    new LogisticRegression({ solver: 'gd', maxIter: 3 }).fit(X, Array.from(y.data));
    expect(held).toHaveLength(1);
    expect(held[0]!.data).toBe(X.data);
    expect(held[0]!.released).toBe(1);
    // Mini-batches read rows, not X: nothing is held.
    new LogisticRegression({ solver: 'sgd', batchSize: 10, maxIter: 1, seed: 0 }).fit(X, Array.from(y.data));
    expect(held).toHaveLength(1);
    // A diverging fit still releases what it held.
    const big = Tensor.fromData(X.data.map((v) => v * 1e30), [60, 3]);
    expect(() => new LogisticRegression({ solver: 'gd', lr: 1e30, maxIter: 5 }).fit(big, Array.from(y.data))).toThrow();
    expect(held).toHaveLength(2);
    expect(held[1]!.released).toBe(1);
  });
});
