/**
 * The objective of a binary logistic model, mean BCE-with-logits of z = x·wᵀ + b, as one op:
 * the backend's `linearBceWithLogits` kernel computes the loss and the gradient in the same
 * pass over x. Built from `linear` and the loss, the forward reads x for x·wᵀ and the backward
 * reads it again for gᵀ·x; on a large full batch (logistic regression by gradient descent)
 * reading x is nearly all of a step's cost, so one read instead of two is nearly twice as fast.
 * Under createGraph (Hessian-vector products, Newton-CG) the backward is the same gradient from
 * recorded ops, so it can be differentiated again.
 */
import { Tensor, backend, cast, isGradEnabled, matmul, mul, record, reshape, sigmoid, sub, sum } from '@entropic/core';
import { linear } from './linear.js';

type FloatArray = Float32Array | Float64Array;

/**
 * Σ_i s_i·bce(x_i·wᵀ + b, y_i) / n: what `binaryCrossEntropyWithLogits(z, y)` (no sample weights)
 * and `weightedMean` of its `'none'` losses (with them) give. `weight` is [1, d], `bias` [1] or
 * null, `y` and `sampleWeight` [n] in the weight's dtype. The caller has checked the shapes.
 */
export function logisticLoss(x: Tensor, weight: Tensor, bias: Tensor | null, y: Tensor, sampleWeight: Tensor | null): Tensor {
  const dtype = weight.dtype as 'float32' | 'float64';
  const xs = x.dtype === dtype ? x : cast(x, dtype);
  const [n, d] = xs.shape as [number, number];
  const wantGrad = isGradEnabled() && (weight.requiresGrad || bias?.requiresGrad === true);
  const be = backend();
  const gradWeight = wantGrad ? (be.allocate(dtype, d) as FloatArray) : null;
  const { loss, gradBias } = be.linearBceWithLogits({
    x: xs.data as FloatArray,
    rows: n,
    cols: d,
    weight: weight.data as FloatArray,
    bias: bias === null ? 0 : bias.data[0]!,
    target: y.data as FloatArray,
    sampleWeight: sampleWeight === null ? null : (sampleWeight.data as FloatArray),
    gradWeight,
  });
  const value = be.allocate(dtype, 1);
  value[0] = loss / n;
  const out = Tensor.fromData(value, []);
  if (!wantGrad) return out;
  const inputs = bias === null ? [weight] : [weight, bias];
  return record('logisticLoss', out, inputs, (g) => {
    if (isGradEnabled()) {
      // Recording the backward: (s·(σ(z) − y))ᵀ·x / n from core ops, differentiable again.
      let r = sub(sigmoid(reshape(linear(xs, weight, bias), [n])), y);
      if (sampleWeight !== null) r = mul(r, sampleWeight);
      r = mul(r, mul(g, 1 / n));
      const dw = matmul(reshape(r, [1, n]), xs);
      return bias === null ? [dw] : [dw, reshape(sum(r), [1])];
    }
    const k = (g.data[0]! as number) / n;
    const dwData = be.allocate(dtype, d) as FloatArray;
    be.axpy(k, gradWeight!, dwData); // a fresh array: a second backward (retainGraph) scales the sums again
    const dw = Tensor.fromData(dwData, [1, d]);
    if (bias === null) return [dw];
    const db = be.allocate(dtype, 1);
    db[0] = gradBias * k;
    return [dw, Tensor.fromData(db, [1])];
  }, { higherOrder: true, saves: inputs });
}
