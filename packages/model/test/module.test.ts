import { describe, expect, it } from 'vitest';
import { type Tensor, add, gradcheck, matmul, randn, sum, tensor, transpose } from '@entropic/core';
import {
  Dropout, Identity, Linear, LinearRegression, LogSoftmax, LogisticRegression, MLP, Module, ReLU, Ridge, Sequential, Sigmoid, Softmax,
  SoftmaxRegression, Softplus, Tanh, linear, loadModule, moduleClassNames, registerModuleClass, saveModule, stateDictFromJSON,
} from '../src/index.js';

const code = (c: string, fragment?: string) => expect.objectContaining({ code: c, ...(fragment ? { message: expect.stringContaining(fragment) } : {}) });

describe('Linear', () => {
  it('initialises as torch.nn.Linear: U(±1/√in) for weight and bias, seeded', () => {
    const a = new Linear(16, 5, { seed: 3 });
    const b = new Linear(16, 5, { seed: 3 });
    const c = new Linear(16, 5, { seed: 4 });
    expect(a.weight.shape).toEqual([5, 16]);
    expect(a.bias!.shape).toEqual([5]);
    expect(Array.from(a.weight.data)).toEqual(Array.from(b.weight.data));
    expect(Array.from(a.weight.data)).not.toEqual(Array.from(c.weight.data));
    const bound = 1 / 4;
    for (const v of [...a.weight.data, ...a.bias!.data]) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    // Spread: a uniform on ±¼ has standard deviation ¼/√3 ≈ 0.144.
    const w = Array.from(a.weight.data);
    const sd = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(sd).toBeGreaterThan(0.1);
    expect(sd).toBeLessThan(0.19);
    expect(a.parameters()).toEqual([a.weight, a.bias]);
    expect(new Linear(3, 2, { bias: false, seed: 1 }).parameters()).toHaveLength(1);
  });

  it('linear(x, W, b) = x·Wᵀ + b with correct gradients (gradcheck, float64)', () => {
    const x = randn([4, 3], { seed: 1, dtype: 'float64' });
    const w = randn([2, 3], { seed: 2, dtype: 'float64' });
    const b = randn([2], { seed: 3, dtype: 'float64' });
    const want = add(matmul(x, transpose(w)), b);
    const got = linear(x, w, b);
    got.data.forEach((v, i) => {
      expect(v).toBeCloseTo(want.data[i]!, 14);
    });
    expect(gradcheck((xx, ww, bb) => linear(xx!, ww!, bb!), [x, w, b]).ok).toBe(true);
    expect(gradcheck((xx, ww) => linear(xx!, ww!), [x, w]).ok).toBe(true);
    // Leading batch dimensions, as torch: [2, 2, 3] → [2, 2, 2].
    const x3 = randn([2, 2, 3], { seed: 5, dtype: 'float64' });
    expect(linear(x3, w, b).shape).toEqual([2, 2, 2]);
    expect(gradcheck((xx, ww) => sum(linear(xx!, ww!, b)), [x3, w]).ok).toBe(true);
  });

  it('rejects mismatched shapes with a clear error', () => {
    const l = new Linear(3, 2, { seed: 0 });
    expect(() => l.forward(tensor([[1, 2]]))).toThrow(code('SHAPE', 'linear: expected input of shape [..., 3] for weight [2, 3], got a float32 Tensor of shape [1, 2]'));
    expect(() => new Linear(0, 2)).toThrow(code('VALUE', 'Linear: expected inFeatures to be a positive integer, got number 0'));
    expect(() => new Linear(2, 2, { bais: false } as never)).toThrow(code('OPTION', "did you mean 'bias'"));
  });
});

