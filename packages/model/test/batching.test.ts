import { describe, expect, it } from 'vitest';
import { RandomGenerator, Tensor } from '@entropic/core';
import { permutation, takeRows } from '../src/batching.js';
import { epochOrders } from '../src/index.js';

describe('batching', () => {
  it('permutation is a seeded shuffle of 0…n−1', () => {
    const p = permutation(1000, new RandomGenerator(5));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutation(1000, new RandomGenerator(5)))).toEqual(Array.from(p));
    expect(Array.from(permutation(1000, new RandomGenerator(6)))).not.toEqual(Array.from(p));
    const orders = epochOrders(1000, 2, 5);
    expect(Array.from(orders[0]!)).toEqual(Array.from(p));
    expect(Array.from(orders[1]!)).not.toEqual(Array.from(p));
  });

  it('takeRows gathers rows in order, or views a contiguous range', () => {
    const x = Tensor.fromData(Float32Array.from({ length: 12 }, (_, i) => i), [4, 3]);
    expect(takeRows(x, Int32Array.from([3, 0, 2, 1]), 1, 3).toArray()).toEqual([[0, 1, 2], [6, 7, 8]]);
    const view = takeRows(x, null, 1, 3);
    expect(view.toArray()).toEqual([[3, 4, 5], [6, 7, 8]]);
    expect(view.data.buffer).toBe(x.data.buffer);
    const y = Tensor.fromData(Int32Array.from([5, 6, 7, 8]), [4]);
    expect(Array.from(takeRows(y, Int32Array.from([2, 2, 0, 1]), 0, 3).data)).toEqual([7, 7, 5]);
  });
});
