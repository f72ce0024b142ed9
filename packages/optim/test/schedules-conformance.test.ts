/**
 * Every case of tools/conformance/vectors/schedules.json (PyTorch 1.13, float64): the lr of every
 * group after construction and after each step, the momentum OneCycleLR cycles, chained schedules,
 * ReduceLROnPlateau driven by fixed metric sequences, and trajectories where the cycled momentum
 * drives the optimizer.
 */
import type { Tensor } from '@entropic/core';
import { tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import {
  Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, LambdaLR, LinearLR, type LRScheduler, type LrLambda, OneCycleLR, type Optimizer,
  RMSprop, ReduceLROnPlateau, SGD, StepLR,
} from '../src/index.js';
import { type JsonTensor, type Problem, compare, fromJson, loadCases, objective } from './conformance.js';

type LambdaSpec = { fn: 'pow'; base: number } | { fn: 'warmup'; steps: number } | { fn: 'inverse'; decay: number } | { fn: 'cosine'; period: number };

interface ScheduleCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';
  opts: Record<string, unknown>;
  groups?: Record<string, unknown>[];
  sizes?: number[];
  schedulers: { kind: string; opts: Record<string, unknown> }[];
  steps: number;
  metrics?: number[];
  lrs: number[][];
  momenta?: number[][];
  problem?: Problem;
  params0?: JsonTensor[];
  params?: JsonTensor[][];
}

const cases = loadCases<ScheduleCase>('schedules.json');

// The same factor functions as the script's lr_lambda().
function lambdaOf(s: LambdaSpec): LrLambda {
  switch (s.fn) {
    case 'pow': return (e) => s.base ** e;
    case 'warmup': return (e) => Math.min(1, (e + 1) / s.steps);
    case 'inverse': return (e) => 1 / (1 + s.decay * e);
    case 'cosine': return (e) => 0.5 * (1 + Math.cos((Math.PI * e) / s.period));
  }
}

const optimizers = { SGD, Adam, AdamW, RMSprop, Adagrad } as unknown as Record<string, new (p: unknown, o: unknown) => Optimizer>;

type AnySchedule = LRScheduler | ReduceLROnPlateau;

function makeSchedule(opt: Optimizer, s: ScheduleCase['schedulers'][number]): AnySchedule {
  const o = s.opts;
  switch (s.kind) {
    case 'LambdaLR': {
      const spec = o.lrLambda as LambdaSpec | LambdaSpec[];
      return new LambdaLR(opt, { lrLambda: Array.isArray(spec) ? spec.map(lambdaOf) : lambdaOf(spec) });
    }
    case 'LinearLR': return new LinearLR(opt, o);
    case 'OneCycleLR': return new OneCycleLR(opt, o as never);
    case 'ReduceLROnPlateau': return new ReduceLROnPlateau(opt, o);
    case 'StepLR': return new StepLR(opt, o as never);
    case 'ExponentialLR': return new ExponentialLR(opt, o as never);
    case 'CosineAnnealingLR': return new CosineAnnealingLR(opt, o as never);
    default: throw new Error(`unknown scheduler ${s.kind}`);
  }
}

function momentaOf(opt: Optimizer): number[] {
  return opt.paramGroups.map((g) => {
    const group = g as unknown as { betas?: number[]; momentum?: number };
    return group.betas !== undefined ? group.betas[0]! : group.momentum!;
  });
}

/** |a − e| ≤ 1e-15 + 1e-12·|e| for each group; returns the worst relative error. */
function expectClose(what: string, actual: number[], expected: number[]): number {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  actual.forEach((a, i) => {
    const e = expected[i]!;
    const err = Math.abs(a - e);
    if (!(err <= 1e-15 + 1e-12 * Math.abs(e))) throw new Error(`${what}, group ${i}: got ${a}, expected ${e}`);
    if (e !== 0) worst = Math.max(worst, err / Math.abs(e));
  });
  return worst;
}

describe('schedules.json conformance (PyTorch 1.13, float64)', () => {
  it('has the cases the script writes', () => {
    expect(cases.length).toBe(25);
    const kinds = new Set(cases.flatMap((c) => c.schedulers.map((s) => s.kind)));
    for (const k of ['LambdaLR', 'LinearLR', 'OneCycleLR', 'ReduceLROnPlateau', 'StepLR', 'ExponentialLR', 'CosineAnnealingLR']) expect(kinds.has(k), k).toBe(true);
  });

  for (const c of cases) {
    it(c.name, () => {
      const sizes = c.sizes ?? new Array<number>(c.groups?.length ?? 1).fill(2);
      const params: Tensor[] = c.params0 !== undefined
        ? c.params0.map((p) => fromJson(p, true))
        : sizes.map((n) => tensor(new Array<number>(n).fill(0), { dtype: 'float64', requiresGrad: true }));
      const spec = c.groups === undefined ? params : c.groups.map((g, i) => ({ params: [params[i]!], ...g }));
      const opt = new optimizers[c.optimizer]!(spec, c.opts);
      const schedules = c.schedulers.map((s) => makeSchedule(opt, s));
      const f = c.problem === undefined ? null : objective(c.problem);
      expectClose('lrs after construction', opt.paramGroups.map((g) => g.lr), c.lrs[0]!);
      if (c.momenta !== undefined) expectClose('momenta after construction', momentaOf(opt), c.momenta[0]!);
      for (let k = 0; k < c.steps; k++) {
        opt.zeroGrad();
        if (f !== null) f(params).backward();
        opt.step();
        for (const s of schedules) {
          if (s instanceof ReduceLROnPlateau) s.step(c.metrics![k]!);
          else s.step();
        }
        expectClose(`lrs after step ${k + 1}`, opt.paramGroups.map((g) => g.lr), c.lrs[k + 1]!);
        if (c.momenta !== undefined) expectClose(`momenta after step ${k + 1}`, momentaOf(opt), c.momenta[k + 1]!);
        if (c.params !== undefined) {
          params.forEach((p, i) => {
            const err = compare(p, c.params![k]![i]!, 1e-12, 1e-10);
            if (err !== null) throw new Error(`step ${k + 1}, parameter ${i}: ${err}`);
          });
        }
      }
    });
  }
});
