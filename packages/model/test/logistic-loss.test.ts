/** The fused objective of binary logistic models: the same numbers as linear + BCE-with-logits, from one pass over x. */
import { describe, expect, it } from 'vitest';
import { Tensor, add, gradcheck, gradgradcheck, hessian, markModified, mul, reshape, sum } from '@entropic/core';
import { binaryCrossEntropyWithLogits } from '@entropic/loss';
import { linear } from '../src/linear.js';
import { logisticLoss } from '../src/logistic-loss.js';
import { weightedMean } from '../src/weights.js';

function problem(n: number, d: number, dtype: 'float32' | 'float64', scale = 1) {
  const make = (length: number, f: (i: number) => number) =>
    dtype === 'float32' ? Float32Array.from({ length }, (_, i) => f(i)) : Float64Array.from({ length }, (_, i) => f(i));
  const x = make(n * d, (i) => scale * Math.sin(i * 1.7 + 0.3));
  const y = make(n, (i) => (i % 3 === 0 ? 1 : i % 3 === 1 ? 0 : 0.25));
  const s = make(n, (i) => 0.5 + (i % 4) / 3);
  const w = make(d, (j) => 0.3 * Math.cos(j + 1));
  return {
    x: Tensor.fromData(x, [n, d]),
    y: Tensor.fromData(y, [n]),
    s: Tensor.fromData(s, [n]),
    w: Tensor.fromData(w, [1, d], { requiresGrad: true }),
    b: Tensor.fromData(make(1, () => -0.2), [1], { requiresGrad: true }),
  };
}

/** The objective as the composite of linear and the loss, as before the fused op. */
function composite(x: Tensor, w: Tensor, b: Tensor | null, y: Tensor, s: Tensor | null): Tensor {
  const z = reshape(linear(x, w, b), [x.shape[0]!]);
  return s === null ? binaryCrossEntropyWithLogits(z, y) : weightedMean('test', binaryCrossEntropyWithLogits(z, y, { reduction: 'none' }), s);
}

function valueAndGrads(f: typeof composite, p: ReturnType<typeof problem>, withBias: boolean, withWeights: boolean) {
  p.w.grad = null;
  p.b.grad = null;
  const v = f(p.x, p.w, withBias ? p.b : null, p.y, withWeights ? p.s : null);
  v.backward();
  return { value: v.item(), dw: Array.from(p.w.grad!.data), db: withBias ? p.b.grad!.item() : 0 };
}

describe('logisticLoss', () => {
  it('gives the value and gradients of linear + binaryCrossEntropyWithLogits (float64), with and without bias and sample weights, also for |z| up to 40', () => {
    for (const scale of [1, 10]) {
      const p = problem(37, 5, 'float64', scale);
      for (const withBias of [true, false]) {
        for (const withWeights of [false, true]) {
          const fused = valueAndGrads(logisticLoss, p, withBias, withWeights);
          const ref = valueAndGrads(composite, p, withBias, withWeights);
          expect(fused.value).toBeCloseTo(ref.value, 13);
          fused.dw.forEach((g, j) => {
            expect(g).toBeCloseTo(ref.dw[j]!, 13);
          });
          expect(fused.db).toBeCloseTo(ref.db, 13);
        }
      }
    }
  });

  it('agrees with the composite in float32 to float32 precision', () => {
    const p = problem(500, 20, 'float32', 3);
    const fused = valueAndGrads(logisticLoss, p, true, true);
    const ref = valueAndGrads(composite, p, true, true);
    expect(Math.abs(fused.value - ref.value)).toBeLessThan(1e-6 * Math.abs(ref.value));
    fused.dw.forEach((g, j) => {
      expect(Math.abs(g - ref.dw[j]!)).toBeLessThan(1e-5 * Math.max(1e-2, Math.abs(ref.dw[j]!)));
    });
  });

  it('passes gradcheck and gradgradcheck (float64) in the coefficients and the intercept', () => {
    const p = problem(12, 3, 'float64', 2);
    const f = (w: Tensor, b: Tensor) => logisticLoss(p.x, w, b, p.y, p.s);
    expect(gradcheck(f, [p.w, p.b], { eps: 1e-6, atol: 1e-8, rtol: 1e-6 }).ok).toBe(true);
    expect(gradgradcheck(f, [p.w, p.b], { eps: 1e-6, atol: 1e-8, rtol: 1e-6 }).ok).toBe(true);
  });

  it('has the Hessian of the composite (the Newton-CG solver differentiates it twice)', () => {
    const p = problem(25, 4, 'float64');
    const withL2 = (f: typeof composite) => (w: Tensor) => {
      const flat = reshape(w, [1, 4]);
      return add(f(p.x, flat, p.b, p.y, p.s), mul(sum(mul(flat, flat)), 0.05));
    };
    const w0 = Tensor.fromData(p.w.data.slice(), [4]);
    const hf = hessian(withL2(logisticLoss))(w0).data;
    const hc = hessian(withL2(composite))(w0).data;
    hf.forEach((v, i) => {
      expect(v).toBeCloseTo(hc[i]!, 13);
    });
  });

  it('accumulates like any op when backward runs twice, and refuses a backward after the coefficients changed in place', () => {
    const p = problem(10, 3, 'float64');
    const v = logisticLoss(p.x, p.w, p.b, p.y, null);
    v.backward();
    const once = Array.from(p.w.grad!.data);
    v.backward();
    p.w.grad!.data.forEach((g, j) => {
      expect(g).toBeCloseTo(2 * once[j]!, 14);
    });
    const again = logisticLoss(p.x, p.w, p.b, p.y, null);
    p.w.data[0] = 1;
    markModified(p.w);
    expect(() => again.backward()).toThrow(expect.objectContaining({ code: 'STATE' }));
  });

  it('records nothing when no input needs a gradient', () => {
    const p = problem(10, 3, 'float64');
    const v = logisticLoss(p.x, p.w.detach(), p.b.detach(), p.y, null);
    expect(v.requiresGrad).toBe(false);
    expect(v.item()).toBeCloseTo(composite(p.x, p.w.detach(), p.b.detach(), p.y, null).item(), 14);
  });
});
