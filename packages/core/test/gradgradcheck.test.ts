/**
 * Second derivatives of every op in the registry, in float64: reverse-over-reverse against
 * central differences of the first derivatives (gradgradcheck), over the same shapes as gradcheck.
 */
import { describe, expect, it } from 'vitest';
import { RandomGenerator, Tensor, type Tensor as T, gradgradcheck, isEntropicError, mul, opRegistry, record, tensor } from '../src/index.js';

function sample(shape: readonly number[], domain: string | undefined, g: RandomGenerator): T {
  const n = shape.reduce((p, d) => p * d, 1);
  const values = Array.from({ length: n }, () => {
    const z = g.normal();
    if (domain === 'positive') return 0.2 + Math.abs(z);
    if (domain === 'awayFromZero') return Math.sign(z || 1) * (0.1 + Math.abs(z));
    return z;
  });
  return tensor(values, { dtype: 'float64', shape });
}

describe('gradgradcheck over the op registry (float64)', () => {
  for (const info of opRegistry) {
    for (const shapes of info.shapes) {
      it(`${info.name} ${shapes.map((s) => `[${s}]`).join(' ')}`, () => {
        const g = new RandomGenerator(11);
        const inputs = shapes.map((s) => sample(s, info.domain, g));
        const result = gradgradcheck(info.fn, inputs, { atol: 1e-6, rtol: 1e-5 });
        expect(result.ok, JSON.stringify(result)).toBe(true);
      });
    }
  }
});

describe('gradgradcheck finds what gradcheck cannot', () => {
  const x = tensor([0.5, -1.5, 2], { dtype: 'float64' });

  it('a backward that is right to first order but treats x as a constant', () => {
    // x² with gradient g·2x where 2x is computed outside the graph: gradient right, Hessian 0 instead of 2.
    const square = (v: T) =>
      record('square', Tensor.fromData(v.data.map((a) => a * a), v.shape), [v], (g) => [mul(g, Tensor.fromData(v.data.map((a) => 2 * a), v.shape))], { higherOrder: true });
    const result = gradgradcheck(square, [x]);
    expect(result.ok).toBe(false);
    expect(result.maxAbsError).toBeGreaterThan(1);
  });

  it('a once-differentiable op throws AUTOGRAD instead of giving zeros', () => {
    const square = (v: T) =>
      record('handSquare', Tensor.fromData(v.data.map((a) => a * a), v.shape), [v], (g) => [Tensor.fromData(g.data.map((a, i) => 2 * a * v.data[i]!), v.shape)]);
    let caught: unknown;
    try {
      gradgradcheck(square, [x]);
    } catch (e) {
      caught = e;
    }
    expect(isEntropicError(caught) && caught.code).toBe('AUTOGRAD');
    expect(String(caught)).toMatch(/handSquare/);
  });
});
