/**
 * Every trajectory of ../shared/conformance/optim.json (PyTorch 1.13, float64), following the
 * README's step protocol: the parameters after every step and the lr each step uses.
 */
import type { Tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import type * as optim from '../src/index.js';
import { Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, LBFGS, RMSprop, SGD, StepLR } from '../src/index.js';
import { type OptimCase, compare, fromJson, loadCases, objective } from './conformance.js';

const ATOL = 1e-7;
const RTOL = 1e-6;
const cases = loadCases<OptimCase>('optim.json');

const optimizers = { SGD, Adam, AdamW, RMSprop, Adagrad, LBFGS };
const schedulers = { StepLR, ExponentialLR, CosineAnnealingLR };

type AnyOptimizer = optim.Optimizer & { step(closure?: optim.Closure): unknown };

function build(c: OptimCase): { params: Tensor[]; opt: AnyOptimizer; scheduler: optim.LRScheduler | null } {
  const params = c.params0.map((p) => fromJson(p, true));
  const Ctor = optimizers[c.optimizer] as unknown as new (p: Tensor[], o: unknown) => AnyOptimizer;
  const opt = new Ctor(params, c.opts);
  const scheduler = c.scheduler === undefined
    ? null
    : new (schedulers[c.scheduler.kind] as unknown as new (o: unknown, s: unknown) => optim.LRScheduler)(opt, c.scheduler.opts);
  return { params, opt, scheduler };
}

function checkParams(c: OptimCase, params: Tensor[], k: number): void {
  params.forEach((p, i) => {
    const err = compare(p, c.params[k]![i]!, ATOL, RTOL);
    if (err !== null) throw new Error(`${c.name}: step ${k + 1}, parameter ${i}: ${err}`);
  });
}

describe('optim.json conformance (PyTorch 1.13, float64)', () => {
  it('has the 28 cases the README lists', () => {
    expect(cases.length).toBe(28);
  });

  for (const c of cases) {
    it(c.name, () => {
      const { params, opt, scheduler } = build(c);
      const f = objective(c.problem);
      if (c.optimizer === 'LBFGS') {
        const calls: number[] = [];
        let n = 0;
        const closure = () => {
          n++;
          opt.zeroGrad();
          const l = f(params);
          l.backward();
          return l;
        };
        for (let k = 0; k < c.steps; k++) {
          n = 0;
          opt.step(closure);
          calls.push(n);
          checkParams(c, params, k);
        }
        // Informational in the file, but a faithful port makes exactly PyTorch's evaluations.
        expect(calls).toEqual(c.closureCalls);
        return;
      }
      const exactLrs: boolean[] = [];
      for (let k = 0; k < c.steps; k++) {
        opt.zeroGrad();
        f(params).backward();
        const expected = c.lrs![k]!;
        expect(Math.abs(opt.lr - expected)).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(expected));
        exactLrs.push(opt.lr === expected);
        opt.step();
        scheduler?.step();
        checkParams(c, params, k);
      }
      // The schedules follow PyTorch's arithmetic, so the lrs agree to the last bit.
      expect(exactLrs.every(Boolean)).toBe(true);
    });
  }
});
