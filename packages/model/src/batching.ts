/** Seeded shuffling and row gathering for mini-batch training. */
import { RandomGenerator, Tensor } from '@entropic/core';
import type { TypedArray } from '@entropic/core';

/**
 * A permutation of 0…n−1 by Fisher–Yates (Durstenfeld, from the end) driven by `generator`.
 * Training calls this once per epoch with one generator seeded once, so epoch e's order is
 * reproducible from the seed alone (the benchmarks feed TensorFlow.js the same order).
 */
export function permutation(n: number, generator: RandomGenerator, out: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) out[i] = i;
  return generator.shuffle(out);
}

/** The batch order of every epoch of a seeded fit: `epochs` permutations from one generator. */
export function epochOrders(n: number, epochs: number, seed: number): Int32Array[] {
  const g = new RandomGenerator(seed);
  return Array.from({ length: epochs }, () => permutation(n, g));
}

/**
 * Copies rows `order[start…end)` of a row-major [n, ...] tensor into a fresh tensor. Rows are
 * contiguous, so each is one `set` of a subarray.
 */
export function takeRows(x: Tensor, order: Int32Array | null, start: number, end: number): Tensor {
  const rowSize = x.shape.length > 1 ? x.size / x.shape[0]! : 1;
  const count = end - start;
  const src = x.data;
  if (order === null) {
    // Unshuffled: a contiguous range is a view, no copy.
    return Tensor.fromData(src.subarray(start * rowSize, end * rowSize) as TypedArray, [count, ...x.shape.slice(1)]);
  }
  const out = new (src.constructor as { new (n: number): TypedArray })(count * rowSize);
  if (rowSize === 1) {
    for (let i = 0; i < count; i++) out[i] = src[order[start + i]!]!;
  } else {
    for (let i = 0; i < count; i++) {
      const r = order[start + i]! * rowSize;
      out.set(src.subarray(r, r + rowSize), i * rowSize);
    }
  }
  return Tensor.fromData(out, [count, ...x.shape.slice(1)]);
}
