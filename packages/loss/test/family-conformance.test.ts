/**
 * Every case of loss-family.json (PyTorch 1.13, float64): KL divergence, robust regression,
 * margin, likelihood and focal losses. As loss.json, plus `extra` tensors passed between target
 * and options (gaussianNllLoss's variance).
 */
import { describe, expect, it } from 'vitest';
import { Tensor } from '@entropic/core';
import * as loss from '../src/index.js';
import { type JsonTensor, compare, fromJson, loadCases } from './conformance.js';

type FamilyFn =
  | 'klDiv' | 'l1Loss' | 'smoothL1Loss' | 'huberLoss' | 'softMarginLoss' | 'multiMarginLoss' | 'multilabelSoftMarginLoss'
  | 'poissonNllLoss' | 'gaussianNllLoss' | 'sigmoidFocalLoss';

export interface FamilyCase {
  name: string;
  fn: FamilyFn;
  input: JsonTensor;
  target: JsonTensor;
  extra?: JsonTensor[];
  opts: Record<string, unknown>;
  value: JsonTensor;
  gradInput: JsonTensor;
  gradOutput?: JsonTensor;
}

const ATOL = 1e-9;
const RTOL = 1e-7;
export const familyCases = loadCases<FamilyCase>('loss-family.json');

/** The case's options with `weight` as a Tensor (every other option is a plain value). */
export function familyOptions(opts: Record<string, unknown>, dtype: 'float32' | 'float64' = 'float64'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) out[k] = k === 'weight' ? fromJson(v as JsonTensor).cast(dtype) : v;
  return out;
}

/** `loss[fn](input, target, ...extra, opts)`. */
export function callFamily(c: FamilyCase, input: Tensor, target: Tensor, extra: Tensor[], opts: Record<string, unknown>): Tensor {
  const f = loss[c.fn] as (...args: unknown[]) => Tensor;
  return f(input, target, ...extra, opts);
}

describe('loss-family.json (PyTorch 1.13 reference, float64)', () => {
  it('holds the 58 cases the README lists, over the ten losses', () => {
    expect(familyCases.length).toBe(58);
    expect(new Set(familyCases.map((c) => c.fn)).size).toBe(10);
  });

  it.each(familyCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const input = fromJson(c.input, true);
    const target = fromJson(c.target);
    const value = callFamily(c, input, target, (c.extra ?? []).map((t) => fromJson(t)), familyOptions(c.opts));
    expect(value.dtype).toBe('float64');
    expect(compare(value, c.value, ATOL, RTOL)).toBeNull();
    if (c.gradOutput !== undefined) value.backward(fromJson(c.gradOutput));
    else value.backward();
    expect(input.grad).toBeInstanceOf(Tensor);
    expect(compare(input.grad, c.gradInput, ATOL, RTOL)).toBeNull();
  });
});
