import { describe, expect, it } from 'vitest';
import type * as core from '../src/index.js';
import { type JsonTensor, compare, fromJson, loadCases } from './conformance.js';
import { type Expr, evaluate } from './expr.js';

interface CoreCase {
  name: string;
  inputs: Record<string, JsonTensor>;
  expr: Expr;
  value: JsonTensor;
  grads: Record<string, JsonTensor>;
}

const cases = loadCases<CoreCase>('core.json');

describe('core.json conformance (PyTorch 1.13, float64)', () => {
  it('has the documented number of cases', () => {
    expect(cases.length).toBe(94);
  });
  for (const c of cases) {
    it(c.name, () => {
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, fromJson(v, v.dtype !== 'int32')]));
      const value = evaluate(c.expr, inputs) as core.Tensor;
      expect(compare(value, c.value, 1e-9, 1e-7)).toBeNull();
      value.backward();
      for (const [name, expected] of Object.entries(c.grads)) {
        const failure = compare(inputs[name]!.grad, expected, 1e-9, 1e-7);
        expect(failure, `grad of ${name}`).toBeNull();
      }
    });
  }
});

describe('index-select.json conformance (PyTorch 1.13, float64)', () => {
  const indexCases = loadCases<CoreCase>('index-select.json');
  it('has cases', () => {
    expect(indexCases.length).toBe(7);
  });
  for (const c of indexCases) {
    it(c.name, () => {
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, fromJson(v, v.dtype !== 'int32')]));
      const value = evaluate(c.expr, inputs) as core.Tensor;
      expect(compare(value, c.value, 1e-9, 1e-7)).toBeNull();
      value.backward();
      for (const [name, expected] of Object.entries(c.grads)) {
        expect(compare(inputs[name]!.grad, expected, 1e-9, 1e-7), `grad of ${name}`).toBeNull();
      }
    });
  }
});
