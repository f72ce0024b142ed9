/** The new schedules' semantics beyond the PyTorch references: option errors, edge cases, state, chaining. */
import { tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, GradientDescent, LambdaLR, LinearLR, OneCycleLR, ReduceLROnPlateau, SGD, StepLR } from '../src/index.js';
import { expectError } from './expect-error.js';

const param = () => tensor([1, 2], { dtype: 'float64', requiresGrad: true });
const sgd = (lr = 0.1, o: Record<string, unknown> = {}) => new SGD([param()], { lr, ...o });

describe('LinearLR', () => {
  it('refuses factors outside PyTorch’s range, a zero start factor, and typos', () => {
    expectError(() => new LinearLR(sgd(), { startFactor: 0 }), 'OPTION', "LinearLR: expected option 'startFactor' to be a finite number > 0 and <= 1, got number 0");
    expectError(() => new LinearLR(sgd(), { endFactor: 1.5 }), 'OPTION', "expected option 'endFactor' to be a finite number >= 0 and <= 1, got number 1.5");
    expectError(() => new LinearLR(sgd(), { totalIters: 2.5 }), 'OPTION', "expected option 'totalIters' to be an integer >= 1");
    expectError(() => new LinearLR(sgd(), { start_factor: 0.5 } as never), 'OPTION', "LinearLR: unknown option 'start_factor' (did you mean 'startFactor'?)");
  });

  it('warms up to the base lr in totalIters steps and stays there', () => {
    const opt = sgd(0.3);
    const s = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
    const lrs = [opt.lr];
    for (let k = 0; k < 4; k++) {
      s.step();
      lrs.push(opt.lr);
    }
    // PyTorch 1.13 prints exactly these (the chainable form rounds: 0.3 comes back as 0.29999999999999993).
    expect(lrs).toEqual([0.15, 0.22499999999999998, 0.29999999999999993, 0.29999999999999993, 0.29999999999999993]);
    expect(s.lastLr).toEqual([0.29999999999999993]);
  });
});

describe('LambdaLR', () => {
  it('checks the functions and what they return, before changing anything', () => {
    const opt = new SGD([{ params: [param()] }, { params: [param()] }], { lr: 0.1 });
    expectError(() => new LambdaLR(opt, {} as never), 'OPTION', "LambdaLR: missing required option 'lrLambda'");
    expectError(() => new LambdaLR(opt, { lrLambda: [() => 1] }), 'OPTION', "LambdaLR: expected option 'lrLambda' to hold 2 function(s), one per parameter group, got an array of length 1");
    expectError(() => new LambdaLR(opt, { lrLambda: 0.5 as never }), 'OPTION', "expected option 'lrLambda' to be a function (epoch) => factor");
    expectError(() => new LambdaLR(opt, { lrLambda: () => '1' as never }), 'TYPE', 'LambdaLR.step: expected lrLambda(0) to return a number, got "1"');
    let nan = false;
    const s = new LambdaLR(opt, { lrLambda: [(e) => (nan ? Number.NaN : 1 / (e + 1)), () => 2] });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.2]);
    nan = true;
    expectError(() => s.step(), 'NON_FINITE', 'LambdaLR.step: expected the scheduled lr of group 0 to be finite, got NaN at epoch 1');
    expect(s.lastEpoch).toBe(0);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.2]);
    const neg = new LambdaLR(sgd(), { lrLambda: (e) => 1 - e });
    neg.step();
    expectError(() => neg.step(), 'VALUE', 'expected the scheduled lr of group 0 to be >= 0, got -0.1 at epoch 2');
  });

  it('saves without the functions; a restored schedule keeps its own', () => {
    const opt = sgd(0.2);
    const s = new LambdaLR(opt, { lrLambda: (e) => 0.5 ** e });
    s.step();
    s.step();
    const text = JSON.stringify(s.stateDict());
    expect(JSON.parse(text).options).toEqual({});
    const opt2 = sgd(0.2);
    const s2 = new LambdaLR(opt2, { lrLambda: (e) => 0.5 ** e });
    s2.loadStateDict(text);
    expect(opt2.lr).toBe(0.05);
    s.step();
    s2.step();
    expect(opt2.lr).toBe(opt.lr);
  });
});

