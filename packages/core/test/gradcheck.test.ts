/** The generic harness: every op in the registry is gradchecked in float64 over its shapes. */
import { describe, expect, it } from 'vitest';
import { RandomGenerator, type Tensor, gradcheck, opRegistry, tensor } from '../src/index.js';

function sample(shape: readonly number[], domain: string | undefined, g: RandomGenerator): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const values = Array.from({ length: n }, () => {
    const z = g.normal();
    if (domain === 'positive') return 0.2 + Math.abs(z);
    if (domain === 'awayFromZero') return Math.sign(z || 1) * (0.1 + Math.abs(z));
    return z;
  });
  return tensor(values, { dtype: 'float64', shape });
}

describe('gradcheck over the op registry (float64, central differences)', () => {
  it('covers every op family', () => {
    const names = new Set(opRegistry.map((o) => o.name.split(/[ (]/)[0]));
    for (const op of ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'neg', 'exp', 'log', 'log1p', 'sqrt', 'abs',
      'sigmoid', 'tanh', 'relu', 'softplus', 'clamp', 'sum', 'mean', 'max', 'min', 'logsumexp', 'softmax', 'logSoftmax',
      'reshape', 'transpose', 'broadcastTo', 'concat', 'stack', 'slice', 'matmul', 'gather', 'where',
      'sign', 'square', 'logSigmoid', 'xlogy', 'variance', 'std', 'indexSelect']) {
      expect(names, op).toContain(op);
    }
  });
  for (const info of opRegistry) {
    for (const shapes of info.shapes) {
      it(`${info.name} ${shapes.map((s) => `[${s}]`).join(' ')}`, () => {
        const g = new RandomGenerator(7);
        const inputs = shapes.map((s) => sample(s, info.domain, g));
        const result = gradcheck(info.fn, inputs, { atol: 1e-6, rtol: 1e-5 });
        expect(result.ok, JSON.stringify(result)).toBe(true);
      });
    }
  }
  it('reports a wrong gradient', async () => {
    const { record, mul, Tensor: T } = await import('../src/index.js');
    const wrongSquare = (x: Tensor) => record('wrongSquare', T.fromData(x.data.map((v) => v * v), x.shape), [x], (gr) => [mul(gr, x)]);
    const result = gradcheck(wrongSquare, [tensor([0.5, -1.5, 2], { dtype: 'float64' })]);
    expect(result.ok).toBe(false);
    expect(result.maxAbsError).toBeGreaterThan(0.4);
  });
});
