/** Bad input: clear errors naming the function, what was expected and what came; nothing changed. */
import { type Tensor, tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, CosineAnnealingLR, ExponentialLR, GradientDescent, LBFGS, type Optimizer, RMSprop, SGD, StepLR } from '../src/index.js';

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
    it(`${name} refuses a parameter without gradients, and a non-finite or negative lr`, () => {
      expect(() => make([param(), param([1, 2], false)])).toThrow(`${name}: parameter 1 (shape [2]) does not require gradients; create it with { requiresGrad: true }`);
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -0.1]) {
        expect(() => make([param()], { lr: bad })).toThrow(`${name}: expected lr to be a finite number >= 0, got ${bad}`);
      }
      const opt = make([param()]);
      expect(() => {
        opt.lr = -1;
      }).toThrow(`${name}.lr: expected lr to be a finite number >= 0, got -1`);
      expect(() => {
        opt.lr = Number.NaN;
      }).toThrow(`${name}.lr: expected lr to be a finite number >= 0, got NaN`);
      opt.lr = 0.25;
      expect(opt.lr).toBe(0.25);
      expect(() => make([])).toThrow(`${name}: expected a non-empty array of parameters or parameter groups, got an empty array`);
      expect(() => make([param()], { learningRate: 0.1 })).toThrow(`${name}: unknown option 'learningRate'; expected one of`);
    });
  }

  it('names the other bad options', () => {
    const p = () => [param()];
    expect(() => new Adam(p(), { betas: [1, 0.999] })).toThrow('Adam: expected betas[0] in [0, 1), got 1');
    expect(() => new AdamW(p(), { betas: [0.9, -0.1] })).toThrow('AdamW: expected betas[1] in [0, 1), got -0.1');
    expect(() => new Adam(p(), { betas: [0.9] as never })).toThrow('Adam: expected betas to be a pair [beta1, beta2], got an array of length 1');
    expect(() => new Adam(p(), { eps: -1e-8 })).toThrow('Adam: expected eps to be a finite number >= 0, got -1e-8');
    expect(() => new SGD(p(), { lr: 0.1, nesterov: true })).toThrow('SGD: Nesterov momentum requires momentum > 0 and dampening = 0, got momentum 0 and dampening 0');
    expect(() => new SGD(p(), {} as never)).toThrow('SGD: expected option lr (it has no default), got undefined');
    expect(() => new SGD(p(), { lr: 0.1, momentum: -0.9 })).toThrow('SGD: expected momentum to be a finite number >= 0, got -0.9');
    expect(() => new RMSprop(p(), { centered: 1 as never })).toThrow('RMSprop: expected centered to be true or false, got 1');
    expect(() => new Adagrad(p(), { lrDecay: Number.NaN })).toThrow('Adagrad: expected lrDecay to be a finite number >= 0, got NaN');
    expect(() => new GradientDescent(p(), { lr: 0.1, momentum: 0.9 } as never)).toThrow("GradientDescent: unknown option 'momentum'; expected one of lr");
  });

  it('names the parameter group, refuses duplicates, non-tensors and non-leaves', () => {
    const a = param();
    expect(() => new Adam([{ params: [a] }, { params: [param()], lr: -1 }])).toThrow('Adam: param group 1: expected lr to be a finite number >= 0, got -1');
    expect(() => new Adam([{ params: [a] }, { params: [a] }])).toThrow('Adam: param group 1: parameter 1 (shape [3]) appears more than once');
    expect(() => new Adam([a, [1, 2] as never])).toThrow(/Adam: expected a parameter group \{ params, lr, betas, eps, weightDecay, amsgrad, maximize \}, got a float64 Tensor/);
    expect(() => new Adam([{ params: [a, 3 as never] }])).toThrow('Adam: expected parameter 1 to be a Tensor, got 3');
    expect(() => new Adam([a.mul(2)])).toThrow('Adam: parameter 0 (shape [3]) is the result of an op, not a leaf');
    expect(() => new Adam([{ params: [] }])).toThrow('Adam: expected params to be a non-empty array of Tensors, got an array of length 0');
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
      expect(() => opt.step()).toThrow(`${name}.step: the gradient of parameter 1 (shape [4]) is not finite (NaN at element 2); no parameter or optimizer state was changed`);
      params[1]!.grad!.data[2] = Number.NEGATIVE_INFINITY;
      expect(() => opt.step()).toThrow(`${name}.step: the gradient of parameter 1 (shape [4]) is not finite (-Infinity at element 2)`);
      expect(params.map((p) => Array.from(p.data))).toEqual(values);
      expect(JSON.stringify(opt.stateDict())).toBe(before);
    });
  }

  it('a gradient of the wrong shape or dtype is named too', () => {
    const p = param([1, 2]);
    const opt = new Adam([p]);
    p.grad = tensor([1, 2, 3], { dtype: 'float64' });
    expect(() => opt.step()).toThrow('Adam.step: expected the gradient of parameter 0 (shape [2]) to have shape [2], got a float64 Tensor of shape [3]');
    p.grad = tensor([1, 2], { dtype: 'float32' });
    expect(() => opt.step()).toThrow('Adam.step: expected the gradient of parameter 0 (shape [2]) to be float64, got float32');
  });

  it('an lr made invalid through a parameter group is caught at step(), before any update', () => {
    const p = param([1, 2]);
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([1, 1], { dtype: 'float64' });
    opt.paramGroups[0]!.lr = Number.NaN;
    expect(() => opt.step()).toThrow('SGD.step: expected lr to be a finite number >= 0, got NaN');
    expect(Array.from(p.data)).toEqual([1, 2]);
  });
});

