import { describe, expect, it } from 'vitest';
import { Tensor } from '@entropic/core';
import { rowRange } from '../src/batching.js';

describe('batching', () => {
  it('rowRange views a contiguous range of rows without copying', () => {
    const x = Tensor.fromData(Float32Array.from({ length: 12 }, (_, i) => i), [4, 3]);
    const view = rowRange(x, 1, 3);
    expect(view.toArray()).toEqual([[3, 4, 5], [6, 7, 8]]);
    expect(view.data.buffer).toBe(x.data.buffer);
    const y = Tensor.fromData(Int32Array.from([5, 6, 7, 8]), [4]);
    expect(Array.from(rowRange(y, 2, 4).data)).toEqual([7, 8]);
  });
});
