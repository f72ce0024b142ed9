/**
 * The small gaps differential testing against PyTorch found: float32 softmax / logSoftmax values
 * and gradients as PyTorch rounds them, maximum/minimum gradients with NaN, and 0-d axes.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, logSoftmax, logsumexp, max, mean, min, softmax, sum, tensor } from '../src/index.js';
import { type JsonTensor, compare, decode, fromJson, loadCases } from './conformance.js';
import { type Expr, evaluate } from './expr.js';

interface GradCase {
  name: string;
  kind: 'grad' | 'float32';
  inputs: Record<string, JsonTensor>;
  constants?: string[];
  expr: Expr;
  g?: JsonTensor;
  value: JsonTensor;
  grads: Record<string, JsonTensor>;
}

const cases = loadCases<GradCase>('autograd.json');

const ULP1 = 2 ** -23;

/**
 * Largest |actual − expected| in units of `scale(e)`: PyTorch's own float32 rounding error is a
 * few units of the float32 spacing of the quantities the op computes with (not of a tiny result).
 */
function worst(actual: Tensor, expected: JsonTensor, scale: (e: number) => number): number {
  expect(actual.shape).toEqual(expected.shape);
  let m = 0;
  Array.from(actual.data).forEach((v, i) => {
    const e = decode(expected.data[i]!);
    if (Number.isNaN(e) || !Number.isFinite(e)) m = Math.max(m, Object.is(v, e) || (Number.isNaN(v) && Number.isNaN(e)) ? 0 : Infinity);
    else m = Math.max(m, Math.abs(v - e) / scale(e));
  });
  return m;
}

describe('maximum / minimum gradients with NaN, as PyTorch (autograd.json)', () => {
  for (const c of cases.filter((k) => k.kind === 'grad')) {
    it(c.name, () => {
      const constants = new Set(c.constants ?? []);
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, fromJson(v, !constants.has(k))]));
      const value = evaluate(c.expr, inputs) as Tensor;
      expect(compare(value, c.value, 0, 0)).toBeNull();
      value.backward();
      for (const [name, expected] of Object.entries(c.grads)) expect(compare(inputs[name]!.grad, expected, 0, 0), name).toBeNull();
    });
  }
});

describe('float32 softmax and logSoftmax, values and gradients to PyTorch float32 rounding (autograd.json)', () => {
  const f32 = cases.filter((k) => k.kind === 'float32');
  it('has the cases', () => expect(f32.length).toBe(5));
  for (const c of f32) {
    it(c.name, () => {
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => {
        const json = fromJson(v);
        return [k, tensor(json.data, { shape: [...json.shape], dtype: 'float32', requiresGrad: true })];
      }));
      const out = evaluate(c.expr, inputs) as Tensor;
      expect(out.dtype).toBe('float32');
      // softmax: within 2 ulps of PyTorch's value. logSoftmax = z − log Σ with Σ ≥ 1 (the max's
      // term is 1): a last-bit difference in Σ moves the result by up to 2⁻²³, whatever its size.
      const softmaxScale = (e: number) => Math.max(ULP1 * Math.abs(e), Number.MIN_VALUE);
      const logScale = (e: number) => ULP1 * (1 + Math.abs(e));
      expect(worst(out, c.value, c.expr.op === 'softmax' ? softmaxScale : logScale)).toBeLessThanOrEqual(2);
      const g = tensor(fromJson(c.g!).data, { shape: c.g!.shape, dtype: 'float32' });
      out.backward(g);
      const gScale = ULP1 * Math.max(...Array.from(g.data, Math.abs));
      for (const [name, expected] of Object.entries(c.grads)) expect(worst(inputs[name]!.grad!, expected, () => gScale), name).toBeLessThanOrEqual(4);
    });
  }

  it('the issue\'s two values exactly: softmax([1000, 999, −∞]) and logSoftmax([3000, 3000])', () => {
    expect(softmax(tensor([1000, 999, -Infinity])).data[0]).toBe(Math.fround(0.7310585786300049));
    expect(logSoftmax(tensor([3000, 3000])).data[0]).toBe(Math.fround(-Math.LN2));
  });
});

describe('0-d tensors accept axis 0 and −1, as PyTorch', () => {
  const x = () => tensor(2.5, { dtype: 'float64', requiresGrad: true });

  it('softmax of a 0-d tensor is 1 and logSoftmax 0, with zero gradient', () => {
    for (const axis of [0, -1, undefined]) {
      const t = x();
      const s = softmax(t, axis === undefined ? undefined : { axis });
      expect(s.shape).toEqual([]);
      expect(s.item()).toBe(1);
      s.backward();
      expect(t.grad!.item()).toBe(0);
      expect(logSoftmax(x(), { axis: axis ?? -1 }).item()).toBe(0);
    }
  });

  it('reductions over axis 0 / −1 of a 0-d tensor are the identity', () => {
    for (const f of [sum, mean, max, min, logsumexp]) {
      for (const axis of [0, -1]) {
        const t = x();
        const r = f(t, { axis });
        expect(r.shape).toEqual([]);
        expect(r.item()).toBeCloseTo(2.5, 14);
        r.backward();
        expect(t.grad!.item()).toBeCloseTo(1, 14);
      }
      expect(f(x(), { axis: 0, keepdims: true }).shape).toEqual([]);
    }
  });

  it('axis 1 and −2 are out of range for a 0-d tensor', () => {
    expect(() => sum(x(), { axis: 1 })).toThrow(/axis 1 is out of range/);
    expect(() => softmax(x(), { axis: -2 })).toThrow(/axis -2 is out of range/);
  });
});
