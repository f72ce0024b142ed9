/**
 * The cross-entropy family's relatives beyond the reference vectors: gradcheck (float64) for
 * every reduction and option, float32 accuracy, stability at extreme margins and logits, the
 * soft-margin / logistic-loss identity, the classes, and every bad input a clear EntropicError.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, gradcheck, tensor } from '@entropic/core';
import {
  GaussianNLLLoss, HuberLoss, KLDivLoss, L1Loss, LossModule, MultiMarginLoss, MultilabelSoftMarginLoss, PoissonNLLLoss,
  SigmoidFocalLoss, SmoothL1Loss, SoftMarginLoss, binaryCrossEntropyWithLogits, gaussianNllLoss, getLoss, huberLoss, klDiv,
  l1Loss, multiMarginLoss, multilabelSoftMarginLoss, poissonNllLoss, sigmoidFocalLoss, smoothL1Loss, softMarginLoss,
} from '../src/index.js';
import { classes, expectError, f64, i32, softLabels, uniform } from './helpers.js';
import { callFamily, familyCases, familyOptions } from './family-cases.js';
import { fromJson } from './conformance.js';

const reductions = ['mean', 'sum', 'none'] as const;

function check(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const r = gradcheck(f, inputs, { atol: 1e-7, rtol: 1e-5 });
  expect(r.ok, `max abs error ${r.maxAbsError}, max rel error ${r.maxRelError}`).toBe(true);
}

const N = 5;
const C = 4;
const x = f64(uniform(N * C, -3, 3, 41), [N, C]);
/** Targets a fixed distance from x, so no element sits on a kink (|d| = 0, β or δ). */
const near = f64(Array.from(x.data, (v, i) => v + [0.3, -0.7, 1.6, -2.4][i % 4]!), [N, C]);
const signs = f64(Array.from({ length: N * C }, (_, i) => (i % 3 === 0 ? -1 : 1)), [N, C]);
const labels01 = f64(Array.from({ length: N * C }, (_, i) => (i % 3 === 0 ? 1 : 0)), [N, C]);
const soft = f64(softLabels(N, C, 42), [N, C]);
const labels = i32(classes(N, C, 43));

