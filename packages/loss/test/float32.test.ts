/**
 * float32 stays finite and accurate: relative error < 1e-5 against the float64 computation on
 * the same (float32-representable) inputs, for logits up to ±80 and probabilities down to 1e-30.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '@entropic/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, nllLoss } from '../src/index.js';
import { classes, uniform } from './helpers.js';

const REL = 1e-5;
/**
 * Below float32's smallest normal number a value cannot carry 1e-5 relative accuracy (a softmax
 * probability of e^−160 is 0 in float32); such entries are compared absolutely.
 */
const TINY = 1.2e-38;

type Run = (dtype: 'float32' | 'float64') => { value: Tensor; grads: (Tensor | null)[] };

/** The same inputs in both dtypes: float32-representable values, so only the arithmetic differs. */
function both(values: number[], shape: number[], dtype: 'float32' | 'float64', requiresGrad = true): Tensor {
  return tensor(Float32Array.from(values), { dtype, shape, requiresGrad });
}

function expectClose(run: Run): void {
  const a = run('float32');
  const e = run('float64');
  expect(a.value.dtype).toBe('float32');
  const pairs: [Tensor, Tensor][] = [[a.value, e.value]];
  a.grads.forEach((g, i) => {
    pairs.push([g!, e.grads[i]!]);
  });
  for (const [x32, x64] of pairs) {
    expect(x32.dtype).toBe('float32');
    const d32 = x32.data;
    const d64 = x64.data;
    for (let i = 0; i < d64.length; i++) {
      const got = d32[i]!;
      const want = d64[i]!;
      expect(Number.isFinite(got)).toBe(true);
      if (!(Math.abs(got - want) <= REL * Math.abs(want) + TINY)) {
        throw new Error(`element ${i}: float32 ${got} vs float64 ${want} (relative error ${Math.abs(got - want) / Math.abs(want)})`);
      }
    }
  }
}

function lossAndGrads(value: Tensor, inputs: Tensor[]): { value: Tensor; grads: (Tensor | null)[] } {
  value.backward(value.size === 1 ? undefined : tensor(Float32Array.from(uniform(value.size, 0.5, 1.5, 9)), { dtype: value.dtype, shape: [...value.shape] }));
  return { value, grads: inputs.map((t) => t.grad) };
}

describe('float32 accuracy', () => {
  const N = 64;
  const C = 7;
  const logits = uniform(N * C, -80, 80, 1);
  const labels = classes(N, C, 2);

  it.each(['mean', 'sum', 'none'] as const)('crossEntropy, class indices, logits in ±80 (%s)', (reduction) => {
    expectClose((dtype) => {
      const x = both(logits, [N, C], dtype);
      return lossAndGrads(crossEntropy(x, tensor(labels, { dtype: 'int32' }), { reduction }), [x]);
    });
  });

  it('crossEntropy with label smoothing and soft probability targets, logits in ±80', () => {
    expectClose((dtype) => {
      const x = both(logits, [N, C], dtype);
      return lossAndGrads(crossEntropy(x, tensor(labels, { dtype: 'int32' }), { labelSmoothing: 0.1, reduction: 'none' }), [x]);
    });
    const soft = uniform(N * C, 0, 1, 3);
    expectClose((dtype) => {
      const x = both(logits, [N, C], dtype);
      const t = both(soft, [N, C], dtype);
      return lossAndGrads(crossEntropy(x, t, { reduction: 'none' }), [x, t]);
    });
  });

  it('crossEntropy of a confident, correct prediction keeps its tiny loss and gradient (1 − p_t ≈ 1e-30)', () => {
    // Numerical trap: log(Σ exp) = log(1 + 1e-30) and p_t − 1 both round to 0 when formed naively.
    const row = [70, 1, 0.5, 0, 2];
    const rest = row.slice(1).reduce((s, v) => s + Math.exp(v - 70), 0);
    expectClose((dtype) => {
      const x = both(row, [1, 5], dtype);
      const run = lossAndGrads(crossEntropy(x, tensor([0], { dtype: 'int32' })), [x]);
      expect(run.value.item() / rest).toBeCloseTo(1, dtype === 'float64' ? 14 : 6);
      const g = run.grads[0]!.data;
      expect(g[0]! / (-rest / (1 + rest))).toBeCloseTo(1, dtype === 'float64' ? 14 : 6);
      expect(g[4]! / Math.exp(2 - 70)).toBeCloseTo(1, dtype === 'float64' ? 14 : 6);
      return run;
    });
  });

  it('nllLoss and mseLoss', () => {
    expectClose((dtype) => {
      const x = both(logits, [N, C], dtype);
      return lossAndGrads(nllLoss(x, tensor(labels, { dtype: 'int32' })), [x]);
    });
    expectClose((dtype) => {
      const x = both(logits, [N, C], dtype);
      const t = both(uniform(N * C, -80, 80, 4), [N, C], dtype);
      return lossAndGrads(mseLoss(x, t, { reduction: 'none' }), [x, t]);
    });
  });

  const z = [-80, -40, -17, -1, -1e-3, 0, 1e-3, 1, 17, 40, 80, ...uniform(21, -80, 80, 5)];
  const y = z.map((_, i) => [0, 1, 0.25][i % 3]!);

  it.each(['mean', 'none'] as const)('binaryCrossEntropyWithLogits at logits up to ±80 (%s), with posWeight', (reduction) => {
    expectClose((dtype) => {
      const x = both(z, [z.length], dtype);
      const t = both(y, [z.length], dtype);
      return lossAndGrads(binaryCrossEntropyWithLogits(x, t, { reduction }), [x, t]);
    });
    expectClose((dtype) => {
      const x = both(z, [z.length / 2, 2], dtype);
      const t = both(y, [z.length / 2, 2], dtype, false);
      const posWeight = tensor([3, 0.5], { dtype });
      return lossAndGrads(binaryCrossEntropyWithLogits(x, t, { reduction, posWeight }), [x]);
    });
  });

  it.each(['sum', 'none'] as const)('binaryCrossEntropy for probabilities down to 1e-30 (%s)', (reduction) => {
    const p = [1e-30, 1e-25, 1e-20, 1e-12, 1e-7, 0.01, 0.5, 0.99, 1 - 1e-7, 0, 1, 3e-30];
    const t = p.map((_, i) => [1, 0, 0.3][i % 3]!);
    expectClose((dtype) => {
      const x = both(p, [p.length], dtype);
      const target = both(t, [t.length], dtype);
      return lossAndGrads(binaryCrossEntropy(x, target, { reduction }), [x, target]);
    });
    // The loss at p = 1e-30, y = 1 is −log(1e-30) ≈ 69.08 in float32 too (not the −100 floor).
    const v = binaryCrossEntropy(tensor([1e-30]), tensor([1]), { reduction: 'none' }).item();
    expect(v).toBeCloseTo(-Math.log(Math.fround(1e-30)), 4);
  });
});
