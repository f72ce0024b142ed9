/**
 * Second derivatives of every loss: gradgradcheck (float64) over each reduction and option — the
 * fused losses through their recorded backward, the relatives (written with core ops) and the
 * defineLoss examples through their ops — Hessians of the fused losses against closed forms and
 * against the same loss written with core ops, and the float32 / NaN cases PyTorch pins.
 */
import { describe, expect, it } from 'vitest';
import {
  type Tensor, add, gradgradcheck, hessian, hvp, logSoftmax, matmul, mean, mul, neg, noGrad, pow, sigmoid, softmax,
  softplus, sub, sum, tensor,
} from '@entropic/core';
import {
  binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, defineLoss, gaussianNllLoss, huberLoss, klDiv, l1Loss,
  lossNames, mseLoss, multiMarginLoss, multilabelSoftMarginLoss, nllLoss, poissonNllLoss, sigmoidFocalLoss, smoothL1Loss,
  softMarginLoss,
} from '../src/index.js';
import { focalLoss, multiHingeLoss, squaredHingeLoss } from '../examples/custom-losses.js';
import { classes, f64, i32, softLabels, uniform } from './helpers.js';
import { type JsonTensor, compare, decode, fromJson, loadCases } from './conformance.js';

const reductions = ['mean', 'sum', 'none'] as const;

function check(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const r = gradgradcheck(f, inputs, { atol: 1e-6, rtol: 1e-5 });
  expect(r.ok, `max abs error ${r.maxAbsError}, max rel error ${r.maxRelError}`).toBe(true);
}