describe.each(reductions)('gradcheck in float64, reduction %s', (reduction) => {
  it('klDiv (and batchmean), input and target, probability and log targets', () => {
    const logp = f64(uniform(N * C, -3, -0.1, 44), [N, C]);
    check((a, t) => klDiv(a, t, { reduction }), [logp, soft]);
    check((a) => klDiv(a, soft, { reduction: 'batchmean' }), [logp]);
    check((a, t) => klDiv(a, t, { reduction, logTarget: true }), [logp, f64(uniform(N * C, -4, 0, 45), [N, C])]);
  });

  it('l1Loss, smoothL1Loss (β = 1, 0.5, 0) and huberLoss (δ = 1, 2.5), input and target', () => {
    check((a, t) => l1Loss(a, t, { reduction }), [x, near]);
    for (const beta of [1, 0.5, 0]) check((a, t) => smoothL1Loss(a, t, { reduction, beta }), [x, near]);
    for (const delta of [1, 2.5]) check((a, t) => huberLoss(a, t, { reduction, delta }), [x, near]);
  });

  it('softMarginLoss and multilabelSoftMarginLoss (with weight)', () => {
    check((a) => softMarginLoss(a, signs, { reduction }), [x]);
    check((a, t) => multilabelSoftMarginLoss(a, t, { reduction }), [x, soft]);
    check((a) => multilabelSoftMarginLoss(a, labels01, { reduction, weight: f64([0.5, 2, 1, 1.5], [C]) }), [x]);
  });

  it('multiMarginLoss: p = 1 and 2, margins, weight, unbatched', () => {
    for (const p of [1, 2] as const) {
      check((a) => multiMarginLoss(a, labels, { reduction, p, margin: 0.7 }), [x]);
      check((a) => multiMarginLoss(a, labels, { reduction, p, margin: 1.3, weight: f64([0.5, 2, 1, 1.5], [C]) }), [x]);
    }
    check((a) => multiMarginLoss(a, i32([2], []), { reduction }), [f64([0.2, -1.1, 0.6, 1.9], [C])]);
  });

  it('poissonNllLoss: log input, rate input, full', () => {
    const counts = f64(Array.from({ length: N * C }, (_, i) => i % 6), [N, C]);
    check((a) => poissonNllLoss(a, counts, { reduction }), [x]);
    check((a) => poissonNllLoss(a, counts, { reduction, full: true }), [x]);
    check((a) => poissonNllLoss(a, counts, { reduction, logInput: false }), [f64(uniform(N * C, 0.2, 4, 46), [N, C])]);
    check((t) => poissonNllLoss(x, t, { reduction, full: true }), [f64(uniform(N * C, 0, 5, 47), [N, C])]);
  });

  it('gaussianNllLoss: input, target and variance (full, per-sample variance, clamped variance)', () => {
    const v = f64(uniform(N * C, 0.3, 2, 48), [N, C]);
    check((a, t, s) => gaussianNllLoss(a, t, s, { reduction }), [x, near, v]);
    check((a, s) => gaussianNllLoss(a, near, s, { reduction, full: true }), [x, f64(uniform(N, 0.3, 2, 49), [N])]);
    check((a, s) => gaussianNllLoss(a, near, s, { reduction }), [x, f64(uniform(N, 0.3, 2, 50), [N, 1])]);
    // Below eps the value uses eps (the gradient passes to the variance as if unclamped, as PyTorch).
    check((a) => gaussianNllLoss(a, near, f64(Array.from(v.data, (s, i) => (i % 5 === 0 ? 0.01 : s)), [N, C]), { reduction, eps: 0.25 }), [x]);
  });

  it('sigmoidFocalLoss: α, no α, γ = 0, 1.5, 2, soft targets', () => {
    check((a) => sigmoidFocalLoss(a, labels01, { reduction }), [x]);
    check((a) => sigmoidFocalLoss(a, labels01, { reduction, alpha: -1, gamma: 0 }), [x]);
    check((a, t) => sigmoidFocalLoss(a, t, { reduction, alpha: 0.5, gamma: 1.5 }), [x, soft]);
  });
});

describe('float32 accuracy (error < 1e-5 of the largest magnitude, against float64 on the same inputs)', () => {
  const REL = 1e-5;
  // Every reference case again in float32: value and input gradient against PyTorch's float64 numbers.
  it.each(familyCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const input = fromJson(c.input).cast('float32');
    input.requiresGrad = true;
    const target = fromJson(c.target);
    const t32 = target.dtype === 'int32' ? target : target.cast('float32');
    const extra = (c.extra ?? []).map((t) => fromJson(t).cast('float32'));
    // Expected: the float64 loss of the float32-rounded inputs (so that only the arithmetic differs).
    const in64 = input.detach().cast('float64');
    in64.requiresGrad = true;
    const want = callFamily(c, in64, t32.dtype === 'int32' ? t32 : t32.cast('float64'), extra.map((e) => e.cast('float64')), familyOptions(c.opts));
    const got = callFamily(c, input, t32, extra, familyOptions(c.opts, 'float32'));
    expect(got.dtype).toBe('float32');
    const seed = c.gradOutput === undefined ? undefined : fromJson(c.gradOutput);
    want.backward(seed);
    got.backward(seed?.cast('float32'));
    const scale = Math.max(...Array.from(want.data, Math.abs), 1e-30);
    for (let i = 0; i < want.size; i++) {
      expect(Number.isFinite(got.data[i]!)).toBe(true);
      expect(Math.abs(got.data[i]! - want.data[i]!)).toBeLessThanOrEqual(REL * scale);
    }
    const gscale = Math.max(...Array.from(in64.grad!.data, Math.abs), 1e-30);
    for (let i = 0; i < input.size; i++) {
      expect(Number.isFinite(input.grad!.data[i]!)).toBe(true);
      expect(Math.abs(input.grad!.data[i]! - in64.grad!.data[i]!)).toBeLessThanOrEqual(REL * gscale);
    }
  });
});

