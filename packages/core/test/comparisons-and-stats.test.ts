/**
 * The bool dtype and the ops users write losses and metrics with: comparisons, argmax/argmin,
 * sign, square, logSigmoid, xlogy, variance/std — semantics the reference vectors do not pin
 * down (dtypes, shapes, errors, float32 behaviour).
 */
import { describe, expect, it } from 'vitest';
import {
  Tensor, add, argmax, argmin, cast, eq, full, ge, gt, le, logSigmoid, lt, mean, mul, ne, ones, sign, square, std,
  sum, tensor, variance, where, xlogy, zeros,
} from '../src/index.js';

const f64 = (v: number[], shape?: number[]) => tensor(v, { dtype: 'float64', shape });
const code = (c: string) => expect.objectContaining({ name: 'EntropicError', code: c });

describe('the bool dtype', () => {
  it('is created from numbers as v ≠ 0 (NaN is true), as PyTorch', () => {
    const b = tensor([2, 0, -1, Number.NaN], { dtype: 'bool' });
    expect(b.dtype).toBe('bool');
    expect(b.data).toBeInstanceOf(Uint8Array);
    expect(b.toArray()).toEqual([1, 0, 1, 1]);
    expect(full([2], 3, { dtype: 'bool' }).toArray()).toEqual([1, 1]);
    expect(zeros([2, 2], { dtype: 'bool' }).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(Tensor.fromData(Uint8Array.of(1, 0), [2]).dtype).toBe('bool');
  });

  it('never requires grad', () => {
    expect(() => tensor([1, 0], { dtype: 'bool', requiresGrad: true })).toThrow(code('DTYPE'));
    const x = f64([1, 2, 3]);
    x.requiresGrad = true;
    const c = gt(x, 1.5);
    expect(c.requiresGrad).toBe(false);
  });

  it('casts to and from numbers', () => {
    expect(cast(f64([0.5, 0, -0, Number.NaN]), 'bool').toArray()).toEqual([1, 0, 0, 1]);
    const b = tensor([1, 0, 1], { dtype: 'bool' });
    expect(cast(b, 'float32').toArray()).toEqual([1, 0, 1]);
    expect(b.cast('int32').dtype).toBe('int32');
    expect(b.cast('float64').data).toBeInstanceOf(Float64Array);
  });

  it('is counted by sum (int32) and refused by mean, as PyTorch', () => {
    const b = tensor([[1, 0, 1], [1, 1, 0]], { dtype: 'bool' });
    const total = sum(b);
    expect(total.dtype).toBe('int32');
    expect(total.item()).toBe(4);
    expect(sum(b, { axis: 0 }).toArray()).toEqual([2, 1, 1]);
    expect(() => mean(b)).toThrow(code('DTYPE'));
    expect(mean(b.cast('float32')).item()).toBeCloseTo(4 / 6, 6);
  });

  it('is a where condition', () => {
    const x = f64([1, -2, 3]);
    expect(where(gt(x, 0), x, 0).toArray()).toEqual([1, 0, 3]);
  });

  it('computes arithmetic as 0/1 int32 (a sum of masks counts)', () => {
    const a = tensor([1, 0, 1], { dtype: 'bool' });
    const b = tensor([1, 1, 0], { dtype: 'bool' });
    const s = add(a, b);
    expect(s.dtype).toBe('int32');
    expect(s.toArray()).toEqual([2, 1, 1]);
    expect(add(a, 2).dtype).toBe('int32');
    expect(add(a, 2.5).dtype).toBe('float32');
    const masked = mul(f64([1.5, 2.5, 3.5]), a);
    expect(masked.dtype).toBe('float64');
    expect(masked.toArray()).toEqual([1.5, 0, 3.5]);
  });
});

describe('comparisons', () => {
  const x = f64([1, 2, 3, Number.NaN]);
  it('give bool tensors of the broadcast shape', () => {
    expect(gt(x, 2).toArray()).toEqual([0, 0, 1, 0]);
    expect(ge(x, 2).toArray()).toEqual([0, 1, 1, 0]);
    expect(lt(x, 2).toArray()).toEqual([1, 0, 0, 0]);
    expect(le(x, 2).toArray()).toEqual([1, 1, 0, 0]);
    expect(eq(x, 2).toArray()).toEqual([0, 1, 0, 0]);
    expect(ne(x, 2).toArray()).toEqual([1, 0, 1, 1]);
    const c = gt(f64([1, 2, 3], [3, 1]), f64([0, 2.5], [1, 2]));
    expect(c.shape).toEqual([3, 2]);
    expect(c.toArray()).toEqual([[1, 0], [1, 0], [1, 1]]);
    expect(gt(1.5, f64([1, 2])).toArray()).toEqual([1, 0]);
  });

  it('compare in the tensor dtype, as PyTorch (float32(0.1) is not above 0.1 there)', () => {
    const t = tensor([0.1], { dtype: 'float32' });
    expect(gt(t, 0.1).item()).toBe(0);
    expect(eq(t, 0.1).item()).toBe(1);
    expect(eq(t, f64([0.1])).item()).toBe(0); // promoted to float64: float32(0.1) ≠ 0.1
    expect(gt(tensor([2], { dtype: 'int32' }), 1.5).item()).toBe(1);
  });

  it('are Tensor methods', () => {
    expect(x.gt(1).toArray()).toEqual([0, 1, 1, 0]);
    expect(x.ne(x).toArray()).toEqual([0, 0, 0, 1]);
  });

  it('refuse what is not a Tensor or a number, and shapes that do not broadcast', () => {
    expect(() => gt('a' as never, x)).toThrow(code('TYPE'));
    expect(() => gt(f64([1, 2]), f64([1, 2, 3]))).toThrow(/gt.*\[2\].*\[3\]/);
  });
});

describe('argmax / argmin', () => {
  const m = f64([1, 5, 5, 2, 9, 0, 9, -1], [2, 4]);
  it('give int32 indices, the first one at a tie', () => {
    const a = argmax(m, { axis: 1 });
    expect(a.dtype).toBe('int32');
    expect(a.toArray()).toEqual([1, 0]);
    expect(argmin(m, { axis: 1 }).toArray()).toEqual([0, 3]);
    expect(argmax(m, { axis: 0 }).toArray()).toEqual([1, 0, 1, 0]);
    expect(argmin(m, { axis: -2 }).toArray()).toEqual([0, 1, 0, 1]);
  });

  it('search the flattened tensor without an axis, as torch.argmax(x)', () => {
    expect(argmax(m).shape).toEqual([]);
    expect(argmax(m).item()).toBe(4);
    expect(argmin(m).item()).toBe(7);
    expect(argmax(m, { keepdims: true }).shape).toEqual([1, 1]);
    expect(argmax(m, { axis: 1, keepdims: true }).shape).toEqual([2, 1]);
  });

  it('take a NaN as the extreme, and accept 0-d tensors and bool', () => {
    expect(argmax(f64([1, Number.NaN, 3, Number.NaN])).item()).toBe(1);
    expect(argmin(f64([1, Number.NaN, -3])).item()).toBe(1);
    expect(argmax(f64([7], [])).item()).toBe(0);
    expect(argmax(f64([7], []), { axis: 0 }).shape).toEqual([]);
    expect(argmax(gt(f64([0, 2, 3]), 1)).item()).toBe(1);
    expect(m.argmax({ axis: 1 }).toArray()).toEqual([1, 0]);
  });

  it('refuse empty searches, bad axes and unknown options', () => {
    expect(() => argmax(zeros([0]))).toThrow(code('SHAPE'));
    expect(() => argmax(zeros([2, 0]), { axis: 1 })).toThrow(code('SHAPE'));
    expect(argmax(zeros([0, 3]), { axis: 1 }).shape).toEqual([0]);
    expect(() => argmax(m, { axis: 2 })).toThrow(/axis 2 is out of range/);
    expect(() => argmax(m, { axis: 0.5 })).toThrow(code('OPTION'));
    expect(() => argmax(m, { axes: 1 } as never)).toThrow(/unknown option 'axes' \(did you mean 'axis'\?\)/);
  });
});

describe('sign, square, logSigmoid, xlogy', () => {
  it('sign is −1/0/1 with a zero gradient', () => {
    const x = f64([-2, 0, 3]);
    x.requiresGrad = true;
    const s = sign(x);
    expect(s.toArray()).toEqual([-1, 0, 1]);
    sum(s).backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
    expect(sign(tensor([-3, 4], { dtype: 'int32' })).dtype).toBe('int32');
  });

  it('square keeps int32 and differentiates to 2x', () => {
    expect(square(tensor([-3, 4], { dtype: 'int32' })).toArray()).toEqual([9, 16]);
    const x = f64([1.5, -2]);
    x.requiresGrad = true;
    sum(x.square()).backward();
    expect(x.grad!.toArray()).toEqual([3, -4]);
  });

  it('logSigmoid is finite in float32 at ±1e4 and keeps tiny values', () => {
    const x = tensor([-1e4, -100, 0, 30, 1e4], { dtype: 'float32', requiresGrad: true });
    const y = logSigmoid(x);
    expect(y.dtype).toBe('float32');
    const v = y.toArray() as number[];
    expect(v[0]).toBe(-1e4);
    expect(v[2]).toBeCloseTo(-Math.LN2, 6);
    expect(Math.abs(v[3]! / -Math.exp(-30) - 1)).toBeLessThan(1e-6); // log1p, not log(1 + e): 1 + 1e-13 rounds to 1
    expect(v[4]).toBe(0);
    sum(y).backward();
    expect(Array.from(x.grad!.data).every(Number.isFinite)).toBe(true);
    expect(Math.abs(x.grad!.data[3]! / Math.exp(-30) - 1)).toBeLessThan(1e-6); // σ(−30), not 1 − σ(30) = 0
  });

  it('xlogy is 0 where x = 0 (unless y is NaN) and float for integer inputs', () => {
    expect(xlogy(f64([0, 0, 0, 2]), f64([0, Number.POSITIVE_INFINITY, Number.NaN, 1])).toArray()).toEqual([0, 0, Number.NaN, 0]);
    expect(xlogy(tensor([1, 2], { dtype: 'int32' }), tensor([1, 1], { dtype: 'int32' })).dtype).toBe('float32');
    expect(f64([2]).xlogy(Math.E).item()).toBeCloseTo(2, 14);
  });
});

describe('variance / std', () => {
  const x = f64([1, 2, 3, 4, 6, 8], [2, 3]);
  it('match the definitions, with Bessel correction 1 by default', () => {
    expect(variance(x, { axis: 1 }).toArray()).toEqual([1, 4]);
    expect(variance(x, { axis: 1, correction: 0 }).toArray()).toEqual([2 / 3, 8 / 3]);
    expect(std(x, { axis: 1, keepdims: true }).toArray()).toEqual([[1], [2]]);
    expect(variance(x).shape).toEqual([]);
    expect(variance(x, { keepdims: true }).shape).toEqual([1, 1]);
    expect(x.std({ axis: 0 }).shape).toEqual([3]);
    expect(variance(ones([2, 3, 4], { dtype: 'float64' }), { axis: [0, 2] }).toArray()).toEqual([0, 0, 0]);
  });

  it('divide by max(0, n − correction), as PyTorch (NaN or ∞ there)', () => {
    expect(variance(f64([3]), { axis: 0 }).item()).toBeNaN();
    expect(variance(f64([1, 2]), { correction: 2 }).item()).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuse integer tensors and unknown or bad options', () => {
    expect(() => variance(tensor([1, 2], { dtype: 'int32' }))).toThrow(code('DTYPE'));
    expect(() => std(x, { correctoin: 0 } as never)).toThrow(/std: unknown option 'correctoin' \(did you mean 'correction'\?\)/);
    expect(() => variance(x, { correction: -1 })).toThrow(code('OPTION'));
    expect(() => variance(x, { axis: 'rows' as never })).toThrow(code('OPTION'));
  });
});
