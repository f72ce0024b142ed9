/**
 * Every case of shared/conformance/loss.json (PyTorch 1.13, float64): the value, then the input
 * gradient — from value.backward() for 'mean'/'sum', value.backward(gradOutput) for 'none'.
 */
import { describe, expect, it } from 'vitest';
import { Tensor } from '@entropic/core';
import {
  type AnyLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, nllLoss,
} from '../src/index.js';
import { type JsonTensor, compare, fromJson, loadCases } from './conformance.js';

interface LossCase {
  name: string;
  fn: 'binaryCrossEntropy' | 'binaryCrossEntropyWithLogits' | 'crossEntropy' | 'nllLoss' | 'mseLoss';
  input: JsonTensor;
  target: JsonTensor;
  opts: Record<string, unknown>;
  value: JsonTensor;
  gradInput: JsonTensor;
  gradOutput?: JsonTensor;
}

const losses: Record<LossCase['fn'], AnyLoss> = { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, nllLoss, mseLoss };
const ATOL = 1e-9;
const RTOL = 1e-7;
const cases = loadCases<LossCase>('loss.json');

function options(opts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    out[k] = k === 'weight' || k === 'posWeight' ? fromJson(v as JsonTensor) : v;
  }
  return out;
}

describe('loss.json (PyTorch 1.13 reference, float64)', () => {
  it('holds the 67 cases the README lists', () => {
    expect(cases.length).toBe(67);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const input = fromJson(c.input, true);
    const target = fromJson(c.target);
    const value = losses[c.fn](input, target, options(c.opts));
    expect(value.dtype).toBe('float64');
    expect(compare(value, c.value, ATOL, RTOL)).toBeNull();
    if (c.gradOutput !== undefined) value.backward(fromJson(c.gradOutput));
    else value.backward();
    expect(input.grad).toBeInstanceOf(Tensor);
    expect(compare(input.grad, c.gradInput, ATOL, RTOL)).toBeNull();
  });
});