describe('stability where the naive formula overflows', () => {
  it('softMarginLoss is exact at margins of ±100 and finite at ±1e4, in float32 too', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const z = tensor([-1e4, -100, 100, 1e4], { dtype, requiresGrad: true });
      const y = tensor([1, 1, 1, -1], { dtype });
      const l = softMarginLoss(z, y, { reduction: 'none' });
      const v = Array.from(l.data);
      expect(v[0]).toBe(1e4);
      expect(v[1]).toBe(100);
      expect(v[2]! / Math.exp(-100)).toBeCloseTo(1, dtype === 'float32' ? 0 : 12); // log1p(e^−100), not log(1 + e^−100) = 0
      expect(v[3]).toBe(1e4);
      l.sum().backward();
      const g = Array.from(z.grad!.data);
      expect(g[0]).toBe(-1);
      expect(g[1]).toBe(-1);
      expect(g[2]).toBeLessThan(0); // −σ(−100) ≈ −3.7e-44: kept, not 1 − σ(100) = 0
      expect(g[2]).toBeGreaterThan(-1e-40);
      expect(g[3]).toBe(1);
    }
  });

  it('sigmoidFocalLoss is finite at logits of ±200 and ±1e4 (float32 and float64), with the right limits', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const z = tensor([-1e4, -200, 200, 1e4, -200, 200], { dtype, requiresGrad: true });
      const y = tensor([1, 1, 0, 0, 0, 1], { dtype });
      const l = sigmoidFocalLoss(z, y, { reduction: 'none' });
      const v = Array.from(l.data);
      // Confidently wrong: (1 − p_t)^γ → 1, so the loss is α_t·|z|.
      expect(v[0]).toBeCloseTo(0.25 * 1e4, 6);
      expect(v[1]).toBeCloseTo(0.25 * 200, 6);
      expect(v[2]).toBeCloseTo(0.75 * 200, 6);
      expect(v[3]).toBeCloseTo(0.75 * 1e4, 6);
      // Confidently right: ≈ 0, never NaN.
      expect(v[4]).toBeGreaterThanOrEqual(0);
      expect(v[4]).toBeLessThan(1e-80);
      l.sum().backward();
      expect(Array.from(z.grad!.data).every(Number.isFinite)).toBe(true);
      expect(z.grad!.data[0]).toBeCloseTo(-0.25, 6);
      expect(z.grad!.data[3]).toBeCloseTo(0.75, 6);
    }
  });

  it('multilabelSoftMarginLoss and klDiv(logTarget) stay finite at extreme inputs', () => {
    const z = f64([-1e3, 1e3, -50, 50], [1, 4], true);
    const l = multilabelSoftMarginLoss(z, f64([1, 0, 0, 1], [1, 4]));
    expect(l.item()).toBeCloseTo((1e3 + 1e3 + 2 * Math.log1p(Math.exp(-50))) / 4, 9);
    l.backward();
    expect(Array.from(z.grad!.data).every(Number.isFinite)).toBe(true);
  });
});

describe('softMarginLoss is the logistic loss written for ±1 labels', () => {
  it('softMarginLoss(x, y) equals binaryCrossEntropyWithLogits(x, (y + 1) / 2), value and gradient', () => {
    for (const reduction of reductions) {
      const a = f64(Array.from(x.data), [N, C], true);
      const b = f64(Array.from(x.data), [N, C], true);
      const l1 = softMarginLoss(a, signs, { reduction });
      const l2 = binaryCrossEntropyWithLogits(b, signs.add(1).div(2), { reduction });
      for (let i = 0; i < l2.size; i++) expect(l1.data[i]).toBeCloseTo(l2.data[i]!, 14);
      const seed = reduction === 'none' ? f64(uniform(N * C, 0.5, 1.5, 51), [N, C]) : undefined;
      l1.backward(seed);
      l2.backward(seed);
      for (let i = 0; i < b.size; i++) expect(a.grad!.data[i]).toBeCloseTo(b.grad!.data[i]!, 14);
    }
  });
});

