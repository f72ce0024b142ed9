/** The shared reference-vector loader (@entropic/conformance), plus Tensor construction. */
import { expect } from 'vitest';
import { Tensor, tensor } from '@entropic/core';
import { type JsonTensor, compare, decodeTensor } from '@entropic/conformance';

export { type JsonTensor, compare, decode, loadCases, maxAbsDiff } from '@entropic/conformance';

/** A conformance tensor as a Tensor: float64 (with requiresGrad when asked) or int32. */
export function fromJson(t: JsonTensor, requiresGrad = false): Tensor {
  const { values, shape, dtype } = decodeTensor(t);
  return tensor(values, { dtype, shape, requiresGrad: requiresGrad && dtype === 'float64' });
}

/** What loss.json and loss-family.json cases have in common. */
export interface LossCaseLike {
  input: JsonTensor;
  value: JsonTensor;
  gradInput: JsonTensor;
  gradOutput?: JsonTensor;
}

/**
 * The README's procedure for loss.json and loss-family.json: the float64 input with requiresGrad,
 * the value (atol 1e-9, rtol 1e-7), then `backward()` — `backward(gradOutput)` for 'none' — and
 * the input's gradient.
 */
export function checkLossCase(c: LossCaseLike, run: (input: Tensor) => Tensor): void {
  const input = fromJson(c.input, true);
  const value = run(input);
  expect(value.dtype).toBe('float64');
  expect(compare(value, c.value, 1e-9, 1e-7)).toBeNull();
  if (c.gradOutput !== undefined) value.backward(fromJson(c.gradOutput));
  else value.backward();
  expect(input.grad).toBeInstanceOf(Tensor);
  expect(compare(input.grad, c.gradInput, 1e-9, 1e-7)).toBeNull();
}
