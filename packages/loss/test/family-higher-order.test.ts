/**
 * Second derivatives of the cross-entropy family's relatives: each is written with core ops, so
 * double backward comes from them and must agree with finite differences of the gradient
 * (gradgradcheck, float64) — never silent zeros.
 */
import { describe, expect, it } from 'vitest';
import * as core from '@entropic/core';
import {
  gaussianNllLoss, huberLoss, klDiv, l1Loss, multiMarginLoss, multilabelSoftMarginLoss, poissonNllLoss, sigmoidFocalLoss,
  smoothL1Loss, softMarginLoss,
} from '../src/index.js';
import { classes, f64, i32, softLabels, uniform } from './helpers.js';

type Check = (f: (...xs: core.Tensor[]) => core.Tensor, inputs: core.Tensor[], opts?: { atol?: number; rtol?: number }) => { ok: boolean; maxAbsError: number };
/** Core's higher-order check (present once core records backward passes). */
const gradgradcheck = (core as unknown as { gradgradcheck?: Check }).gradgradcheck;

function check(f: (...xs: core.Tensor[]) => core.Tensor, inputs: core.Tensor[]): void {
  const r = gradgradcheck!(f, inputs, { atol: 1e-6, rtol: 1e-5 });
  expect(r.ok, `max abs error ${r.maxAbsError}`).toBe(true);
}

const N = 4;
const C = 3;
const x = f64(uniform(N * C, -3, 3, 61), [N, C]);
const near = f64(Array.from(x.data, (v, i) => v + [0.3, -0.7, 1.6][i % 3]!), [N, C]);
const soft = f64(softLabels(N, C, 62), [N, C]);
const labels01 = f64(Array.from({ length: N * C }, (_, i) => (i % 3 === 0 ? 1 : 0)), [N, C]);

describe.skipIf(gradgradcheck === undefined).each(['mean', 'sum', 'none'] as const)('gradgradcheck, reduction %s', (reduction) => {
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
