/**
 * Every case of loss-family.json (PyTorch 1.13, float64): KL divergence, robust regression,
 * margin, likelihood and focal losses. As loss.json, plus `extra` tensors passed between target
 * and options (gaussianNllLoss's variance).
 */
import { describe, expect, it } from 'vitest';
import { Tensor } from '@entropic/core';
import { compare, fromJson } from './conformance.js';
import { callFamily, familyCases, familyOptions } from './family-cases.js';

const ATOL = 1e-9;
const RTOL = 1e-7;

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
