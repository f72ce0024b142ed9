/** Bad input: typed errors (asserted by code) naming the function, what was expected and what came; nothing changed. */
import { EntropicError, type Tensor, opt, tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, GradientDescent, LBFGS, Optimizer, RMSprop, SGD, StepLR } from '../src/index.js';
import { expectError } from './expect-error.js';

const param = (values: number[] = [1, 2, 3], requiresGrad = true) => tensor(values, { dtype: 'float64', requiresGrad });

const all: [string, (p: Tensor[], o?: Record<string, unknown>) => Optimizer][] = [
  ['SGD', (p, o) => new SGD(p, { lr: 0.1, ...o })],
  ['GradientDescent', (p, o) => new GradientDescent(p, { lr: 0.1, ...o })],
  ['Adam', (p, o) => new Adam(p, o)],
  ['AdamW', (p, o) => new AdamW(p, o)],
  ['RMSprop', (p, o) => new RMSprop(p, o)],
  ['Adagrad', (p, o) => new Adagrad(p, o)],
  ['LBFGS', (p, o) => new LBFGS(p, o)],
];

describe('constructor and lr checks', () => {
  for (const [name, make] of all) {
    it(`${name} refuses a parameter without gradients, a non-finite or negative lr, and unknown options`, () => {
      expectError(() => make([param(), param([1, 2], false)]), 'VALUE', `${name}: parameter 1 (shape [2]) does not require gradients; create it with { requiresGrad: true }`);
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -0.1]) {
        expectError(() => make([param()], { lr: bad }), 'OPTION', `${name}: expected option 'lr' to be a finite number >= 0, got number ${bad}`);
      }
      const opt = make([param()]);
      expectError(() => {
        opt.lr = -1;
      }, 'OPTION', `${name}.lr: expected option 'lr' to be a finite number >= 0, got number -1`);
      expectError(() => {
        opt.lr = Number.NaN;
      }, 'OPTION', `${name}.lr: expected option 'lr' to be a finite number >= 0, got number NaN`);
      opt.lr = 0.25;
      expect(opt.lr).toBe(0.25);
      expectError(() => make([]), 'VALUE', `${name}: expected a non-empty array of parameters or parameter groups, got an empty array`);
      expectError(() => make([param()], { learningRate: 0.1 }), 'OPTION', `${name}: unknown option 'learningRate'; known options: lr`);
      expectError(() => make([param()], { Lr: 0.1 }), 'OPTION', `${name}: unknown option 'Lr' (did you mean 'lr'?)`);
      expectError(() => make('w' as never), 'TYPE', `${name}: expected an array of parameters or parameter groups, got "w"`);
    });
  }

  it('names the other bad options, and the closest known name of a typo', () => {
    const p = () => [param()];
    expectError(() => new Adam(p(), { betas: [1, 0.999] }), 'OPTION', "Adam: expected option 'betas' to be a pair [beta1, beta2] of numbers in [0, 1), got an array of length 2");
    expectError(() => new AdamW(p(), { betas: [0.9, -0.1] }), 'OPTION', "AdamW: expected option 'betas'");
    expectError(() => new Adam(p(), { betas: [0.9] as never }), 'OPTION', 'got an array of length 1');
    expectError(() => new Adam(p(), { eps: -1e-8 }), 'OPTION', "Adam: expected option 'eps' to be a finite number >= 0, got number -1e-8");
    expectError(() => new Adam(p(), { amsGrad: true } as never), 'OPTION', "Adam: unknown option 'amsGrad' (did you mean 'amsgrad'?)");
    expectError(() => new SGD(p(), { lr: 0.1, nesterov: true }), 'OPTION', 'SGD: Nesterov momentum requires momentum > 0 and dampening = 0, got momentum 0 and dampening 0');
    expectError(() => new SGD(p(), {} as never), 'OPTION', "SGD: missing required option 'lr'");
    expectError(() => new SGD(p(), { lr: 0.1, momentum: -0.9 }), 'OPTION', "SGD: expected option 'momentum' to be a finite number >= 0, got number -0.9");
    expectError(() => new SGD(p(), { lr: 0.1, momentun: 0.9 } as never), 'OPTION', "SGD: unknown option 'momentun' (did you mean 'momentum'?)");
    expectError(() => new SGD(p(), { lr: 0.1, weight_decay: 0.1 } as never), 'OPTION', "(did you mean 'weightDecay'?)");
    expectError(() => new RMSprop(p(), { centered: 1 as never }), 'OPTION', "RMSprop: expected option 'centered' to be true or false, got number 1");
    expectError(() => new Adagrad(p(), { lrDecay: Number.NaN }), 'OPTION', "Adagrad: expected option 'lrDecay' to be a finite number >= 0, got number NaN");
    expectError(() => new GradientDescent(p(), { lr: 0.1, momentum: 0.9 } as never), 'OPTION', "GradientDescent: unknown option 'momentum'; known options: lr");
    expectError(() => new SGD(p(), 0.1 as never), 'OPTION', 'SGD: expected an options object { lr, momentum, dampening, weightDecay, nesterov, maximize }, got number 0.1');
    expectError(() => new Adam(p(), 'fast' as never), 'OPTION', 'Adam: expected an options object');
    // SGD's lr may come from every group instead of the options.
    expect(new SGD([{ params: [param()], lr: 0.2 }], {} as never).lr).toBe(0.2);
  });

  it('names the parameter group, refuses duplicates, non-tensors and non-leaves', () => {
    const a = param();
    expectError(() => new Adam([{ params: [a] }, { params: [param()], lr: -1 }]), 'OPTION', "Adam: param group 1: expected option 'lr' to be a finite number >= 0, got number -1");
    expectError(() => new Adam([{ params: [a] }, { params: [param()], lrr: 1 } as never]), 'OPTION', "Adam: param group 1: unknown option 'lrr' (did you mean 'lr'?)");
    expectError(() => new Adam([{ params: [a] }, { params: [a] }]), 'VALUE', 'Adam: param group 1: parameter 1 (shape [3]) appears more than once');
    expectError(() => new Adam([a, [1, 2] as never]), 'TYPE', 'Adam: expected a parameter group { params, lr, betas, eps, weightDecay, amsgrad, maximize }, got a float64 Tensor');
    expectError(() => new Adam([{ params: [a, 3 as never] }]), 'TYPE', 'Adam: expected parameter 1 to be a Tensor, got number 3');
    expectError(() => new Adam([a.mul(2)]), 'VALUE', 'Adam: parameter 0 (shape [3]) is the result of an op, not a leaf');
    expectError(() => new Adam([{ params: [] }]), 'OPTION', "Adam: expected option 'params' to be a non-empty array of Tensors, got an array of length 0");
    expectError(() => new Adam([tensor([1, 2], { dtype: 'int32' })]), 'DTYPE', 'Adam: expected float32 or float64 parameters, got parameter 0 (shape [2]) of dtype int32');
    const sgd = new SGD([{ params: [param()], lr: 0.1 }], {} as never);
    expectError(() => sgd.addParamGroup({ params: [param()] }), 'OPTION', "SGD: param group 1: missing required option 'lr'");
  });
});

