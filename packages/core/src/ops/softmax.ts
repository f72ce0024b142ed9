/** softmax and logSoftmax as stable composites (x − logsumexp), per tinygrad. */
import type { Tensor } from '../tensor.js';
import type { OpInfo } from './opinfo.js';
import { sub } from './binary.js';
import { exp } from './unary.js';
import { logsumexp } from './reduce.js';

/** Options of {@link softmax} and {@link logSoftmax}. */
export interface SoftmaxOptions {
  /** The axis the probabilities sum to 1 along (default −1). */
  axis?: number;
}

/**
 * log(softmax(x)) along `axis` (default −1), computed as x − logsumexp(x): stable for inputs of ±1e3, −∞ entries stay −∞.
 */
export function logSoftmax(x: Tensor, opts: SoftmaxOptions = {}): Tensor {
  return sub(x, logsumexp(x, { axis: opts.axis ?? -1, keepdims: true }));
}

/** exp(logSoftmax): −∞ entries get probability 0, and inputs of ±1e3 stay finite. */
export function softmax(x: Tensor, opts: SoftmaxOptions = {}): Tensor {
  return exp(logSoftmax(x, opts));
}

export const opInfos: OpInfo[] = [
  { name: 'softmax', fn: (x) => softmax(x), shapes: [[[3, 4]], [[2, 3, 4]]] },
  { name: 'softmax(axis 0)', fn: (x) => softmax(x, { axis: 0 }), shapes: [[[3, 4]]] },
  { name: 'logSoftmax', fn: (x) => logSoftmax(x), shapes: [[[3, 4]], [[2, 3, 4]]] },
];