describe('Module tree', () => {
  it('names parameters with dotted paths, propagates train/eval', () => {
    const net = new Sequential(new Linear(4, 3, { seed: 1 }), new ReLU(), new Linear(3, 2, { seed: 2 }));
    expect(net.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
    net.eval();
    expect(net.training).toBe(false);
    expect(net.children().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.at(-1).training).toBe(true);
  });

  it('a user-defined module registers its own parameters and children', () => {
    class Affine extends Module {
      readonly scale = this.registerParameter('scale', tensor([2, 3]));
      readonly inner = this.registerModule('inner', new Linear(2, 2, { seed: 9 }));
      forward(x: Tensor): Tensor {
        return this.inner.forward(x).mul(this.scale);
      }
    }
    const m = new Affine();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['scale', 'inner.weight', 'inner.bias']);
    const out = m.forward(tensor([[1, 1]]));
    sum(out).backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('MLP: Linear layers with activations between them, one seed for all', () => {
    const a = new MLP([4, 8, 8, 3], { seed: 5, activation: 'tanh' });
    const b = new MLP([4, 8, 8, 3], { seed: 5, activation: 'tanh' });
    expect(a.length).toBe(5);
    expect(a.at(1)).toBeInstanceOf(Tanh);
    expect(a.at(4)).toBeInstanceOf(Linear);
    const x = randn([6, 4], { seed: 1 });
    expect(Array.from(a.forward(x).data)).toEqual(Array.from(b.forward(x).data));
    // Layers draw from one generator in turn: the second layer is not a copy of the first's stream.
    expect((a.at(2) as Linear).weight.data[0]).not.toBe((a.at(0) as Linear).weight.data[0]);
    expect(() => new MLP([4])).toThrow(code('VALUE', 'MLP: expected at least two positive integer layer sizes'));
    expect(() => new MLP([4, 2], { activation: 'gelu' as never })).toThrow(code('OPTION', "expected option 'activation' to be one of 'relu'"));
    expect(() => new MLP([4, 2], { sed: 1 } as never)).toThrow(code('OPTION', "did you mean 'seed'"));
  });
});

describe('stateDict / loadStateDict', () => {
  it('round-trips and is a snapshot, not a view', () => {
    const a = new MLP([3, 4, 2], { seed: 1 });
    const b = new MLP([3, 4, 2], { seed: 2 });
    const state = a.stateDict();
    b.loadStateDict(state);
    const x = randn([5, 3], { seed: 3 });
    expect(Array.from(b.forward(x).data)).toEqual(Array.from(a.forward(x).data));
    a.parameters()[0]!.data[0] = 42;
    expect(state['0.weight']!.data[0]).not.toBe(42);
  });

  it('all or nothing: a bad entry leaves every parameter unchanged', () => {
    const m = new MLP([3, 4, 2], { seed: 1 });
    const before = m.parameters().map((p) => Array.from(p.data));
    const good = new MLP([3, 4, 2], { seed: 7 }).stateDict();
    const wrongShape = { ...good, '2.weight': tensor([[1, 2, 3, 4]]) };
    expect(() => m.loadStateDict(wrongShape)).toThrow(code('SHAPE', "loadStateDict: expected '2.weight' of shape [2, 4], got [1, 4]"));
    const nan = { ...good, '2.bias': tensor([1, Number.NaN]) };
    expect(() => m.loadStateDict(nan)).toThrow(code('NON_FINITE', "expected finite values in '2.bias', got NaN at index 1"));
    const missing: Record<string, Tensor> = { ...good };
    delete missing['0.bias'];
    expect(() => m.loadStateDict({ ...missing, extra: tensor([1]) })).toThrow(code('VALUE', 'missing [0.bias] and unexpected [extra]'));
    expect(m.parameters().map((p) => Array.from(p.data))).toEqual(before);
    // strict: false loads the keys that are there.
    m.loadStateDict({ '0.bias': good['0.bias']! }, { strict: false });
    expect(Array.from(m.parameters()[1]!.data)).toEqual(Array.from(good['0.bias']!.data));
  });
});

describe('saving any module as JSON', () => {
  it('JSON.stringify(stateDict()) loads back', () => {
    const a = new MLP([3, 4, 2], { seed: 1, dtype: 'float64' });
    const b = new MLP([3, 4, 2], { seed: 2, dtype: 'float64' });
    const text = JSON.stringify(a.stateDict());
    b.loadStateDict(JSON.parse(text));
    expect(b.parameters().map((p) => Array.from(p.data))).toEqual(a.parameters().map((p) => Array.from(p.data)));
    const revived = stateDictFromJSON(text);
    expect(revived['0.weight']!.dtype).toBe('float64');
    expect(() => b.loadStateDict({ '0.weight': { dtype: 'float64', shape: [4, 3], data: [1] } } as never, { strict: false })).toThrow(code('FORMAT', 'to hold 12 numbers'));
  });

  it('a module with every layer kind round-trips through JSON text', () => {
    const X = randn([6, 4], { seed: 1, dtype: 'float64' });
    const y01 = [0, 1, 1, 0, 1, 0];
    const logreg = new LogisticRegression({ solver: 'lbfgs', l2: 0.1 }).fit(randn([6, 3], { seed: 2, dtype: 'float64' }), y01);
    const softreg = new SoftmaxRegression({ solver: 'lbfgs', l2: 0.1 }).fit(randn([6, 3], { seed: 3, dtype: 'float64' }), [0, 1, 2, 0, 1, 2]);
    const ols = new LinearRegression().fit(randn([6, 3], { seed: 4, dtype: 'float64' }), [1, 2, 3, 4, 5, 7]);
    const ridge = new Ridge({ alpha: 0.5 }).fit(randn([6, 3], { seed: 5, dtype: 'float64' }), [1, 2, 3, 4, 5, 7]);
    const parts = [
      new Linear(4, 5, { seed: 1, dtype: 'float64' }), new ReLU(), new Tanh(), new Sigmoid(), new Softplus(), new Identity(), new Dropout(0.3, { seed: 1 }),
      new Linear(5, 3, { seed: 2, dtype: 'float64', bias: false }), new Softmax(1), new LogSoftmax(-1), new MLP([3, 4, 3], { seed: 3, activation: 'tanh', dtype: 'float64' }),
      logreg, new Sequential(), softreg, ols, ridge,
    ];
    // Shapes that chain: [6, 4] → … → [6, 3] → logreg [6] would break the chain, so each
    // estimator is checked on its own below; the model holds them all.
    class Holder extends Module {
      readonly body = this.registerModule('body', new Sequential(...parts.slice(0, 11)));
      readonly estimators = this.registerModule('estimators', new Sequential(...parts.slice(11)));
      forward(x: Tensor): Tensor {
        return this.body.forward(x);
      }
    }
    registerModuleClass(Holder);
    const m = new Holder();
    m.eval();
    const text = JSON.stringify(m);
    const back = loadModule(text) as Holder;
    back.eval();
    expect(back).toBeInstanceOf(Holder);
    expect(Array.from(back.forward(X).data)).toEqual(Array.from(m.forward(X).data));
    expect(back.stateDict()).toEqual(m.stateDict());
    const [lr, , sr, o, r] = back.estimators.children() as [LogisticRegression, Module, SoftmaxRegression, LinearRegression, Ridge];
    const Z = randn([5, 3], { seed: 9, dtype: 'float64' });
    expect(Array.from(lr.predictProba(Z).data)).toEqual(Array.from(logreg.predictProba(Z).data));
    expect(lr.history).toEqual(logreg.history);
    expect(Array.from(sr.predictProba(Z).data)).toEqual(Array.from(softreg.predictProba(Z).data));
    expect(Array.from(o.predict(Z).data)).toEqual(Array.from(ols.predict(Z).data));
    expect(Array.from(r.predict(Z).data)).toEqual(Array.from(ridge.predict(Z).data));
    expect((back.body.at(6) as Dropout).p).toBe(0.3);
    expect(moduleClassNames()).toContain('Holder');
  });

  it('a user module with constructor arguments saves them with getConfig', () => {
    class Scaled extends Module {
      readonly inner: Linear;
      constructor(readonly inF: number, readonly factor: number) {
        super();
        this.inner = this.registerModule('inner', new Linear(inF, 2, { seed: 1 }));
      }
      forward(x: Tensor): Tensor {
        return this.inner.forward(x).mul(this.factor);
      }
      override getConfig(): unknown[] {
        return [this.inF, this.factor];
      }
    }
    registerModuleClass(Scaled, 'Scaled');
    const m = new Scaled(3, 2.5);
    const back = Scaled.fromJSON(JSON.stringify(m.toJSON()));
    expect(back.factor).toBe(2.5);
    const x = randn([2, 3], { seed: 4 });
    expect(Array.from(back.forward(x).data)).toEqual(Array.from(m.forward(x).data));
    // Without getConfig the module would be rebuilt without its arguments: the hint says so.
    class NoConfig extends Module {
      readonly inner: Linear;
      constructor(inF = 1) {
        super();
        this.inner = this.registerModule('inner', new Linear(inF, 2, { seed: 1 }));
      }
      forward(x: Tensor): Tensor {
        return this.inner.forward(x);
      }
    }
    registerModuleClass(NoConfig);
    expect(() => loadModule(JSON.stringify(new NoConfig(3)))).toThrow(code('FORMAT', 'must return them from getConfig()'));
    class Unregistered extends Module {
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => saveModule(new Sequential(new Unregistered()))).toThrow(code('STATE', 'registerModuleClass(Unregistered)'));
    expect(() => Linear.fromJSON(JSON.stringify(m))).toThrow(code('FORMAT', 'expected a saved Linear, got a saved Scaled'));
  });

  it('MLP round trip; corrupted files throw FORMAT and build nothing', () => {
    const m = new MLP([3, 5, 2], { seed: 11, activation: 'tanh' });
    const x = randn([4, 3], { seed: 12 });
    const text = JSON.stringify(m.toJSON());
    const back = MLP.fromJSON(text);
    expect(Array.from(back.forward(x).data)).toEqual(Array.from(m.forward(x).data));
    expect(back.activation).toBe('tanh');
    // biome-ignore lint/suspicious/noExplicitAny: the test edits arbitrary saved JSON
    const edit = (f: (o: Record<string, any>) => void) => {
      const o = JSON.parse(text);
      f(o);
      return o;
    };
    const bad: [unknown, RegExp][] = [
      [text.slice(0, 100), /does not parse/],
      [edit((o) => { o.version = 0; }), /unsupported version number 0/],
      [edit((o) => { o.module.class = 'Linear'; }), /cannot rebuild Linear/],
      [edit((o) => { o.module.args[0] = [3, 6, 2]; }), /expected '0.weight' of shape \[6, 3\], got \[5, 3\]/],
      [edit((o) => { delete o.state['2.bias']; }), /missing \[2.bias\]/],
      [edit((o) => { o.module.args[1].activation = 'gelu'; }), /expected option 'activation' to be one of/],
      [edit((o) => { o.state['0.weight'].data[0] = null; }), /expected 'state\['0.weight'\].data\[0\]' to be a number, got null/],
    ];
    for (const [src, pattern] of bad) {
      expect(() => MLP.fromJSON(src)).toThrow(code('FORMAT'));
      expect(() => MLP.fromJSON(src)).toThrow(pattern);
    }
    expect(() => new MLP([2, 2], { activation: () => new ReLU() }).toJSON()).toThrow(code('STATE', 'cannot be saved; use an activation name'));
  });
});

describe('predict and predictProba on Sequential and MLP', () => {
  it('read outputs as logits, in eval mode, without a graph', () => {
    const net = new MLP([4, 3], { seed: 1, dtype: 'float64' });
    const x = randn([5, 4], { seed: 2, dtype: 'float64' });
    const z = net.forward(x);
    const p = net.predictProba(x);
    expect(p.shape).toEqual([5, 3]);
    expect(p.requiresGrad).toBe(false);
    for (let i = 0; i < 5; i++) expect(p.data[3 * i]! + p.data[3 * i + 1]! + p.data[3 * i + 2]!).toBeCloseTo(1, 14);
    const yhat = Array.from(net.predict(x.toArray() as number[][]).data);
    yhat.forEach((c, i) => {
      expect(z.data[3 * i + c]).toBe(Math.max(z.data[3 * i]!, z.data[3 * i + 1]!, z.data[3 * i + 2]!));
    });
    const one = new MLP([4, 1], { seed: 1, dtype: 'float64' });
    const z1 = one.forward(x);
    expect(one.predictProba(x).shape).toEqual([5]);
    expect(Array.from(one.predict(x).data)).toEqual(Array.from(z1.data, (v) => (v > 0 ? 1 : 0)));
    const withDropout = new Sequential(new Linear(4, 3, { seed: 1 }), new Dropout(0.9, { seed: 1 }));
    expect(Array.from(withDropout.predictProba(x).data)).toEqual(Array.from(withDropout.predictProba(x).data));
    expect(withDropout.training).toBe(true);
  });
});

describe('Dropout', () => {
  it('zeroes about p of the elements and rescales in training; identity in eval', () => {
    const d = new Dropout(0.25, { seed: 1 });
    const x = tensor(Array.from({ length: 4000 }, () => 1), { dtype: 'float64', requiresGrad: true });
    const y = d.forward(x);
    const zeros = y.data.filter((v) => v === 0).length;
    expect(zeros / 4000).toBeGreaterThan(0.22);
    expect(zeros / 4000).toBeLessThan(0.28);
    expect(y.data.every((v) => v === 0 || v === 1 / 0.75)).toBe(true);
    sum(y).backward();
    expect(Array.from(x.grad!.data)).toEqual(Array.from(y.data));
    d.eval();
    expect(d.forward(x)).toBe(x);
    expect(() => new Dropout(1)).toThrow(code('VALUE', 'Dropout: expected p in [0, 1), got number 1'));
  });
});
