/** The model package's fused ops under a recorded backward (Hessians for second-order solvers), and loadStateDict's version bump. */
import { describe, expect, it } from 'vitest';
import { gradgradcheck, isEntropicError, matmul, sum, tensor, transpose, add } from '@entropic/core';
import { Dropout, Linear, linear } from '../src/index.js';

const f64 = (values: number[], shape: number[]) => tensor(values, { dtype: 'float64', shape });

describe('second derivatives through the fused layers', () => {
  it('linear(x, W, b) passes gradgradcheck in every argument', () => {
    const x = f64([0.5, -1, 2, 0.3, 0.1, -0.7], [2, 3]);
    const W = f64([0.2, -0.4, 0.6, 1.1, -0.3, 0.05, 0.9, 0.4, -1.2, 0.3, 0.8, -0.6], [4, 3]);
    const b = f64([0.1, -0.2, 0.3, 0.4], [4]);
    const square = (...a: Parameters<typeof linear>) => { const z = linear(...a); return sum(z.mul(z).mul(z)); };
    const r = gradgradcheck((xx, ww, bb) => square(xx, ww, bb), [x, W, b], { atol: 1e-6, rtol: 1e-5 });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    // Same values as the composite x·Wᵀ + b.
    expect(Array.from(linear(x, W, b).data)).toEqual(Array.from(add(matmul(x, transpose(W)), b).data));
  });

  it('Dropout (training) passes gradgradcheck', () => {
    const x = f64([0.5, -1, 2, 0.3, 0.1, -0.7], [2, 3]);
    // A fresh layer with the same seed per call: the same mask for every finite difference.
    const r = gradgradcheck((v) => { const out = new Dropout(0.3, { seed: 3 }).forward(v); return out.mul(out); }, [x]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });
});

describe('loadStateDict is a tracked in-place change', () => {
  it('a graph recorded before loading refuses to backpropagate', () => {
    const layer = new Linear(3, 2, { seed: 1, dtype: 'float64' });
    const loss = sum(layer.forward(f64([1, 2, 3], [1, 3])).mul(2));
    const before = layer.parameters().map((p) => p.version);
    layer.loadStateDict(layer.stateDict());
    expect(layer.parameters().map((p) => p.version)).toEqual(before.map((v) => v + 1));
    let caught: unknown;
    try {
      loss.backward();
    } catch (e) {
      caught = e;
    }
    expect(isEntropicError(caught) && caught.code).toBe('STATE');
  });
});