describe('loadStateDict refuses what does not fit, and keeps its state', () => {
  it('wrong optimizer, group count, sizes, fields', () => {
    const p = param();
    const opt = new Adam([p], { lr: 0.1 });
    p.grad = tensor([1, 1, 1], { dtype: 'float64' });
    opt.step();
    const good = opt.stateDict();
    const text = JSON.stringify(good);
    expect(() => new SGD([param()], { lr: 0.1 }).loadStateDict(good)).toThrow('SGD.loadStateDict: expected a state dict of SGD, got one of "Adam"');
    const bad = (edit: (sd: ReturnType<Adam['stateDict']>) => void) => {
      const sd = JSON.parse(text);
      edit(sd);
      return sd;
    };
    expect(() => opt.loadStateDict(bad((sd) => sd.paramGroups.push(sd.paramGroups[0]!)))).toThrow('Adam.loadStateDict: expected 1 parameter group(s), got 2');
    expect(() => opt.loadStateDict(bad((sd) => (sd.state['0']!.expAvg as number[]).pop()))).toThrow('Adam.loadStateDict: expected 3 numbers at state[0].expAvg, got 2');
    expect(() => opt.loadStateDict(bad((sd) => (sd.state['0']!.step = -1)))).toThrow('Adam.loadStateDict: expected a step count (an integer >= 0) at state[0].step, got -1');
    expect(() => opt.loadStateDict(bad((sd) => (sd.state['5'] = sd.state['0']!)))).toThrow('Adam.loadStateDict: state for parameter "5", but the optimizer has parameters 0…0');
    expect(() => opt.loadStateDict(bad((sd) => (sd.paramGroups[0]!.betas = [0.9, 1])))).toThrow('Adam.loadStateDict: param group 0: expected betas[1] in [0, 1), got 1');
    expect(() => opt.loadStateDict('{"optimizer": "Adam"')).toThrow(/Adam.loadStateDict: expected a state dict or its JSON text, got text that is not JSON/);
    expect(JSON.stringify(opt.stateDict())).toBe(text);
  });
});

describe('schedule checks', () => {
  it('names bad options and a non-optimizer', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    expect(() => new StepLR(opt, { stepSize: 0 })).toThrow('StepLR: expected stepSize to be an integer >= 1, got 0');
    expect(() => new ExponentialLR(opt, { gamma: Number.NaN })).toThrow('ExponentialLR: expected gamma to be a finite number > 0, got NaN');
    expect(() => new CosineAnnealingLR(opt, { tMax: 10, etaMin: -1 })).toThrow('CosineAnnealingLR: expected etaMin to be a finite number >= 0, got -1');
    expect(() => new StepLR({} as never, { stepSize: 2 })).toThrow('StepLR: expected an optimizer (with paramGroups holding lr), got object');
    expect(() => new StepLR(opt, { stepSize: 2, gama: 0.5 } as never)).toThrow("StepLR: unknown option 'gama'; expected one of stepSize, gamma");
    const s = new ExponentialLR(opt, { gamma: 1e200 });
    s.step();
    expect(() => s.step()).toThrow('ExponentialLR.step: expected the scheduled lr of group 0 to be a finite number >= 0, got Infinity at epoch 2');
    expect(s.lastEpoch).toBe(1);
    expect(opt.lr).toBe(0.1 * 1e200);
  });
});
