/** Per-sample weights: scikit-learn's `sampleWeight` and `classWeight`, and the weighted mean loss. */
import { EntropicError, type Tensor, describeValue, mean, mul, reshape, shapeToString } from '@entropic/core';
import { type VectorLike, toSampleWeight } from './input.js';

/** `'balanced'` (n / (k · count of the class), scikit-learn's rule) or one weight per class. */
export type ClassWeight = 'balanced' | readonly number[];

export function isClassWeight(v: unknown): v is ClassWeight {
  return v === 'balanced' || (Array.isArray(v) && v.every((w) => typeof w === 'number'));
}

/**
 * Each sample's weight: `sampleWeight` times the weight of its class. `labels` are the class
 * indices (needed only for `classWeight`); `k` the number of classes the model has.
 */
export function sampleWeights(
  fn: string, n: number, dtype: 'float32' | 'float64', sampleWeight: VectorLike | undefined, classWeight: ClassWeight | undefined,
  labels: ArrayLike<number> | null, k: number,
): Tensor | null {
  if (sampleWeight === undefined && classWeight === undefined) return null;
  const w = sampleWeight === undefined ? null : toSampleWeight(fn, sampleWeight, n, dtype);
  if (classWeight === undefined) return w;
  if (labels === null) throw new EntropicError('VALUE', fn, 'expected class targets (class indices, or 0/1 labels for one output) for classWeight, got regression targets');
  let perClass: number[];
  if (classWeight === 'balanced') {
    // scikit-learn's compute_class_weight: n / (classes present · count), from the labels alone.
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) counts[labels[i]!]!++;
    const present = counts.filter((c) => c > 0).length;
    perClass = counts.map((c) => (c === 0 ? 0 : n / (present * c)));
  } else {
    if (classWeight.length !== k) throw new EntropicError('SHAPE', fn, `expected classWeight with one weight per class (${k}), got ${describeValue(classWeight)}`);
    classWeight.forEach((v, c) => {
      if (!(Number.isFinite(v) && v >= 0)) throw new EntropicError('VALUE', fn, `expected classWeight[${c}] to be a finite number >= 0, got ${v}`);
    });
    perClass = classWeight.slice();
  }
  const out = w ?? toSampleWeight(fn, new Float64Array(n).fill(1), n, dtype);
  const d = out.data;
  for (let i = 0; i < n; i++) d[i] = d[i]! * perClass[labels[i]!]!;
  return out;
}

/**
 * mean(ℓ ⊙ w) over every element of the per-sample losses `losses` ([n] or [n, …]; the weights
 * broadcast over the trailing axes). With mean weight 1 it is the unweighted mean; scikit-learn's
 * objective with `sample_weight` is this times C·n.
 */
export function weightedMean(fn: string, losses: Tensor, weight: Tensor): Tensor {
  const n = weight.shape[0]!;
  if (losses.ndim === 0 || losses.shape[0] !== n) {
    throw new EntropicError('SHAPE', fn, `expected the loss with { reduction: 'none' } to return one loss per sample ([${n}, …]) for weighting, got shape ${shapeToString(losses.shape)}`);
  }
  const w = losses.ndim === 1 ? weight : reshape(weight, [n, ...losses.shape.slice(1).map(() => 1)]);
  return mean(mul(losses, w.dtype === losses.dtype ? w : w.cast(losses.dtype as 'float32' | 'float64')));
}
