/**
 * Stop and resume: a run saved after k steps (optimizer and schedule state through JSON text),
 * restored into fresh objects and continued, ends bit for bit where the uninterrupted run ends.
 */
import { type DType, type Tensor, tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import {
  Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, GradientDescent, LBFGS, LambdaLR, LinearLR, type LRScheduler, OneCycleLR,
  type Optimizer, RMSprop, ReduceLROnPlateau, SGD, StepLR,
} from '../src/index.js';
import { type OptimCase, loadCases } from './conformance.js';

const problem = loadCases<OptimCase>('optim.json').find((c) => c.name === 'adam_lr0_1_logreg')!.problem as { X: number[][]; y: number[] };

function objective(dtype: DType): (params: Tensor[]) => Tensor {
  const X = tensor(problem.X, { dtype });
  const y = tensor(problem.y, { dtype });
  return ([w, b]) => {
    const z = X.matmul(w!).add(b!);
    return z.softplus().sub(y.mul(z)).mean();
  };
}

type Schedule = LRScheduler | ReduceLROnPlateau;

interface Setup {
  name: string;
  make(params: Tensor[]): Optimizer;
  schedule?(opt: Optimizer): Schedule;
}

const setups: Setup[] = [
  { name: 'SGD momentum + dampening + weight decay, StepLR', make: (p) => new SGD(p, { lr: 0.5, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }), schedule: (o) => new StepLR(o, { stepSize: 3, gamma: 0.5 }) },
  { name: 'SGD Nesterov', make: (p) => new SGD(p, { lr: 0.3, momentum: 0.8, nesterov: true }) },
  { name: 'GradientDescent', make: (p) => new GradientDescent(p, { lr: 0.5 }) },
  { name: 'Adam AMSGrad + weight decay, CosineAnnealingLR', make: (p) => new Adam(p, { lr: 0.05, amsgrad: true, weightDecay: 0.01 }), schedule: (o) => new CosineAnnealingLR(o, { tMax: 5, etaMin: 0.001 }) },
  {
    name: 'AdamW with two parameter groups, ExponentialLR',
    make: ([w, b]) => new AdamW([{ params: [w!], lr: 0.05 }, { params: [b!], lr: 0.1, weightDecay: 0 }]),
    schedule: (o) => new ExponentialLR(o, { gamma: 0.9 }),
  },
  { name: 'RMSprop centered + momentum', make: (p) => new RMSprop(p, { lr: 0.01, centered: true, momentum: 0.5, weightDecay: 0.001 }) },
  { name: 'Adagrad lrDecay + initial accumulator', make: (p) => new Adagrad(p, { lr: 0.3, lrDecay: 0.01, initialAccumulatorValue: 0.1 }) },
  { name: 'LBFGS strong Wolfe, one iteration per step', make: (p) => new LBFGS(p, { lineSearch: 'strongWolfe', maxIter: 1, historySize: 5, toleranceChange: 0, toleranceGrad: 0 }) },
  { name: 'LBFGS fixed steps, StepLR', make: (p) => new LBFGS(p, { lr: 0.5, maxIter: 2 }), schedule: (o) => new StepLR(o, { stepSize: 2, gamma: 0.8 }) },
  { name: 'SGD momentum, OneCycleLR cycling the momentum', make: (p) => new SGD(p, { lr: 0.1, momentum: 0.9 }), schedule: (o) => new OneCycleLR(o, { maxLr: 0.5, totalSteps: 10 }) },
  { name: 'Adam, OneCycleLR three-phase cycling beta1', make: (p) => new Adam(p, { lr: 0.01 }), schedule: (o) => new OneCycleLR(o, { maxLr: 0.2, totalSteps: 9, threePhase: true }) },
  { name: 'RMSprop, LinearLR warm-up', make: (p) => new RMSprop(p, { lr: 0.02 }), schedule: (o) => new LinearLR(o, { startFactor: 0.1, totalIters: 6 }) },
  { name: 'AdamW, LambdaLR', make: (p) => new AdamW(p, { lr: 0.05 }), schedule: (o) => new LambdaLR(o, { lrLambda: (e) => 1 / (1 + e) }) },
  {
    name: 'SGD, ReduceLROnPlateau on the loss',
    make: (p) => new SGD(p, { lr: 2 }),
    schedule: (o) => new ReduceLROnPlateau(o, { patience: 0, factor: 0.5, threshold: 0.05, cooldown: 1 }),
  },
];

function run(opt: Optimizer, schedule: Schedule | null, params: Tensor[], f: (p: Tensor[]) => Tensor, steps: number): void {
  for (let k = 0; k < steps; k++) {
    let loss: Tensor;
    if (opt instanceof LBFGS) {
      loss = opt.step(() => {
        opt.zeroGrad();
        const l = f(params);
        l.backward();
        return l;
      }) as Tensor;
    } else {
      opt.zeroGrad();
      loss = f(params);
      loss.backward();
      opt.step();
    }
    if (schedule instanceof ReduceLROnPlateau) schedule.step(loss);
    else schedule?.step();
  }
}

function initialParams(dtype: DType): Tensor[] {
  return [tensor([0.3, -0.2, 0.1], { dtype, requiresGrad: true }), tensor([0.05], { dtype, requiresGrad: true })];
}

const TOTAL = 8;

/** The uninterrupted run's schedule state after TOTAL steps. */
function runStraightSchedule(s: Setup, dtype: DType): unknown {
  const params = initialParams(dtype);
  const opt = s.make(params);
  const schedule = s.schedule!(opt);
  run(opt, schedule, params, objective(dtype), TOTAL);
  return schedule.stateDict();
}
const SPLIT = 3;

describe('save and resume = uninterrupted run, bit for bit', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const s of setups) {
      it(`${s.name} (${dtype})`, () => {
        const f = objective(dtype);
        const straight = initialParams(dtype);
        const opt = s.make(straight);
        run(opt, s.schedule?.(opt) ?? null, straight, f, TOTAL);

        const first = initialParams(dtype);
        const opt1 = s.make(first);
        const sched1 = s.schedule?.(opt1) ?? null;
        run(opt1, sched1, first, f, SPLIT);
        const saved = JSON.stringify({
          params: first.map((p) => Array.from(p.data)),
          optimizer: opt1.stateDict(),
          schedule: sched1?.stateDict() ?? null,
        });

        const loaded = JSON.parse(saved) as { params: number[][]; optimizer: string; schedule: unknown };
        const resumed = loaded.params.map((v, i) => tensor(v, { dtype, shape: first[i]!.shape, requiresGrad: true }));
        const opt2 = s.make(resumed);
        opt2.loadStateDict(JSON.stringify(loaded.optimizer)); // also accepts the JSON text
        const sched2 = s.schedule?.(opt2) ?? null;
        if (sched2 !== null) sched2.loadStateDict(loaded.schedule as never);
        run(opt2, sched2, resumed, f, TOTAL - SPLIT);

        resumed.forEach((p, i) => {
          expect(p.data).toBeInstanceOf(dtype === 'float64' ? Float64Array : Float32Array);
          p.data.forEach((v, j) => {
            expect(Object.is(v, straight[i]!.data[j])).toBe(true);
          });
        });
        // The parameters moved, and the optimizers' states are identical too.
        expect(Array.from(resumed[0]!.data)).not.toEqual(Array.from(initialParams(dtype)[0]!.data));
        expect(JSON.stringify(opt2.stateDict())).toBe(JSON.stringify(opt.stateDict()));
        expect(opt2.lr).toBe(opt.lr);
        if (sched2 !== null) expect(JSON.stringify(sched2.stateDict())).toBe(JSON.stringify(sched1 === null ? null : runStraightSchedule(s, dtype)));
      });
    }
  }

  it('state dicts are deep copies: later steps do not change a saved one', () => {
    const params = initialParams('float64');
    const opt = new Adam(params, { lr: 0.1 });
    const f = objective('float64');
    run(opt, null, params, f, 2);
    const sd = opt.stateDict();
    const text = JSON.stringify(sd);
    run(opt, null, params, f, 2);
    expect(JSON.stringify(sd)).toBe(text);
    expect(sd.state['0']!.step).toBe(2);
  });

  it('non-finite numbers survive JSON as strings', () => {
    const params = initialParams('float64');
    const opt = new SGD(params, { lr: 0.1, momentum: 0.9 });
    opt.zeroGrad();
    objective('float64')(params).backward();
    opt.step();
    const sd = opt.stateDict();
    (sd.state['0']!.momentumBuffer as (number | string)[])[1] = 'Infinity';
    opt.loadStateDict(JSON.stringify(sd));
    expect((opt.stateDict().state['0']!.momentumBuffer as unknown[])[1]).toBe('Infinity');
  });
});
