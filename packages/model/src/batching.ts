/** Seeded shuffling and row gathering for mini-batch training. */
import { Generator, Tensor, indexSelect } from '@entropic/core';
import type { TypedArray } from '@entropic/core';

/**
 * A permutation of 0…n−1 by Fisher–Yates (Durstenfeld, from the end) driven by `generator`.
 * Training calls this once per epoch with one generator seeded once, so epoch e's order is
 * reproducible from the seed alone (the benchmarks feed TensorFlow.js the same order).
 */
export function permutation(n: number, generator: Generator, out: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) out[i] = i;
  return generator.shuffle(out);
}

/** The batch order of every epoch of a seeded fit: `epochs` permutations from one generator. */
export function epochOrders(n: number, epochs: number, seed: number): Int32Array[] {
  const g = new Generator(seed);
  return Array.from({ length: epochs }, () => permutation(n, g));
}

/**
 * Rows `order[start…end)` of a row-major [n, ...] tensor as a fresh tensor (`indexSelect`, one
 * backend kernel), or rows start…end−1 as a view when `order` is null.
 */
export function takeRows(x: Tensor, order: Int32Array | null, start: number, end: number): Tensor {
  const rowSize = x.shape.length > 1 ? x.size / x.shape[0]! : 1;
  const count = end - start;
  if (order === null) {
    // Unshuffled: a contiguous range is a view, no copy.
    return Tensor.fromData(x.data.subarray(start * rowSize, end * rowSize) as TypedArray, [count, ...x.shape.slice(1)]);
  }
  return indexSelect(x, Tensor.fromData(order.subarray(start, end), [count]));
}