describe('a non-finite gradient', () => {
  for (const [name, make] of all.filter(([n]) => n !== 'LBFGS')) {
    it(`${name}.step throws naming the parameter, and changes no parameter and no state`, () => {
      const params = [param([1, 2]), param([3, 4, 5, 6]), param([7])];
      const opt = make(params, name === 'SGD' ? { momentum: 0.9 } : {});
      const loss = () => params.reduce((s, p) => s.add(p.mul(p).sum()), param([0], false).sum());
      opt.zeroGrad();
      loss().backward();
      opt.step();
      const before = JSON.stringify(opt.stateDict());
      const values = params.map((p) => Array.from(p.data));
      opt.zeroGrad();
      loss().backward();
      params[1]!.grad!.data[2] = Number.NaN;
      expectError(() => opt.step(), 'NON_FINITE', `${name}.step: the gradient of parameter 1 (shape [4]) is not finite (NaN at element 2); no parameter or optimizer state was changed`);
      params[1]!.grad!.data[2] = Number.NEGATIVE_INFINITY;
      expectError(() => opt.step(), 'NON_FINITE', `${name}.step: the gradient of parameter 1 (shape [4]) is not finite (-Infinity at element 2)`);
      expect(params.map((p) => Array.from(p.data))).toEqual(values);
      expect(JSON.stringify(opt.stateDict())).toBe(before);
    });
  }

  it('a gradient of the wrong shape or dtype is named too', () => {
    const p = param([1, 2]);
    const opt = new Adam([p]);
    p.grad = tensor([1, 2, 3], { dtype: 'float64' });
    expectError(() => opt.step(), 'SHAPE', 'Adam.step: expected the gradient of parameter 0 (shape [2]) to have shape [2], got a float64 Tensor of shape [3]');
    p.grad = tensor([1, 2], { dtype: 'float32' });
    expectError(() => opt.step(), 'DTYPE', 'Adam.step: expected the gradient of parameter 0 (shape [2]) to be float64, got float32');
    expectError(() => opt.step(3 as never), 'TYPE', 'Adam.step: expected no argument or a closure () => loss, got number 3');
    p.grad = null;
    expectError(() => opt.step(() => tensor([1, 2])), 'SHAPE', 'Adam.step: expected the closure to return a scalar loss');
    expectError(() => opt.step(() => 'x' as never), 'TYPE', 'Adam.step: expected the closure to return the loss');
  });

  it('an option made invalid through a parameter group is caught at step(), before any update', () => {
    const p = param([1, 2]);
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([1, 1], { dtype: 'float64' });
    opt.paramGroups[0]!.lr = Number.NaN;
    expectError(() => opt.step(), 'OPTION', "SGD.step: expected option 'lr' to be a finite number >= 0, got number NaN");
    opt.paramGroups[0]!.lr = 0.1;
    opt.paramGroups[0]!.nesterov = true;
    expectError(() => opt.step(), 'OPTION', 'SGD.step: Nesterov momentum requires momentum > 0');
    expect(Array.from(p.data)).toEqual([1, 2]);
  });
});

