/** The shared reference-vector loader (@entropic/conformance), plus Tensor construction. */
import { Tensor, tensor } from '@entropic/core';
import { type JsonTensor, decodeTensor } from '@entropic/conformance';

export { type JsonTensor, compare, decode, loadCases, maxAbsDiff } from '@entropic/conformance';

/** A conformance tensor as a Tensor: float64 (with requiresGrad when asked) or int32. */
export function fromJson(t: JsonTensor, requiresGrad = false): Tensor {
  const { values, shape, dtype } = decodeTensor(t);
  return tensor(values, { dtype, shape, requiresGrad: requiresGrad && dtype === 'float64' });
}

/** A fitted linear classifier's reference (sklearn.json, sklearn-weighted.json). */
export interface ClassifierCase {
  name: string;
  model: 'LogisticRegression' | 'SoftmaxRegression';
  n: number;
  C: number;
  l2: number;
  objective: number;
  coef: JsonTensor;
  intercept: JsonTensor;
  predictProbaFirst5: JsonTensor;
  X: JsonTensor;
  y: JsonTensor;
}

/** Softmax intercepts are defined up to a common shift: compare them after subtracting their mean. */
export function centred(t: Tensor): Tensor {
  const m = Array.from(t.data).reduce((s, v) => s + v, 0) / t.size;
  return Tensor.fromData(Float64Array.from(t.data, (v) => v - m), t.shape.slice());
}
