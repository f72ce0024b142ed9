/**
 * Every case of shared/conformance/loss.json (PyTorch 1.13, float64): the value, then the input
 * gradient — from value.backward() for 'mean'/'sum', value.backward(gradOutput) for 'none'.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnyLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, nllLoss,
} from '../src/index.js';
import { type JsonTensor, checkLossCase, fromJson, loadCases } from './conformance.js';

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
    checkLossCase(c, (input) => losses[c.fn](input, fromJson(c.target), options(c.opts)));
  });
});