describe.each(reductions)('gradgradcheck, reduction %s', (reduction) => {
  const logits = f64(uniform(24, -3, 3, 11), [6, 4]);
  const labels = i32(classes(6, 4, 12));
  const weight = f64([0.5, 2, 1, 0.25], [4]);

  it('crossEntropy with class indices: plain, weighted, ignoreIndex, labelSmoothing, all together', () => {
    check((x) => crossEntropy(x, labels, { reduction }), [logits]);
    check((x) => crossEntropy(x, labels, { reduction, weight }), [logits]);
    const someIgnored = i32([0, -100, 3, 1, -100, 2]);
    check((x) => crossEntropy(x, someIgnored, { reduction }), [logits]);
    check((x) => crossEntropy(x, labels, { reduction, labelSmoothing: 0.2 }), [logits]);
    check((x) => crossEntropy(x, someIgnored, { reduction, weight, labelSmoothing: 0.3 }), [logits]);
  });

  it('crossEntropy with [N, C, d1, d2] logits, and an unbatched [C] input', () => {
    const x = f64(uniform(2 * 3 * 2 * 2, -2, 2, 13), [2, 3, 2, 2]);
    const t = i32(classes(8, 3, 14), [2, 2, 2]);
    check((v) => crossEntropy(v, t, { reduction, weight: f64([1, 0.5, 2], [3]), labelSmoothing: 0.1 }), [x]);
    check((v) => crossEntropy(v, i32([2], []), { reduction, labelSmoothing: 0.1 }), [f64([0.3, -1, 2, 0.5], [4])]);
  });

  it('crossEntropy with probability targets (input and target), weights and smoothing', () => {
    const t = f64(softLabels(6, 4, 15), [6, 4]);
    check((x, y) => crossEntropy(x, y, { reduction }), [logits, t]);
    check((x, y) => crossEntropy(x, y, { reduction, weight, labelSmoothing: 0.25 }), [logits, t]);
    const x4 = f64(uniform(2 * 3 * 2, -2, 2, 16), [2, 3, 2]);
    check((x, y) => crossEntropy(x, y, { reduction, weight: f64([1, 0.5, 2], [3]) }), [x4, f64(uniform(12, 0, 1, 17), [2, 3, 2])]);
  });

  it('nllLoss: plain, weighted, ignoreIndex, k-dimensional', () => {
    check((x) => nllLoss(x, labels, { reduction }), [logits]);
    check((x) => nllLoss(x, labels, { reduction, weight, ignoreIndex: 1 }), [logits]);
    check((v) => nllLoss(v, i32([0, 2, 1, 1], [2, 2]), { reduction }), [f64(uniform(12, -3, 0, 17), [2, 3, 2])]);
    // The NLL of logSoftmax is cross-entropy: its Hessian is not zero.
    check((v) => nllLoss(logSoftmax(v, { axis: 1 }), labels, { reduction, weight }), [logits]);
  });

  it('binaryCrossEntropy (input and target), weighted', () => {
    const p = f64(uniform(12, 0.05, 0.95, 18), [3, 4]);
    const y = f64(uniform(12, 0.05, 0.95, 19), [3, 4]);
    check((a, b) => binaryCrossEntropy(a, b, { reduction }), [p, y]);
    check((a) => binaryCrossEntropy(a, f64([1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0], [3, 4]), { reduction, weight: f64([1, 0.5, 2, 0], [4]) }), [p]);
  });

  it('binaryCrossEntropyWithLogits (input and target), weight and posWeight', () => {
    const x = f64(uniform(12, -4, 4, 20), [3, 4]);
    const y = f64(uniform(12, 0, 1, 21), [3, 4]);
    check((a, b) => binaryCrossEntropyWithLogits(a, b, { reduction }), [x, y]);
    check((a, b) => binaryCrossEntropyWithLogits(a, b, { reduction, weight: f64([0.5, 1, 2], [3, 1]), posWeight: f64([2, 1, 1, 0.25], [4]) }), [x, y]);
  });

  it('mseLoss (input and target)', () => {
    check((a, b) => mseLoss(a, b, { reduction }), [f64(uniform(12, -2, 2, 22), [2, 2, 3]), f64(uniform(12, -2, 2, 23), [2, 2, 3])]);
  });

  it('defineLoss losses (composites of core ops): the focal, multi-class hinge and squared hinge examples, and a fresh one', () => {
    const z = f64(uniform(6, -2, 2, 24), [2, 3]);
    check((a) => focalLoss(a, f64([1, 0, 1, 1, 0, 0], [2, 3]), { reduction, gamma: 2.5, weight: f64([1, 2, 0.5], [3]) }), [z]);
    check((a) => multiHingeLoss(a, i32([2, 0]), { reduction, margin: 0.7 }), [z]);
    // Slack 1 − y·z is away from 0 at every element (the kink), on both sides of it.
    check((a) => squaredHingeLoss(a, f64([1, -1, -1, 1, 1, -1], [2, 3]), { reduction }), [z]);
    const logCosh = defineLoss<{ scale: number }>({ name: 'logCoshHigherOrder', register: false, defaults: { scale: 2 }, elementwise: (x, y, { scale }) => sub(add(softplus(mul(sub(x, y), scale)), sub(y, x)), Math.LN2) });
    check((a, b) => logCosh(a, b, { reduction }), [z, f64(uniform(6, -1, 1, 25), [2, 3])]);
  });
});