describe('loadStateDict refuses what does not fit (code FORMAT), and keeps its state', () => {
  it('wrong optimizer, group count, sizes, fields, options', () => {
    const p = param();
    const opt = new Adam([p], { lr: 0.1 });
    p.grad = tensor([1, 1, 1], { dtype: 'float64' });
    opt.step();
    const good = opt.stateDict();
    const text = JSON.stringify(good);
    expectError(() => new SGD([param()], { lr: 0.1 }).loadStateDict(good), 'FORMAT', 'SGD.loadStateDict: expected a state dict of SGD, got one of "Adam"');
    const bad = (edit: (sd: ReturnType<Adam['stateDict']>) => void) => {
      const sd = JSON.parse(text);
      edit(sd);
      return sd;
    };
    expectError(() => opt.loadStateDict(bad((sd) => sd.paramGroups.push(sd.paramGroups[0]!))), 'FORMAT', 'Adam.loadStateDict: expected 1 parameter group(s), got 2');
    expectError(() => opt.loadStateDict(bad((sd) => (sd.state['0']!.expAvg as number[]).pop())), 'FORMAT', 'Adam.loadStateDict: expected 3 numbers at state[0].expAvg, got 2');
    expectError(() => opt.loadStateDict(bad((sd) => (sd.state['0']!.step = -1))), 'FORMAT', 'Adam.loadStateDict: expected a step count (an integer >= 0) at state[0].step, got number -1');
    expectError(() => opt.loadStateDict(bad((sd) => (sd.state['5'] = sd.state['0']!))), 'FORMAT', 'Adam.loadStateDict: state for parameter "5", but the optimizer has parameters 0…0');
    expectError(() => opt.loadStateDict(bad((sd) => (sd.paramGroups[0]!.betas = [0.9, 1]))), 'FORMAT', "Adam.loadStateDict: param group 0: expected option 'betas' to be a pair");
    expectError(() => opt.loadStateDict(bad((sd) => (sd.paramGroups[0]!.beta = 0.9))), 'FORMAT', "Adam.loadStateDict: param group 0: unknown option 'beta' (did you mean 'betas'?)");
    expectError(() => opt.loadStateDict(bad((sd) => delete sd.paramGroups[0]!.eps)), 'FORMAT', "Adam.loadStateDict: param group 0: missing option 'eps'");
    expectError(() => opt.loadStateDict('{"optimizer": "Adam"'), 'FORMAT', 'Adam.loadStateDict: expected a state dict or its JSON text, got text that is not JSON');
    const sgd = new SGD([param()], { lr: 0.1, momentum: 0.9, nesterov: true });
    const sgdState = sgd.stateDict();
    sgdState.paramGroups[0]!.momentum = 0;
    expectError(() => sgd.loadStateDict(sgdState), 'FORMAT', 'SGD.loadStateDict: param group 0: ', 'Nesterov momentum requires momentum > 0');
    expect(JSON.stringify(opt.stateDict())).toBe(text);
  });
});