describe('classes, registry and metadata', () => {
  it('each loss is a configurable class, callable and registered by name', () => {
    const cases: [LossModule, Tensor][] = [
      [new KLDivLoss({ reduction: 'batchmean' }), klDiv(f64(uniform(N * C, -3, -0.1, 44), [N, C]), soft, { reduction: 'batchmean' })],
      [new L1Loss({ reduction: 'sum' }), l1Loss(x, near, { reduction: 'sum' })],
      [new SmoothL1Loss({ beta: 0.5 }), smoothL1Loss(x, near, { beta: 0.5 })],
      [new HuberLoss({ delta: 2 }), huberLoss(x, near, { delta: 2 })],
      [new SoftMarginLoss(), softMarginLoss(x, signs)],
      [new MultiMarginLoss({ p: 2, margin: 0.5 }), multiMarginLoss(x, labels, { p: 2, margin: 0.5 })],
      [new MultilabelSoftMarginLoss(), multilabelSoftMarginLoss(x, labels01)],
      [new PoissonNLLLoss({ full: true }), poissonNllLoss(x, f64(new Array(N * C).fill(3), [N, C]), { full: true })],
      [new SigmoidFocalLoss({ gamma: 1 }), sigmoidFocalLoss(x, labels01, { gamma: 1 })],
    ];
    const inputs: [Tensor, Tensor][] = [
      [f64(uniform(N * C, -3, -0.1, 44), [N, C]), soft], [x, near], [x, near], [x, near], [x, signs], [x, labels], [x, labels01],
      [x, f64(new Array(N * C).fill(3), [N, C])], [x, labels01],
    ];
    cases.forEach(([criterion, expected], i) => {
      const [a, b] = inputs[i]!;
      expect(criterion).toBeInstanceOf(LossModule);
      expect(criterion(a, b).item()).toBe(expected.item());
      expect(getLoss(criterion.name)).toBe(criterion.loss);
      expect(criterion.meta).toBe(criterion.loss.meta);
    });
    const v = f64(uniform(N * C, 0.3, 2, 48), [N, C]);
    const g = new GaussianNLLLoss({ full: true });
    expect(g(x, near, v).item()).toBe(gaussianNllLoss(x, near, v, { full: true }).item());
    expect(g.forward(x, near, v).item()).toBe(g(x, near, v).item());
  });

  it('check their options at construction, naming the class and the closest option', () => {
    expectError(() => new HuberLoss({ detla: 2 } as never), 'OPTION', "HuberLoss: unknown option 'detla' (did you mean 'delta'?)");
    expectError(() => new SmoothL1Loss({ beta: -1 }), 'OPTION', "SmoothL1Loss: expected option 'beta' to be a finite number >= 0, got number -1");
    expectError(() => new MultiMarginLoss({ p: 3 as never }), 'OPTION', "MultiMarginLoss: expected option 'p' to be one of 1, 2, got number 3");
    expectError(() => new KLDivLoss({ reduction: 'batchMean' as never }), 'OPTION', `"mean", "batchmean", "sum", "none"`);
  });
});