describe.each(reductions)('gradgradcheck of the relatives (written with core ops), reduction %s', (reduction) => {
  const N = 4;
  const C = 3;
  const x = f64(uniform(N * C, -3, 3, 61), [N, C]);
  const near = f64(Array.from(x.data, (v, i) => v + [0.3, -0.7, 1.6][i % 3]!), [N, C]);
  const soft = f64(softLabels(N, C, 62), [N, C]);
  const labels01 = f64(Array.from({ length: N * C }, (_, i) => (i % 3 === 0 ? 1 : 0)), [N, C]);

  it('klDiv, probability and log targets (input and target)', () => {
    const logp = f64(uniform(N * C, -3, -0.1, 63), [N, C]);
    check((a, t) => klDiv(a, t, { reduction }), [logp, soft]);
    check((a, t) => klDiv(a, t, { reduction, logTarget: true }), [logp, f64(uniform(N * C, -4, 0, 64), [N, C])]);
  });

  it('l1Loss, smoothL1Loss and huberLoss (second derivative 0 or 1/β inside)', () => {
    check((a, t) => l1Loss(a, t, { reduction }), [x, near]);
    check((a, t) => smoothL1Loss(a, t, { reduction, beta: 1 }), [x, near]);
    check((a, t) => huberLoss(a, t, { reduction, delta: 1.2 }), [x, near]);
  });

  it('softMarginLoss, multilabelSoftMarginLoss and sigmoidFocalLoss (logSigmoid twice)', () => {
    const signs = f64(Array.from({ length: N * C }, (_, i) => (i % 2 === 0 ? 1 : -1)), [N, C]);
    check((a) => softMarginLoss(a, signs, { reduction }), [x]);
    check((a, t) => multilabelSoftMarginLoss(a, t, { reduction, weight: f64([0.5, 2, 1], [C]) }), [x, soft]);
    check((a) => sigmoidFocalLoss(a, labels01, { reduction }), [x]);
    check((a, t) => sigmoidFocalLoss(a, t, { reduction, alpha: -1, gamma: 1.5 }), [x, soft]);
  });

  it('multiMarginLoss p = 2 (p = 1 is piecewise linear)', () => {
    check((a) => multiMarginLoss(a, i32(classes(N, C, 65)), { reduction, p: 2, margin: 0.8 }), [x]);
  });

  it('poissonNllLoss and gaussianNllLoss (input, target, variance)', () => {
    const counts = f64(Array.from({ length: N * C }, (_, i) => i % 5), [N, C]);
    check((a) => poissonNllLoss(a, counts, { reduction, full: true }), [x]);
    check((a) => poissonNllLoss(a, counts, { reduction, logInput: false }), [f64(uniform(N * C, 0.3, 3, 66), [N, C])]);
    check((a, t, s) => gaussianNllLoss(a, t, s, { reduction }), [x, near, f64(uniform(N * C, 0.3, 2, 67), [N, C])]);
  });
});

describe('coverage', () => {
  it('every registered loss has a gradgradcheck above', () => {
    const checked = [
      'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'crossEntropy', 'nllLoss', 'mseLoss', 'klDiv', 'l1Loss', 'smoothL1Loss',
      'huberLoss', 'softMarginLoss', 'multiMarginLoss', 'multilabelSoftMarginLoss', 'poissonNllLoss', 'gaussianNllLoss',
      'sigmoidFocalLoss', 'focal', 'multiHinge', 'squaredHinge',
    ];
    for (const name of lossNames()) expect(checked, `add a gradgradcheck for '${name}' to test/higher-order.test.ts`).toContain(name);
  });
});

