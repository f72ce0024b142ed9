/**
 * The class-axis layout shared by crossEntropy, nllLoss and multiMarginLoss: input `[N, C, d1, …]`
 * (class axis 1, PyTorch's convention) or unbatched `[C]`, and int32 class-index targets
 * `[N, d1, …]` (or `[]`); and the ignore-index rule of nllLoss and crossEntropy.
 */
import { EntropicError, type Tensor, describeValue, opt, shapeToString } from '@entropic/core';
import { position } from './validate.js';

export interface ClassLayout {
  /** Batch size (1 for an unbatched `[C]` input). */
  n: number;
  /** Number of classes. */
  c: number;
  /** Product of the trailing dimensions d1·d2·… (1 for `[N, C]`): the stride of the class axis. */
  d: number;
  /** Shape of the per-position losses and of an index target: `[N, d1, …]`, or `[]` when unbatched. */
  positions: number[];
}

export function classLayout(fn: string, input: Tensor, what: string): ClassLayout {
  const s = input.shape;
  if (s.length === 0) {
    throw new EntropicError('SHAPE', fn, `expected ${what} of shape [N, C], [N, C, d1, …] or [C], got a 0-d tensor (shape [])`);
  }
  if (s.length === 1) return { n: 1, c: s[0]!, d: 1, positions: [] };
  let d = 1;
  for (let k = 2; k < s.length; k++) d *= s[k]!;
  return { n: s[0]!, c: s[1]!, d, positions: [s[0]!, ...s.slice(2)] };
}

/** The `ignoreIndex` option: targets equal to it contribute nothing (PyTorch's default −100). */
export const IGNORE_INDEX = opt.number({ integer: true, default: -100 });

/**
 * The int32 class indices, checked: every one is `ignoreIndex` (when not null) or in [0, C);
 * the first that is not is named with its position.
 */
export function checkClassTargets(
  fn: string, target: Tensor, layout: ClassLayout, ignoreIndex: number | null, inputShape: readonly number[],
): Int32Array {
  const expected = layout.positions;
  if (target.dtype !== 'int32') {
    throw new EntropicError('DTYPE', fn, `expected class-index targets as int32 of shape ${shapeToString(expected)}, got ${describeValue(target)}; use target.cast('int32')`);
  }
  if (target.ndim !== expected.length || target.shape.some((d, i) => d !== expected[i])) {
    throw new EntropicError('SHAPE', fn, `expected target of shape ${shapeToString(expected)} (one class index per sample) for input of shape ${shapeToString(inputShape)}, got shape ${shapeToString(target.shape)}`);
  }
  const t = target.data as Int32Array;
  const c = layout.c;
  for (let i = 0; i < t.length; i++) {
    const k = t[i]!;
    if (k !== ignoreIndex && (k < 0 || k >= c)) {
      const or = ignoreIndex === null ? '' : `, or ignoreIndex ${ignoreIndex}`;
      throw new EntropicError('VALUE', fn, `target${position(i, target.shape)} = ${k} is out of range for ${c} classes (expected 0 ≤ class < ${c}${or})`);
    }
  }
  return t;
}
