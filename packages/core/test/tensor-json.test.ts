import { describe, expect, it } from 'vitest';
import { randomSeed, sameShape, tensor } from '../src/index.js';

describe('Tensor.toJSON', () => {
  it('gives { dtype, shape, data } that JSON.stringify writes and JSON.parse reads back', () => {
    const t = tensor([[1.5, -2], [0.1, 3]], { dtype: 'float64' });
    const back = JSON.parse(JSON.stringify({ w: t }));
    expect(back.w).toEqual({ dtype: 'float64', shape: [2, 2], data: [1.5, -2, 0.1, 3] });
    expect(tensor([1, 2], { dtype: 'int32' }).toJSON()).toEqual({ dtype: 'int32', shape: [2], data: [1, 2] });
    expect(tensor(7).toJSON()).toEqual({ dtype: 'float32', shape: [], data: [7] });
  });

  it('writes non-finite values as strings, not null', () => {
    const t = tensor([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0], { dtype: 'float64' });
    expect(JSON.parse(JSON.stringify(t)).data).toEqual(['NaN', 'Infinity', '-Infinity', 0]);
  });
});

describe('helpers shared with the other packages', () => {
  it('sameShape and randomSeed', () => {
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([], [1])).toBe(false);
    const s = randomSeed();
    expect(Number.isSafeInteger(s)).toBe(true);
    expect(randomSeed()).not.toBe(s);
  });
});
