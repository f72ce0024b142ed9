/**
 * From a linear model's logits to what its loss takes, decided by the loss's declared input
 * (`meta.input`), never by its name; and the targets in the form the loss declares
 * (`meta.target`). A binary model whose loss takes class indices sees two columns [0, z]:
 * their softmax is [1 − σ(z), σ(z)], so every multi-class loss works on a binary problem.
 */
import { Tensor, logSoftmax, neg, noGrad, sigmoid, softmax, softplus, stack, zeros } from '@entropic/core';
import type { LossMeta } from './training.js';


export type Head = (z: Tensor) => Tensor;

/**
 * The head for logits `z` ([n] binary, [n, K] multi-class). Binary losses that take class
 * indices get the two-column form.
 */
export function headFor(meta: LossMeta | undefined, multinomial: boolean): Head {
  const input = meta?.input ?? 'logits';
  if (!multinomial && meta?.target === 'classIndex') {
    const columns = (z: Tensor) => stack([zeros([z.shape[0]!], { dtype: z.dtype as 'float32' | 'float64' }), z], { axis: 1 });
    if (input === 'probabilities') return (z) => softmax(columns(z), { axis: 1 });
    if (input === 'logProbabilities') return (z) => logSoftmax(columns(z), { axis: 1 });
    return columns;
  }
  if (input === 'probabilities') return multinomial ? (z) => softmax(z, { axis: 1 }) : sigmoid;
  if (input === 'logProbabilities') return multinomial ? (z) => logSoftmax(z, { axis: 1 }) : (z) => neg(softplus(neg(z)));
  return (z) => z;
}

/**
 * Class labels as the loss's targets: int32 indices [n] for `classIndex` (and for a multi-class
 * loss that declares nothing), else floats — 0/1 [n] (binary) or one-hot [n, K].
 */
export function targetsFor(meta: LossMeta | undefined, multinomial: boolean, labels: Int32Array, k: number, dtype: 'float32' | 'float64'): Tensor {
  const n = labels.length;
  const kind = meta?.target ?? (multinomial ? 'classIndex' : 'probabilities');
  if (kind === 'classIndex') return Tensor.fromData(labels, [n]);
  const alloc = (size: number) => (dtype === 'float64' ? new Float64Array(size) : new Float32Array(size));
  if (!multinomial) {
    const t = alloc(n);
    for (let i = 0; i < n; i++) t[i] = labels[i]!;
    return Tensor.fromData(t, [n]);
  }
  const t = alloc(n * k);
  for (let i = 0; i < n; i++) t[i * k + labels[i]!] = 1;
  return Tensor.fromData(t, [n, k]);
}

/**
 * Class predictions from logits: `z > 0` for one column ([n] or [n, 1]), else the first arg
 * max of each row (scikit-learn's tie rule).
 */
export function classesFromLogits(z: Tensor): Tensor {
  const n = z.shape[0]!;
  const k = z.ndim === 1 ? 1 : z.size / n;
  const d = z.data;
  const out = new Int32Array(n);
  if (k === 1) for (let i = 0; i < n; i++) out[i] = d[i]! > 0 ? 1 : 0;
  else {
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (d[i * k + c]! > d[i * k + best]!) best = c;
      out[i] = best;
    }
  }
  return Tensor.fromData(out, [n]);
}

/** Probabilities from logits: σ(z) as [n] for one column, else the softmax of each row. */
export function probabilitiesFromLogits(z: Tensor): Tensor {
  return noGrad(() => {
    const n = z.shape[0]!;
    if (z.size === n) return sigmoid(z.ndim === 1 ? z : z.reshape([n]));
    return softmax(z, { axis: -1 });
  });
}