describe('schedule checks', () => {
  it('names bad options and a non-optimizer', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    expectError(() => new StepLR(opt, { stepSize: 0 }), 'OPTION', "StepLR: expected option 'stepSize' to be an integer >= 1, got number 0");
    expectError(() => new StepLR(opt, {} as never), 'OPTION', "StepLR: missing required option 'stepSize'");
    expectError(() => new ExponentialLR(opt, { gamma: Number.NaN }), 'OPTION', "ExponentialLR: expected option 'gamma' to be a finite number > 0, got number NaN");
    expectError(() => new CosineAnnealingLR(opt, { tMax: 10, etaMin: -1 }), 'OPTION', "CosineAnnealingLR: expected option 'etaMin' to be a finite number >= 0, got number -1");
    expectError(() => new CosineAnnealingLR(opt, { TMax: 10 } as never), 'OPTION', "CosineAnnealingLR: unknown option 'TMax' (did you mean 'tMax'?)");
    expectError(() => new StepLR({} as never, { stepSize: 2 }), 'TYPE', 'StepLR: expected an optimizer (with paramGroups holding lr), got an object');
    expectError(() => new StepLR(opt, { stepSize: 2, gama: 0.5 } as never), 'OPTION', "StepLR: unknown option 'gama' (did you mean 'gamma'?); known options: stepSize, gamma");
    const s = new ExponentialLR(opt, { gamma: 1e200 });
    s.step();
    expectError(() => s.step(), 'NON_FINITE', 'ExponentialLR.step: expected the scheduled lr of group 0 to be finite, got Infinity at epoch 2');
    expect(s.lastEpoch).toBe(1);
    expect(opt.lr).toBe(0.1 * 1e200);
    opt.addParamGroup({ params: [param()] });
    expectError(() => s.step(), 'STATE', 'ExponentialLR.step: the optimizer has 2 parameter group(s) but the schedule was made for 1');
  });

  it('loadStateDict refuses a state dict that does not fit (code FORMAT) and changes nothing', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const s = new StepLR(opt, { stepSize: 2 });
    s.step();
    const good = s.stateDict();
    const text = JSON.stringify(good);
    expectError(() => new ExponentialLR(opt, { gamma: 0.5 }).loadStateDict(good), 'FORMAT', 'ExponentialLR.loadStateDict: expected a state dict of ExponentialLR, got one of "StepLR"');
    opt.lr = 0.1;
    const edit = (f: (sd: Record<string, unknown>) => void) => {
      const sd = JSON.parse(text);
      f(sd);
      return sd;
    };
    expectError(() => s.loadStateDict(edit((sd) => (sd.lastEpoch = -2))), 'FORMAT', 'StepLR.loadStateDict: expected lastEpoch to be an integer >= 0, got number -2');
    expectError(() => s.loadStateDict(edit((sd) => (sd.baseLrs = [0.1, 0.2]))), 'FORMAT', 'expected baseLrs to hold 1 number(s)');
    expectError(() => s.loadStateDict(edit((sd) => ((sd.options as Record<string, unknown>).stepSize = 0))), 'FORMAT', "StepLR.loadStateDict: the saved options do not fit: StepLR.loadStateDict: expected option 'stepSize'");
    expectError(() => s.loadStateDict(edit((sd) => ((sd.options as Record<string, unknown>).stepsize = 2))), 'FORMAT', "unknown option 'stepsize' (did you mean 'stepSize'?)");
    expectError(() => s.loadStateDict('{'), 'FORMAT', 'not JSON');
    expect(JSON.stringify(s.stateDict())).toBe(text);
  });
});

