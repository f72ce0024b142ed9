/**
 * tools/conformance/vectors/ops.json (PyTorch 1.13, float64, made by scripts/ops_refs.py): the
 * comparison, argmax/argmin, sign/square/logSigmoid/xlogy and variance/std ops, evaluated as
 * core.json's expression trees. A value without a gradient (a count, a sum of indices) is int32.
 */
import { describe, expect, it } from 'vitest';
import type * as core from '../src/index.js';
import { type JsonTensor, compare, fromJson, loadCases } from './conformance.js';
import { type Expr, evaluate } from './expr.js';

interface OpsCase {
  name: string;
  inputs: Record<string, JsonTensor>;
  expr: Expr;
  value: JsonTensor;
  grads: Record<string, JsonTensor>;
}

const cases = loadCases<OpsCase>('ops.json');

describe('ops.json conformance (PyTorch 1.13, float64)', () => {
  it('holds every case the script writes', () => {
    expect(cases.length).toBe(46);
  });
  for (const c of cases) {
    it(c.name, () => {
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, fromJson(v, v.dtype !== 'int32')]));
      const value = evaluate(c.expr, inputs) as core.Tensor;
      expect(value.dtype).toBe(c.value.dtype ?? 'float64');
      expect(compare(value, c.value, 1e-9, 1e-7)).toBeNull();
      const names = Object.keys(c.grads);
      expect(value.requiresGrad).toBe(names.length > 0);
      if (names.length === 0) return;
      value.backward();
      for (const name of names) {
        expect(compare(inputs[name]!.grad, c.grads[name]!, 1e-9, 1e-7), `grad of ${name}`).toBeNull();
      }
    });
  }
});
