/**
 * Elementwise comparisons with NumPy broadcasting: `gt ge lt le eq ne` give a `bool` tensor
 * (a Uint8Array of 0/1), which `where` takes as its condition and `sum` counts. They have no
 * gradient (the result is piecewise constant), so the output never requires grad.
 */
import type { Tensor, TensorLike } from '../tensor.js';
import { promote } from '../dtype.js';
import type { BinaryKernel } from '../backend/index.js';
import { binaryKernel, operands } from './binary.js';
import { cast } from './shape.js';

function compare(op: BinaryKernel, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(op, a, b);
  // Compare in the promoted dtype, as PyTorch: gt(float32 x, 0.1) compares with float32(0.1), not 0.1.
  const common = promote(x.dtype, y.dtype);
  return binaryKernel(op, cast(x, common), cast(y, common), 'bool');
}

/** a > b elementwise. */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  return compare('gt', a, b);
}

/** a ≥ b elementwise. */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  return compare('ge', a, b);
}

/** a < b elementwise. */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  return compare('lt', a, b);
}

/** a ≤ b elementwise. */
export function le(a: TensorLike, b: TensorLike): Tensor {
  return compare('le', a, b);
}

/** a = b elementwise (NaN equals nothing, itself included). */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  return compare('eq', a, b);
}

/** a ≠ b elementwise (true wherever either side is NaN). */
export function ne(a: TensorLike, b: TensorLike): Tensor {
  return compare('ne', a, b);
}