describe('chained schedules share the base lr, as PyTorch’s initial_lr', () => {
  it('a later schedule takes the lr the group had when the first was attached', () => {
    const opt = sgd(0.1);
    new LinearLR(opt, { startFactor: 0.5 });
    expect(opt.lr).toBe(0.05);
    const lambda = new LambdaLR(opt, { lrLambda: () => 1 });
    expect(lambda.baseLrs).toEqual([0.1]);
    expect(opt.lr).toBe(0.1);
  });

  it('OneCycleLR makes maxLr / divFactor the base', () => {
    const opt = sgd(0.1, { momentum: 0.9 });
    new OneCycleLR(opt, { maxLr: 1, totalSteps: 10 });
    expect(new StepLR(opt, { stepSize: 1 }).baseLrs).toEqual([0.04]);
  });
});

describe('OneCycleLR', () => {
  it('needs totalSteps or epochs × stepsPerEpoch, not both', () => {
    expectError(() => new OneCycleLR(sgd(), { maxLr: 1 }), 'OPTION', 'OneCycleLR: expected totalSteps, or both epochs and stepsPerEpoch, got neither');
    expectError(() => new OneCycleLR(sgd(), { maxLr: 1, epochs: 3 }), 'OPTION', 'got only epochs');
    expectError(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, epochs: 2, stepsPerEpoch: 5 }), 'OPTION', 'not both');
    expectError(() => new OneCycleLR(sgd(), { totalSteps: 10 } as never), 'OPTION', "missing required option 'maxLr'");
    expectError(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 0 }), 'OPTION', "expected option 'totalSteps' to be an integer >= 1");
    expect(new OneCycleLR(sgd(), { maxLr: 1, epochs: 2, stepsPerEpoch: 5 }).options.stepsPerEpoch).toBe(5);
  });

  it('refuses typos, per-group arrays of the wrong length, bad momenta, and an empty warm-up', () => {
    expectError(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, threeePhase: true } as never), 'OPTION', "unknown option 'threeePhase' (did you mean 'threePhase'?)");
    expectError(() => new OneCycleLR(sgd(), { maxLr: [1, 2], totalSteps: 10 }), 'OPTION', "OneCycleLR: expected option 'maxLr' to hold 1 value(s), one per parameter group, got an array of length 2");
    expectError(() => new OneCycleLR(sgd(), { maxLr: -1, totalSteps: 10 }), 'OPTION', "expected option 'maxLr' to be a finite number >= 0, got number -1");
    expectError(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, maxMomentum: 1 }), 'OPTION', "expected option 'maxMomentum' to be a number in [0, 1), got number 1");
    expectError(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, annealStrategy: 'cosine' as never }), 'OPTION', "expected option 'annealStrategy' to be one of \"cos\", \"linear\"");
    expectError(() => new OneCycleLR(sgd(), { maxLr: 1, totalSteps: 10, pctStart: 0.1 }), 'OPTION', 'expected pctStart · totalSteps != 1');
  });

  it('cycles momentum only on an optimizer that has it', () => {
    expectError(() => new OneCycleLR(new Adagrad([param()]), { maxLr: 1, totalSteps: 10 }), 'OPTION', 'OneCycleLR: cycleMomentum needs an optimizer with momentum or betas');
    expectError(() => new OneCycleLR(new GradientDescent([param()], { lr: 0.1 }), { maxLr: 1, totalSteps: 10 }), 'OPTION', 'cycleMomentum');
    const adam = new Adam([param()], { betas: [0.5, 0.99] });
    new OneCycleLR(adam, { maxLr: 1, totalSteps: 10, maxMomentum: 0.9 });
    expect(adam.paramGroups[0]!.betas).toEqual([0.9, 0.99]);
    const plain = sgd();
    new OneCycleLR(plain, { maxLr: 1, totalSteps: 10, cycleMomentum: false });
    expect(plain.paramGroups[0]!.momentum).toBe(0);
  });

  it('steps once past the cycle (as PyTorch), then refuses and changes nothing', () => {
    const opt = sgd(0.1, { momentum: 0.9 });
    const s = new OneCycleLR(opt, { maxLr: 1, totalSteps: 4 });
    for (let k = 0; k < 4; k++) s.step();
    expect(s.lastEpoch).toBe(4);
    const lr = opt.lr;
    const momentum = opt.paramGroups[0]!.momentum;
    expectError(() => s.step(), 'STATE', 'OneCycleLR.step: tried to step 6 times, but the schedule has 4 steps (totalSteps)');
    expect([s.lastEpoch, opt.lr, opt.paramGroups[0]!.momentum]).toEqual([4, lr, momentum]);
    // With linear annealing that extra step extrapolates below 0, which the lr check refuses.
    const lin = new OneCycleLR(sgd(0.1, { momentum: 0.9 }), { maxLr: 1, totalSteps: 4, annealStrategy: 'linear' });
    for (let k = 0; k < 3; k++) lin.step();
    expectError(() => lin.step(), 'VALUE', 'expected the scheduled lr of group 0 to be >= 0');
  });

  it('restores the momentum with the schedule, whichever is loaded first', () => {
    const opt = new Adam([param()]);
    const s = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10 });
    for (let k = 0; k < 4; k++) s.step();
    const saved = JSON.stringify({ opt: opt.stateDict(), s: s.stateDict() });
    const { opt: o, s: ss } = JSON.parse(saved);
    const opt2 = new Adam([param()]);
    opt2.loadStateDict(o);
    const s2 = new OneCycleLR(opt2, { maxLr: 0.1, totalSteps: 10 }); // resets lr and beta1 to step 0's
    s2.loadStateDict(ss);
    expect(opt2.paramGroups[0]!.betas).toEqual(opt.paramGroups[0]!.betas);
    expect(opt2.lr).toBe(opt.lr);
    const bad = JSON.parse(JSON.stringify(ss));
    bad.lastEpoch = 12;
    expectError(() => s2.loadStateDict(bad), 'FORMAT', 'OneCycleLR.loadStateDict: the saved epoch does not fit the saved options');
    expect(opt2.lr).toBe(opt.lr);
  });
});