describe('Hessians of the fused losses', () => {
  const X = f64(uniform(15, -2, 2, 30), [5, 3]);
  const n = 5;
  const row = (i: number) => [0, 1, 2].map((j) => X.data[i * 3 + j]!);

  it('binaryCrossEntropyWithLogits: Xᵀ diag(p(1 − p)) X / n, and equal to the composite', () => {
    const y = f64([1, 0, 0, 1, 1], [5]);
    const w = f64([0.2, -0.5, 0.7], [3]);
    const H = hessian((v) => binaryCrossEntropyWithLogits(matmul(X, v), y))(w);
    const p = Array.from(noGrad(() => sigmoid(matmul(X, w))).data);
    const expected = new Array<number>(9).fill(0);
    for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expected[a * 3 + b]! += (row(i)[a]! * row(i)[b]! * p[i]! * (1 - p[i]!)) / n;
    Array.from(H.data).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 14);
    });
    const composite = hessian((v) => { const z = matmul(X, v); return mean(sub(softplus(z), mul(y, z))); })(w);
    Array.from(H.data).forEach((v, i) => {
      expect(v).toBeCloseTo(composite.data[i]!, 14);
    });
  });

  it('crossEntropy (class indices and probabilities): equal to mean(−Σ Y·logSoftmax) and its block form', () => {
    const labels = [0, 2, 1, 1, 0];
    const Y = f64(labels.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))), [5, 3]);
    const W = f64(uniform(9, -1, 1, 31), [3, 3]);
    const composite = hessian((v) => mean(neg(sum(mul(Y, logSoftmax(matmul(X, v), { axis: 1 })), { axis: 1 }))))(W);
    const byIndex = hessian((v) => crossEntropy(matmul(X, v), i32(labels)))(W);
    const byProbability = hessian((v) => crossEntropy(matmul(X, v), Y))(W);
    const viaNll = hessian((v) => nllLoss(logSoftmax(matmul(X, v), { axis: 1 }), i32(labels)))(W);
    const P = Array.from(noGrad(() => softmax(matmul(X, W), { axis: 1 })).data);
    for (let a = 0; a < 3; a++) for (let k = 0; k < 3; k++) for (let b = 0; b < 3; b++) for (let l = 0; l < 3; l++) {
      let h = 0;
      for (let i = 0; i < n; i++) h += (row(i)[a]! * row(i)[b]! * (P[i * 3 + k]! * (k === l ? 1 : 0) - P[i * 3 + k]! * P[i * 3 + l]!)) / n;
      const at = ((a * 3 + k) * 3 + b) * 3 + l;
      for (const H of [composite, byIndex, byProbability, viaNll]) expect(H.data[at]).toBeCloseTo(h, 14);
    }
  });

  it('mseLoss: 2 XᵀX / n, and hvp = H·v', () => {
    const y = f64([0.3, -1, 2, 0.5, 0], [5]);
    const f = (v: Tensor) => mseLoss(matmul(X, v), y);
    const H = hessian(f)(f64([1, -2, 0.5], [3]));
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      let h = 0;
      for (let i = 0; i < n; i++) h += (2 * row(i)[a]! * row(i)[b]!) / n;
      expect(H.data[a * 3 + b]).toBeCloseTo(h, 14);
    }
    const v = f64([1, 0.5, -1], [3]);
    const Hv = hvp(f)(f64([1, -2, 0.5], [3]), v);
    [0, 1, 2].forEach((a) => {
      expect(Hv.data[a]).toBeCloseTo([0, 1, 2].reduce((s, b) => s + H.data[a * 3 + b]! * v.data[b]!, 0), 14);
    });
  });

  it('binaryCrossEntropy of σ(Xw): the same Hessian as with logits', () => {
    const y = f64([1, 0, 0, 1, 1], [5]);
    const w = f64([0.2, -0.5, 0.7], [3]);
    const a = hessian((v) => binaryCrossEntropy(sigmoid(matmul(X, v)), y))(w);
    const b = hessian((v) => binaryCrossEntropyWithLogits(matmul(X, v), y))(w);
    Array.from(a.data).forEach((v, i) => {
      expect(v).toBeCloseTo(b.data[i]!, 12);
    });
  });
});

interface BceCase { name: string; kind: 'bceLogSoftmax'; a: JsonTensor; value: JsonTensor; gradA: JsonTensor }
interface LossCase { name: string; kind: 'loss'; dtype: 'float32' | 'float64'; fn: 'crossEntropy'; input: JsonTensor; target: JsonTensor; value: JsonTensor; gradInput: JsonTensor }

