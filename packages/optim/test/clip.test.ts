/** Gradient clipping against tools/conformance/vectors/clip.json (torch.nn.utils, PyTorch 1.13) and its edge cases. */
import { type Tensor, tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import { SGD, clipGradNorm, clipGradValue } from '../src/index.js';
import { type JsonTensor, compare, decode, fromJson, loadCases } from './conformance.js';
import { expectError } from './expect-error.js';

interface ClipCase {
  name: string;
  fn: 'clipGradNorm' | 'clipGradValue';
  single: boolean;
  grads: (JsonTensor | null)[];
  maxNorm?: number;
  clipValue?: number;
  opts?: { normType?: number | string };
  total?: number | string;
  clipped: (JsonTensor | null)[];
}

const cases = loadCases<ClipCase>('clip.json');

function paramsWith(grads: (JsonTensor | null)[]): Tensor[] {
  return grads.map((g) => {
    const p = tensor(g === null ? [0, 0] : new Array<number>(g.data.length).fill(0), { dtype: 'float64', shape: g === null ? [2] : g.shape, requiresGrad: true });
    p.grad = g === null ? null : fromJson(g);
    return p;
  });
}

describe('clip.json conformance (PyTorch 1.13, float64)', () => {
  it('has the cases the script writes', () => {
    expect(cases.length).toBe(16);
  });

  for (const c of cases) {
    it(c.name, () => {
      const params = paramsWith(c.grads);
      const target = c.single ? params[0]! : params;
      if (c.fn === 'clipGradNorm') {
        const opts = c.opts?.normType === undefined ? {} : { normType: decode(c.opts.normType) };
        const total = clipGradNorm(target, c.maxNorm!, opts);
        const expected = decode(c.total!);
        expect(Math.abs(total - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
      } else {
        clipGradValue(target, c.clipValue!);
      }
      params.forEach((p, i) => {
        const e = c.clipped[i]!;
        if (e === null) {
          expect(p.grad).toBeNull();
          return;
        }
        const err = compare(p.grad, e, 1e-15, 1e-12);
        if (err !== null) throw new Error(`gradient ${i}: ${err}`);
      });
    });
  }
});

describe('clipGradNorm beyond the references', () => {
  const grad = (values: number[], dtype: 'float64' | 'float32' = 'float64') => {
    const p = tensor(values.map(() => 0), { dtype, requiresGrad: true });
    p.grad = tensor(values, { dtype });
    return p;
  };

  it('finds the true norm where the squares overflow or underflow (PyTorch returns Infinity or 0)', () => {
    const big = grad([3e200, 4e200]);
    expect(clipGradNorm([big], 1) / 5e200).toBeCloseTo(1, 14);
    expect(big.grad!.data[0]!).toBeCloseTo(0.6, 14);
    expect(big.grad!.data[1]!).toBeCloseTo(0.8, 14);
    const tiny = grad([3e-200, 4e-200]);
    expect(clipGradNorm([tiny], 1) / 5e-200).toBeCloseTo(1, 14);
    const subnormal = grad([3e-320, 4e-320]);
    expect(clipGradNorm([subnormal], 1) / 5e-320).toBeCloseTo(1, 2);
  });

  it('a non-finite gradient: errorIfNonfinite throws NON_FINITE naming the parameter; otherwise the norm is returned and nothing changes', () => {
    const a = grad([1, 2]);
    const b = grad([3, Number.NaN, 1]);
    expectError(() => clipGradNorm([a, b], 1, { errorIfNonfinite: true }), 'NON_FINITE', 'clipGradNorm: the total norm of order 2 of the gradients is NaN (the gradient of parameter 1 holds NaN)');
    expect(clipGradNorm([a, b], 1)).toBeNaN();
    expect(Array.from(a.grad!.data)).toEqual([1, 2]);
    const c = grad([1, Number.POSITIVE_INFINITY]);
    expect(clipGradNorm([a, c], 1)).toBe(Number.POSITIVE_INFINITY);
    expect(clipGradNorm([a, c], 1, { normType: Number.POSITIVE_INFINITY })).toBe(Number.POSITIVE_INFINITY);
    expect(Array.from(a.grad!.data)).toEqual([1, 2]);
    // The optimizer then names the parameter.
    expectError(() => new SGD([a, c], { lr: 0.1 }).step(), 'NON_FINITE', 'parameter 1 (shape [2]) is not finite (Infinity at element 1)');
  });

  it('returns 0 without gradients; float32 gradients stay float32', () => {
    const p = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    expect(clipGradNorm([p], 1)).toBe(0);
    const f = grad([3, 4], 'float32');
    expect(clipGradNorm(f, 1)).toBe(5);
    expect(f.grad!.data).toBeInstanceOf(Float32Array);
    expect(f.grad!.data[0]).toBe(Math.fround(3 * (1 / (5 + 1e-6))));
  });

  it('refuses bad arguments with typed errors', () => {
    const p = grad([1, 2]);
    expectError(() => clipGradNorm([p], -1), 'VALUE', 'clipGradNorm: expected maxNorm to be a number >= 0, got -1');
    expectError(() => clipGradNorm([p], Number.NaN), 'VALUE', 'got NaN');
    expectError(() => clipGradNorm([p], '1' as never), 'TYPE', 'clipGradNorm: expected maxNorm to be a number, got "1"');
    expectError(() => clipGradNorm([p], 1, { normType: 0 }), 'OPTION', "clipGradNorm: expected option 'normType' to be a number > 0, got number 0");
    expectError(() => clipGradNorm([p], 1, { norm_type: 1 } as never), 'OPTION', "unknown option 'norm_type' (did you mean 'normType'?)");
    expectError(() => clipGradNorm([p, [1, 2] as never], 1), 'TYPE', 'clipGradNorm: expected parameter 1 to be a Tensor, got an array of length 2');
    expectError(() => clipGradNorm({} as never, 1), 'TYPE', 'clipGradNorm: expected a Tensor or an array of Tensors, got an object');
    expectError(() => clipGradValue([p], -0.5), 'VALUE', 'clipGradValue: expected clipValue to be a number >= 0, got -0.5');
    expect(Array.from(p.grad!.data)).toEqual([1, 2]);
  });
});

describe('clipGradValue beyond the references', () => {
  it('keeps NaN (as torch.clamp) and leaves values inside the band untouched', () => {
    const p = tensor([0, 0, 0, 0], { dtype: 'float64', requiresGrad: true });
    p.grad = tensor([Number.NaN, 0.1, -3, 3], { dtype: 'float64' });
    clipGradValue(p, 1);
    expect(Array.from(p.grad.data)).toEqual([Number.NaN, 0.1, -1, 1]);
  });
});
