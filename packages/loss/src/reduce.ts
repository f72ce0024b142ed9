/** The reductions every loss shares: fused kernels' (`reduced`, `gradOf`) and composites' (`reduceLosses`). */
import { Tensor, type TypedArray, mean, sum } from '@entropic/core';
import type { Reduction } from './validate.js';

/**
 * The loss tensor: the per-element losses in `out` for `'none'` (shape `shape`), else a 0-d
 * tensor holding `total` (`'sum'`) or `total / count` (`'mean'`; 0/0 = NaN for no elements, as PyTorch).
 */
export function reduced(
  out: Float32Array | Float64Array,
  reduction: Reduction,
  total: number,
  count: number,
  shape: readonly number[],
): Tensor {
  if (reduction === 'none') return Tensor.fromData(out, shape);
  out[0] = reduction === 'mean' ? total / count : total;
  return Tensor.fromData(out, []);
}

/**
 * The output gradient as seen by each element: `[data, 0]` for `'none'` (one value per
 * element), `[null, g·scale]` for a reduced loss (the same value for every element).
 */
export function gradOf(g: Tensor, reduction: Reduction, scale: number): [TypedArray | null, number] {
  if (reduction === 'none') return [g.data, 0];
  return [null, g.data[0]! * scale];
}

/** Unreduced losses written with core ops, reduced (differentiable: the graph goes on through sum/mean). */
export function reduceLosses(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? sum(losses) : mean(losses);
}
