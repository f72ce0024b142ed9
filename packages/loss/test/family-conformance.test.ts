/**
 * Every case of loss-family.json (PyTorch 1.13, float64): KL divergence, robust regression,
 * margin, likelihood and focal losses. As loss.json, plus `extra` tensors passed between target
 * and options (gaussianNllLoss's variance).
 */
import { describe, expect, it } from 'vitest';
import { checkLossCase, fromJson } from './conformance.js';
import { callFamily, familyCases, familyOptions } from './family-cases.js';


describe('loss-family.json (PyTorch 1.13 reference, float64)', () => {
  it('holds the 58 cases the README lists, over the ten losses', () => {
    expect(familyCases.length).toBe(58);
    expect(new Set(familyCases.map((c) => c.fn)).size).toBe(10);
  });

  it.each(familyCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const extra = (c.extra ?? []).map((t) => fromJson(t));
    checkLossCase(c, (input) => callFamily(c, input, fromJson(c.target), extra, familyOptions(c.opts)));
  });
});
