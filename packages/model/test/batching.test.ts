import { describe, expect, it } from 'vitest';
import { Tensor } from '@entropic/core';
import { gatherRows, rowRange } from '../src/batching.js';

describe('batching', () => {
  it('gatherRows gathers rows in order; rowRange views a contiguous range', () => {
    const x = Tensor.fromData(Float32Array.from({ length: 12 }, (_, i) => i), [4, 3]);
    expect(gatherRows(x, Int32Array.from([3, 0])).toArray()).toEqual([[9, 10, 11], [0, 1, 2]]);
    const view = rowRange(x, 1, 3);
    expect(view.toArray()).toEqual([[3, 4, 5], [6, 7, 8]]);
    expect(view.data.buffer).toBe(x.data.buffer);
    const y = Tensor.fromData(Int32Array.from([5, 6, 7, 8]), [4]);
    expect(Array.from(gatherRows(y, Int32Array.from([2, 2, 0])).data)).toEqual([7, 7, 5]);
  });
});