describe('every bad input is a clear EntropicError', () => {
  it('klDiv', () => {
    expectError(() => klDiv(x, soft.reshape([C, N])), 'SHAPE', "klDiv: expected target of the input's shape [5, 4], got shape [4, 5]");
    expectError(() => klDiv(x, soft.neg()), 'VALUE', 'klDiv: expected target to be probabilities (≥ 0), got');
    expectError(() => klDiv(x, soft, { log_target: true } as never), 'OPTION', "klDiv: unknown option 'log_target' (did you mean 'logTarget'?)");
    expectError(() => klDiv(i32([0, 1]), i32([0, 1])), 'DTYPE', 'klDiv: expected input to be float32 or float64, got int32');
  });

  it('the regression losses', () => {
    expectError(() => l1Loss(x, f64([1], [1])), 'SHAPE', 'l1Loss: expected target of the input');
    expectError(() => smoothL1Loss(x, f64(new Array(N * C).fill(Number.NaN), [N, C])), 'NON_FINITE', 'smoothL1Loss: expected target without NaN, got NaN at target[0, 0]');
    expectError(() => huberLoss(x, near, { delta: 0 }), 'OPTION', "huberLoss: expected option 'delta' to be a finite number > 0, got number 0");
    expectError(() => huberLoss(x, 3 as never), 'TYPE', 'huberLoss: expected target to be a Tensor, got number 3');
  });

  it('the margin losses', () => {
    expectError(() => softMarginLoss(x, labels01), 'VALUE', 'softMarginLoss: expected target to be -1 or 1, got 0 at target[0, 1]; for 0/1 labels pass y·2 − 1');
    expectError(() => multiMarginLoss(x, i32([0, 1, 4, 0, 0])), 'VALUE', 'multiMarginLoss: target[2] = 4 is out of range for 4 classes (expected 0 ≤ class < 4)');
    expectError(() => multiMarginLoss(x, labels.cast('float64')), 'DTYPE', 'multiMarginLoss: expected class-index targets as int32');
    expectError(() => multiMarginLoss(f64(new Array(8).fill(0), [2, 2, 2]), i32([0, 1])), 'SHAPE', 'multiMarginLoss: expected input of shape [N, C] or [C], got shape [2, 2, 2]');
    expectError(() => multiMarginLoss(x, labels, { weight: f64([1, 2], [2]) }), 'SHAPE', 'multiMarginLoss: expected weight of shape [4] (one per class), got shape [2]');
    expectError(() => multilabelSoftMarginLoss(x, soft.add(1)), 'VALUE', 'multilabelSoftMarginLoss: expected target in [0, 1]');
    expectError(() => multilabelSoftMarginLoss(x, labels01, { weight: f64([1, 2], [2]) }), 'SHAPE', "multilabelSoftMarginLoss: expected weight broadcastable to the input's shape [5, 4], got shape [2]");
  });

  it('the likelihood losses', () => {
    expectError(() => poissonNllLoss(x, f64(new Array(N * C).fill(-1), [N, C])), 'VALUE', 'poissonNllLoss: expected target to be counts (≥ 0), got -1 at target[0, 0]');
    expectError(() => poissonNllLoss(x, near.abs(), { logInput: false }), 'VALUE', 'poissonNllLoss: expected input to be rates (≥ 0) with logInput: false');
    expectError(() => poissonNllLoss(x, near.abs(), { eps: -1 }), 'OPTION', "poissonNllLoss: expected option 'eps' to be a finite number >= 0");
    const v = f64(new Array(N * C).fill(1), [N, C]);
    expectError(() => gaussianNllLoss(x, near, v.neg()), 'VALUE', 'gaussianNllLoss: expected variance ≥ 0, got -1 at variance[0, 0]');
    expectError(() => gaussianNllLoss(x, near, f64([1, 1], [2])), 'SHAPE', "gaussianNllLoss: expected variance of the input's shape [5, 4], or [5, 1] or [5] (one per sample), got shape [2]");
    expectError(() => gaussianNllLoss(x, near, 1 as never), 'TYPE', 'gaussianNllLoss: expected variance to be a Tensor, got number 1');
    expectError(() => gaussianNllLoss(x, near, v, { full: 1 } as never), 'OPTION', "gaussianNllLoss: expected option 'full' to be true or false, got number 1");
  });

  it('sigmoidFocalLoss', () => {
    expectError(() => sigmoidFocalLoss(x, signs), 'VALUE', 'sigmoidFocalLoss: expected target in [0, 1], got -1 at target[0, 0]');
    expectError(() => sigmoidFocalLoss(x, labels01, { gamma: -1 }), 'OPTION', "sigmoidFocalLoss: expected option 'gamma' to be a finite number >= 0, got number -1");
    expectError(() => sigmoidFocalLoss(x, labels01, { alpha: 2 }), 'OPTION', "sigmoidFocalLoss: expected option 'alpha' to be a finite number <= 1, got number 2");
    expectError(() => sigmoidFocalLoss(x, labels01, { alhpa: 0.5 } as never), 'OPTION', "(did you mean 'alpha'?)");
  });
});