describe('a custom optimizer', () => {
  interface SignOptions {
    lr: number;
    decay: number;
  }
  /** sign-SGD with a schema, and the same with the earlier { defaults, check } spec. */
  class SignSGD extends Optimizer<SignOptions, Record<string, never>> {
    constructor(params: Tensor[], options: Partial<SignOptions> = {}, legacy = false) {
      const check = (fn: string, o: SignOptions) => {
        if (typeof o.decay !== 'number' || o.decay < 0) throw new EntropicError('OPTION', fn, `expected decay >= 0, got ${o.decay}`);
      };
      super('SignSGD', params, options, legacy
        ? { defaults: { lr: 0.1, decay: 0 }, check }
        : { schema: { lr: opt.number({ min: 0, default: 0.1 }), decay: opt.number({ min: 0, default: 0 }) } });
    }

    step(): void {
      this.checkGroups('SignSGD.step');
      for (const g of this.paramGroups) for (const p of g.params) if (p.grad !== null) p.data.forEach((v, i) => { p.data[i] = v - g.lr * Math.sign(p.grad!.data[i]!); });
    }

    protected encodeState(): Record<string, never> {
      return {};
    }

    protected decodeState(): Record<string, never> {
      return {};
    }
  }

  for (const legacy of [false, true]) {
    it(`declares its options ${legacy ? 'with defaults and a check (the earlier form)' : 'as a schema'}: names stay strict, lr is checked`, () => {
      const p = param();
      const o = new SignSGD([p], { lr: 0.5 }, legacy);
      expect(o.paramGroups[0]).toMatchObject({ lr: 0.5, decay: 0 });
      expectError(() => new SignSGD([param()], { decy: 1 } as never, legacy), 'OPTION', "SignSGD: unknown option 'decy' (did you mean 'decay'?)");
      expectError(() => new SignSGD([param()], { lr: -1 }, legacy), 'OPTION', "SignSGD: expected option 'lr' to be a finite number >= 0, got number -1");
      expectError(() => new SignSGD([param()], { decay: -1 }, legacy), 'OPTION', 'decay');
      expectError(() => {
        o.lr = Number.NaN;
      }, 'OPTION', 'SignSGD.lr');
      p.grad = tensor([1, -1, 0], { dtype: 'float64' });
      o.step();
      expect(Array.from(p.data)).toEqual([0.5, 2.5, 3]);
      expect(o.stateDict().paramGroups[0]).toEqual({ params: [0], lr: 0.5, decay: 0 });
    });
  }
});
