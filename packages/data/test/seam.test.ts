/** Row gathers (mini-batches, splits) run as the backend's indexSelect kernel (the compute seam). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, Tensor, backend, kernelNames, setBackend } from '@entropic/core';
import { type KernelCounts, spyBackend } from '@entropic/conformance';
import { batches, trainTestSplit } from '../src/index.js';

let previous: Backend;
let spy: KernelCounts;
beforeEach(() => {
  spy = spyBackend(backend(), kernelNames);
  previous = setBackend(spy);
});
afterEach(() => {
  setBackend(previous);
});

const X = Tensor.fromData(Float64Array.from({ length: 20 }, (_, i) => i), [10, 2]);
const y = Tensor.fromData(Int32Array.from({ length: 10 }, (_, i) => i % 2), [10]);

describe('data row gathers go through backend().indexSelect', () => {
  it('batches: one indexSelect for X and one for y per batch, with the right rows', () => {
    const loader = batches(X, y, { batchSize: 4, shuffle: true, seed: 1 });
    let seen = 0;
    for (const b of loader) {
      seen++;
      for (let r = 0; r < b.indices.length; r++) {
        const i = b.indices[r]!;
        expect([b.X.data[2 * r], b.X.data[2 * r + 1], b.y.data[r]]).toEqual([2 * i, 2 * i + 1, i % 2]);
      }
    }
    expect(seen).toBe(3);
    expect(spy.count('indexSelect')).toBe(2 * seen);
  });

  it('trainTestSplit: four indexSelects', () => {
    const s = trainTestSplit(X, y, { testSize: 0.3, seed: 2 });
    expect(s.XTest.shape).toEqual([3, 2]);
    expect(spy.count('indexSelect')).toBe(4);
  });
});