describe('ReduceLROnPlateau', () => {
  it('refuses bad options', () => {
    expectError(() => new ReduceLROnPlateau(sgd(), { factor: 1 }), 'OPTION', "ReduceLROnPlateau: expected option 'factor' to be a finite number >= 0 and < 1, got number 1");
    expectError(() => new ReduceLROnPlateau(sgd(), { mode: 'minimum' as never }), 'OPTION', "expected option 'mode' to be one of \"min\", \"max\"");
    expectError(() => new ReduceLROnPlateau(sgd(), { patience: -1 }), 'OPTION', "expected option 'patience' to be an integer >= 0");
    expectError(() => new ReduceLROnPlateau(sgd(), { threshold_mode: 'abs' } as never), 'OPTION', "unknown option 'threshold_mode' (did you mean 'thresholdMode'?)");
    expectError(() => new ReduceLROnPlateau(sgd(), { minLr: [0, 0] }), 'OPTION', "expected option 'minLr' to hold 1 value(s), one per parameter group");
    expectError(() => new ReduceLROnPlateau(sgd(), { threshold: 1 }), 'OPTION', "expected threshold < 1 with mode 'min' and thresholdMode 'rel'");
    expectError(() => new ReduceLROnPlateau({ paramGroups: [] } as never), 'TYPE', 'ReduceLROnPlateau: expected an optimizer');
    expect(new ReduceLROnPlateau(sgd(), { mode: 'max', threshold: 1 }).options.threshold).toBe(1);
  });

  it('takes a number or a one-element Tensor; a NaN metric throws and changes nothing', () => {
    const opt = sgd(0.1);
    const s = new ReduceLROnPlateau(opt, { patience: 0 });
    s.step(tensor(1, { dtype: 'float64' }));
    expect(s.best).toBe(1);
    s.step(2);
    expect(opt.lr).toBeCloseTo(0.01, 15);
    const before = JSON.stringify(s.stateDict());
    expectError(() => s.step(Number.NaN), 'NON_FINITE', 'ReduceLROnPlateau.step: expected a metric that is not NaN, got NaN at epoch 3');
    expectError(() => s.step('0.5' as never), 'TYPE', 'expected the metric as a number or a one-element Tensor, got "0.5"');
    expectError(() => s.step(tensor([1, 2], { dtype: 'float64' })), 'TYPE', 'got a float64 Tensor of shape [2]');
    expect(JSON.stringify(s.stateDict())).toBe(before);
  });

  it('never goes below minLr, and skips reductions smaller than eps', () => {
    const opt = sgd(0.1);
    const s = new ReduceLROnPlateau(opt, { patience: 0, factor: 0.5, minLr: 0.03 });
    for (let k = 0; k < 5; k++) s.step(1);
    expect(opt.lr).toBe(0.03);
    const tiny = sgd(1.5e-8);
    const t = new ReduceLROnPlateau(tiny, { patience: 0, factor: 0.5 });
    t.step(1);
    t.step(1);
    expect(tiny.lr).toBe(1.5e-8); // 1.5e-8 − 7.5e-9 is below eps = 1e-8
  });

  it('saves best = ±Infinity through JSON and restores everything, checked first (code FORMAT)', () => {
    const opt = sgd(0.1);
    const s = new ReduceLROnPlateau(opt, { mode: 'max', patience: 1, cooldown: 2, minLr: 0.01 });
    const fresh = JSON.stringify(s.stateDict());
    expect(JSON.parse(fresh).best).toBe('-Infinity');
    for (const m of [1, 1, 1, 1]) s.step(m);
    const text = JSON.stringify(s.stateDict());
    const opt2 = sgd(0.1);
    const s2 = new ReduceLROnPlateau(opt2, { mode: 'max', patience: 1, cooldown: 2, minLr: 0.01 });
    s2.loadStateDict(text);
    expect(JSON.stringify(s2.stateDict())).toBe(text);
    expect(opt2.lr).toBe(opt.lr);
    expect(s2.inCooldown).toBe(s.inCooldown);
    for (const m of [1, 2, 2, 2, 2]) {
      s.step(m);
      s2.step(m);
    }
    expect(opt2.lr).toBe(opt.lr);
    s2.loadStateDict(fresh);
    expect(s2.best).toBe(Number.NEGATIVE_INFINITY);
    const edit = (f: (sd: Record<string, unknown>) => void) => {
      const sd = JSON.parse(text);
      f(sd);
      return sd;
    };
    const kept = JSON.stringify(s2.stateDict());
    expectError(() => s2.loadStateDict(edit((sd) => (sd.best = 'NaN'))), 'FORMAT', 'expected best to be a number, got NaN');
    expectError(() => s2.loadStateDict(edit((sd) => (sd.numBadEpochs = 1.5))), 'FORMAT', 'expected numBadEpochs to be an integer >= 0');
    expectError(() => s2.loadStateDict(edit((sd) => ((sd.options as Record<string, unknown>).factor = 2))), 'FORMAT', "the saved options do not fit: ReduceLROnPlateau.loadStateDict: expected option 'factor'");
    expectError(() => s2.loadStateDict(edit((sd) => (sd.scheduler = 'StepLR'))), 'FORMAT', 'expected a state dict of ReduceLROnPlateau, got one of "StepLR"');
    expect(JSON.stringify(s2.stateDict())).toBe(kept);
  });
});