describe('PyTorch\'s float32 and NaN cases (autograd.json)', () => {
  const cases = loadCases<BceCase | LossCase>('autograd.json');

  it('50·binaryCrossEntropy(logSoftmax(a), 0.7) − 50·a at a = [−1] in float32: dL/da = −50, as PyTorch', () => {
    const c = cases.find((k): k is BceCase => k.kind === 'bceLogSoftmax')!;
    const a = tensor(c.a.data.map(decode), { shape: c.a.shape, requiresGrad: true });
    const loss = sub(mul(binaryCrossEntropy(logSoftmax(a), tensor([0.7])), 50), mul(sum(a), 50));
    expect(loss.dtype).toBe('float32');
    expect(loss.item()).toBe(decode(c.value.data[0]!));
    loss.backward();
    expect(Array.from(a.grad!.data)).toEqual(c.gradA.data.map(decode));
  });

  for (const c of cases.filter((k): k is LossCase => k.kind === 'loss')) {
    it(`${c.name}: NaN loss and a NaN gradient for the NaN row`, () => {
      const json = fromJson(c.input);
      const x = tensor(json.data, { shape: [...json.shape], dtype: c.dtype, requiresGrad: true });
      const loss = crossEntropy(x, fromJson(c.target));
      expect(compare(loss, c.value, 0, 0)).toBeNull();
      loss.backward();
      expect(compare(x.grad, c.gradInput, 0, 0)).toBeNull();
    });
  }

  it('binaryCrossEntropy keeps the finite target gradient at p ∈ {0, 1}: ±100 per element (a documented departure)', () => {
    const p = f64([0, 1, 0, 1], [4]);
    const y = f64([0.3, 0.3, 1, 0], [4], true);
    binaryCrossEntropy(p, y, { reduction: 'sum' }).backward();
    // d/dy = max(log1p(−p), −100) − max(log p, −100): p = 0 → 0 − (−100) = 100; p = 1 → −100 − 0.
    expect(Array.from(y.grad!.data)).toEqual([100, -100, 100, -100]);
    // The same value when the backward is recorded (createGraph), and its own derivative is 0.
    const g = hvp((v) => binaryCrossEntropy(p, v, { reduction: 'sum' }))(f64([0.3, 0.3, 1, 0], [4]), f64([1, 1, 1, 1], [4]));
    expect(Array.from(g.data)).toEqual([0, 0, 0, 0]);
  });

  it('the BCE gradient at p ∈ {0, 1} is ±1e12 under createGraph too', () => {
    const y = f64([1, 0], [2]);
    const p = f64([0, 1], [2], true);
    binaryCrossEntropy(p, y, { reduction: 'sum' }).backward(undefined, { createGraph: true });
    expect(Array.from(p.grad!.data)).toEqual([-1e12, 1e12]);
    expect(p.grad!.requiresGrad).toBe(true);
  });
});

describe('composite and fused agree to first order under createGraph', () => {
  it('the recorded gradients equal the kernels\' for every fused loss', () => {
    const x = f64(uniform(12, -2, 2, 40), [3, 4]);
    const probs = f64(uniform(12, 0.05, 0.95, 41), [3, 4]);
    const y01 = f64(uniform(12, 0, 1, 42), [3, 4]);
    const labels = i32([1, 3, 0]);
    const fns: [(v: Tensor) => Tensor, Tensor][] = [
      [(v) => crossEntropy(v, labels, { labelSmoothing: 0.1, weight: f64([1, 2, 0.5, 1], [4]) }), x],
      [(v) => crossEntropy(v, f64(softLabels(3, 4, 43), [3, 4]), { labelSmoothing: 0.2 }), x],
      [(v) => nllLoss(v, labels, { reduction: 'sum' }), x],
      [(v) => binaryCrossEntropy(v, y01, { weight: f64([1, 2, 3, 4], [4]) }), probs],
      [(v) => binaryCrossEntropyWithLogits(v, y01, { posWeight: f64([2, 1, 0.5, 1], [4]) }), x],
      [(v) => mseLoss(v, y01, { reduction: 'sum' }), x],
    ];
    for (const [f, at] of fns) {
      const a = at.detach();
      a.requiresGrad = true;
      f(a).backward();
      const b = at.detach();
      b.requiresGrad = true;
      f(b).backward(undefined, { createGraph: true });
      Array.from(a.grad!.data).forEach((v, i) => {
        expect(b.grad!.data[i]).toBeCloseTo(v, 13);
      });
    }
  });

  it('crossEntropy\'s recorded gradient is differentiable again: grad of Σ∂L/∂x², by pow', () => {
    const x = f64(uniform(8, -1, 1, 44), [2, 4], true);
    crossEntropy(x, i32([0, 3])).backward(undefined, { createGraph: true });
    const g = x.grad!;
    x.grad = null;
    sum(pow(g, 2)).backward();
    expect(x.grad).not.toBeNull();
    expect(Array.from(x.grad!.data).some((v) => v !== 0)).toBe(true);
  });
});
