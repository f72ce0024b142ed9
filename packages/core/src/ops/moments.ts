/** variance and std over axes, as `torch.var` / `torch.std` (with Bessel's `correction`). */
import { Tensor } from '../tensor.js';
import { isFloat } from '../dtype.js';
import { normalizeAxes, shapeToString } from '../shape.js';
import { noGrad, recordOp } from '../autograd.js';
import { EntropicError, describeValue } from '../errors.js';
import { opt, parseOptions } from '../options.js';
import type { OpInfo } from './opinfo.js';
import { binaryKernel, div, mul, sub } from './binary.js';
import { sqrt } from './unary.js';
import { REDUCE_OPTIONS, mean, sum, type ReduceOptions } from './reduce.js';
import { where } from './indexing.js';

/** Options of {@link variance} and {@link std}: the axes, as a reduction, and the correction. */
export interface VarianceOptions extends ReduceOptions {
  /**
   * Subtracted from the number of values in the divisor: 1 (default) is the unbiased sample
   * variance, 0 the population variance. A divisor ≤ 0 gives ∞ or NaN, as PyTorch.
   */
  correction?: number;
}

const SCHEMA = { ...REDUCE_OPTIONS, correction: opt.number({ default: 1, min: 0 }) };

function checkFloat(op: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new EntropicError('TYPE', op, `expected a Tensor, got ${describeValue(x)}`);
  if (!isFloat(x.dtype)) {
    throw new EntropicError('DTYPE', op, `expected a float32 or float64 tensor, got ${x.dtype} of shape ${shapeToString(x.shape)}; cast it first`);
  }
}

/**
 * Σ(x − mean)² / (n − correction) over `axis` (every axis when omitted). Two passes (the mean
 * first), so it does not lose digits as E[x²] − E[x]² does for data far from 0.
 */
export function variance(x: Tensor, opts?: VarianceOptions): Tensor {
  return varianceOf('variance', x, opts);
}

function varianceOf(op: string, x: Tensor, opts: VarianceOptions | undefined): Tensor {
  checkFloat(op, x);
  const o = parseOptions(op, opts, SCHEMA);
  const axes = normalizeAxes(op, o.axis, x.ndim);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  const deviation = sub(x, mean(x, { axis: axes, keepdims: true }));
  return div(sum(mul(deviation, deviation), { axis: axes, keepdims: o.keepdims }), Math.max(0, count - o.correction));
}

/**
 * √variance, with PyTorch's gradient: 0 where the std is 0 (constant data), not 0/0.
 */
export function std(x: Tensor, opts?: VarianceOptions): Tensor {
  const v = varianceOf('std', x, opts);
  const out = noGrad(() => sqrt(v));
  return recordOp('std', out, [v], (g) => [where(binaryKernel('eq', out, new Tensor(new Float64Array(1), []), 'bool'), 0, div(g, mul(out, 2)))], [out]);
}

const SHAPES: (readonly number[])[][] = [[[3, 4]], [[2, 3, 4]]];

export const opInfos: OpInfo[] = [
  { name: 'variance', fn: (x) => variance(x), shapes: SHAPES },
  { name: 'variance(axis 1, correction 0, keepdims)', fn: (x) => variance(x, { axis: 1, correction: 0, keepdims: true }), shapes: SHAPES },
  { name: 'variance(axis [0, -1], correction 2)', fn: (x) => variance(x, { axis: [0, -1], correction: 2 }), shapes: SHAPES },
  { name: 'std', fn: (x) => std(x), shapes: SHAPES },
  { name: 'std(axis -1)', fn: (x) => std(x, { axis: -1 }), shapes: SHAPES },
];
