/** The shared reference-vector loader (@entropic/conformance), plus Tensor construction. */
import { type Tensor, tensor } from '../src/index.js';
import { type JsonTensor, decodeTensor } from '@entropic/conformance';

export { type JsonTensor, compare, decode, loadCases, maxAbsDiff } from '@entropic/conformance';

/** A conformance tensor as a Tensor: float64 (with requiresGrad when asked) or int32. */
export function fromJson(t: JsonTensor, requiresGrad = false): Tensor {
  const { values, shape, dtype } = decodeTensor(t);
  return tensor(values, { dtype, shape, requiresGrad: requiresGrad && dtype === 'float64' });
}
