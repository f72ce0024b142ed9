import { type Tensor, tensor } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import { LBFGS, cubicInterpolate, strongWolfe } from '../src/index.js';
import { type OptimCase, fromJson, loadCases, objective } from './conformance.js';
import { expectError } from './expect-error.js';

const logregCase = loadCases<OptimCase>('optim.json').find((c) => c.name === 'lbfgs_strongWolfe_logreg')!;

function setup(c: OptimCase = logregCase): { params: Tensor[]; f: (p: Tensor[]) => Tensor } {
  return { params: c.params0.map((p) => fromJson(p, true)), f: objective(c.problem) };
}

function gradNorm(params: Tensor[], f: (p: Tensor[]) => Tensor): number {
  for (const p of params) p.grad = null;
  f(params).backward();
  return Math.hypot(...params.flatMap((p) => Array.from(p.grad!.data)));
}

function closureFor(opt: LBFGS, params: Tensor[], f: (p: Tensor[]) => Tensor, counter?: { n: number }) {
  return () => {
    if (counter) counter.n++;
    opt.zeroGrad();
    const l = f(params);
    l.backward();
    return l;
  };
}

describe('LBFGS', () => {
  it('with strong Wolfe reaches a gradient norm below 1e-8 on the conformance logistic regression', () => {
    const { params, f } = setup();
    const start = gradNorm(params, f);
    const opt = new LBFGS(params, { lineSearch: 'strongWolfe', toleranceGrad: 1e-12, toleranceChange: 0 });
    const calls = { n: 0 };
    opt.step(closureFor(opt, params, f, calls));
    const end = gradNorm(params, f);
    expect(start).toBeGreaterThan(0.1);
    expect(end).toBeLessThan(1e-8);
    expect(calls.n).toBeLessThanOrEqual(25); // maxEval = floor(20 · 5/4)
  });

  it('with PyTorch defaults stops on toleranceChange, then makes no further progress (as PyTorch)', () => {
    const { params, f } = setup();
    const opt = new LBFGS(params, { lineSearch: 'strongWolfe' });
    opt.step(closureFor(opt, params, f));
    const after = params.map((p) => Array.from(p.data));
    const g = gradNorm(params, f);
    expect(g).toBeLessThan(1e-4);
    expect(g).toBeGreaterThan(1e-8);
    opt.step(closureFor(opt, params, f)); // gᵀd > −1e-9: breaks before moving
    expect(params.map((p) => Array.from(p.data))).toEqual(after);
  });

  it('returns the first loss and does not move when the gradient is already below toleranceGrad', () => {
    const x = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
    const opt = new LBFGS([x], { lineSearch: 'strongWolfe' });
    const closure = () => {
      opt.zeroGrad();
      const l = x.mul(x).sum().add(3);
      l.backward();
      return l;
    };
    const loss = opt.step(closure) as Tensor;
    expect(loss.item()).toBe(3);
    expect(Array.from(x.data)).toEqual([0, 0]);
    expect(opt.stateDict().state['0']).toMatchObject({ funcEvals: 1, nIter: 0 });
  });

  it('defaults maxEval to floor(maxIter · 5 / 4) and keeps an explicit maxEval', () => {
    const x = tensor([1], { dtype: 'float64', requiresGrad: true });
    expect(new LBFGS([x]).paramGroups[0]!.maxEval).toBe(25);
    expect(new LBFGS([x], { maxIter: 7 }).paramGroups[0]!.maxEval).toBe(8);
    expect(new LBFGS([x], { maxIter: 7, maxEval: 3 }).paramGroups[0]!.maxEval).toBe(3);
  });

  it('never evaluates the objective more than maxEval times in a step (line search included)', () => {
    const { params, f } = setup();
    const opt = new LBFGS(params, { lineSearch: 'strongWolfe', maxIter: 100, maxEval: 6, toleranceGrad: 0, toleranceChange: 0 });
    const calls = { n: 0 };
    opt.step(closureFor(opt, params, f, calls));
    // PyTorch checks maxEval after each iteration, so one line search may overshoot by its own evaluations.
    expect(calls.n).toBeGreaterThanOrEqual(6);
    expect(calls.n).toBeLessThan(6 + 25);
  });

  it('works on float32 parameters with float32 state', () => {
    const { params: p64, f } = setup();
    const params = p64.map((p) => tensor(p.data, { dtype: 'float32', shape: p.shape, requiresGrad: true }));
    const X = logregCase.problem.kind === 'logreg' ? logregCase.problem : null;
    const X32 = tensor(X!.X, { dtype: 'float32' });
    const y32 = tensor(X!.y, { dtype: 'float32' });
    const f32 = ([w, b]: Tensor[]) => {
      const z = X32.matmul(w!).add(b!);
      return z.softplus().sub(y32.mul(z)).mean();
    };
    const opt = new LBFGS(params, { lineSearch: 'strongWolfe' });
    opt.step(closureFor(opt, params, f32));
    const ref = new LBFGS(p64, { lineSearch: 'strongWolfe', toleranceChange: 0, toleranceGrad: 1e-12 });
    ref.step(closureFor(ref, p64, f));
    params.forEach((p, i) => {
      expect(p.data).toBeInstanceOf(Float32Array);
      p.data.forEach((v, j) => {
        expect(Math.abs(v - p64[i]!.data[j]!)).toBeLessThan(1e-3);
      });
    });
    const d = (opt.stateDict().state['0'] as { d: number[] }).d;
    expect(d.every((v) => Math.fround(v) === v)).toBe(true);
  });

  it('accepts only one parameter group and needs a closure', () => {
    const a = tensor([1], { dtype: 'float64', requiresGrad: true });
    const b = tensor([1], { dtype: 'float64', requiresGrad: true });
    expectError(() => new LBFGS([{ params: [a] }, { params: [b] }] as never), 'VALUE', 'LBFGS: expected a single parameter group');
    const opt = new LBFGS([a]);
    expectError(() => opt.addParamGroup({ params: [b] }), 'VALUE', 'single parameter group');
    expectError(() => (opt.step as (c?: unknown) => unknown)(), 'TYPE', /LBFGS.step: expected a closure .* got undefined/);
    expectError(() => new LBFGS([a], { lineSearch: 'strong_wolfe' as never }), 'OPTION', `LBFGS: expected option 'lineSearch' to be 'strongWolfe' or null, got "strong_wolfe"`);
    expectError(() => new LBFGS([a], { maxIter: 0 }), 'OPTION', "LBFGS: expected option 'maxIter' to be an integer >= 1, got number 0");
    expectError(() => new LBFGS([a], { historySize: 2.5 }), 'OPTION', "expected option 'historySize' to be an integer >= 1, got number 2.5");
    expectError(() => new LBFGS([a], { line_search: 'strongWolfe' } as never), 'OPTION', "unknown option 'line_search' (did you mean 'lineSearch'?)");
  });
});

describe('strong-Wolfe line search', () => {
  it('cubicInterpolate returns the minimizer of an exact cubic, clamped to the bounds', () => {
    // f(x) = x³ − 3x: minimum at x = 1; f' = 3x² − 3.
    const f = (x: number) => x ** 3 - 3 * x;
    const g = (x: number) => 3 * x * x - 3;
    expect(cubicInterpolate(0, f(0), g(0), 2, f(2), g(2))).toBeCloseTo(1, 12);
    expect(cubicInterpolate(2, f(2), g(2), 0, f(0), g(0))).toBeCloseTo(1, 12);
    expect(cubicInterpolate(0, f(0), g(0), 2, f(2), g(2), [1.5, 3])).toBe(1.5);
    // No real minimizer (d1² < g1·g2): the middle of the bounds.
    expect(cubicInterpolate(0, 0, 2, 1, 1, 2)).toBe(0.5);
  });

  it('finds a step satisfying both strong Wolfe conditions on a 1-D function', () => {
    // φ(t) = (t − 3)⁴ + t along d = [1] from x = 0.
    const phi = (t: number) => (t - 3) ** 4 + t;
    const dphi = (t: number) => 4 * (t - 3) ** 3 + 1;
    const d = new Float64Array([1]);
    for (const t0 of [1e-3, 0.5, 1, 10]) {
      const r = strongWolfe((t) => ({ f: phi(t), g: new Float64Array([dphi(t)]) }), t0, d, phi(0), new Float64Array([dphi(0)]), dphi(0));
      expect(r.f).toBe(phi(r.t));
      expect(r.f).toBeLessThanOrEqual(phi(0) + 1e-4 * r.t * dphi(0));
      expect(Math.abs(dphi(r.t))).toBeLessThanOrEqual(0.9 * Math.abs(dphi(0)));
      expect(r.evals).toBeLessThanOrEqual(25);
    }
  });
});

describe('LBFGS errors leave everything as it was', () => {
  it('a NaN gradient during the line search throws naming the parameter, and restores parameters and state', () => {
    const { params, f } = setup();
    const opt = new LBFGS(params, { lineSearch: 'strongWolfe', maxIter: 2 });
    opt.step(closureFor(opt, params, f));
    const before = JSON.stringify(opt.stateDict());
    const x0 = params.map((p) => Array.from(p.data));
    let calls = 0;
    const poisoned = () => {
      const l = closureFor(opt, params, f)();
      if (++calls === 2) params[1]!.grad!.data[0] = Number.NaN; // the first line-search evaluation
      return l;
    };
    expectError(() => opt.step(poisoned), 'NON_FINITE', 'LBFGS.step: the gradient of parameter 1 (shape [1]) is not finite (NaN at element 0); no parameter or optimizer state was changed');
    expect(params.map((p) => Array.from(p.data))).toEqual(x0);
    expect(JSON.stringify(opt.stateDict())).toBe(before);
  });

  it('a closure that throws, or returns a non-finite loss, restores the parameters', () => {
    const { params, f } = setup();
    const opt = new LBFGS(params);
    const x0 = params.map((p) => Array.from(p.data));
    let calls = 0;
    const failing = () => {
      if (++calls === 2) throw new Error('data went away');
      return closureFor(opt, params, f)();
    };
    expect(() => opt.step(failing)).toThrow('data went away');
    expect(params.map((p) => Array.from(p.data))).toEqual(x0);
    calls = 0;
    const infinite = () => {
      closureFor(opt, params, f)();
      return ++calls === 2 ? Number.POSITIVE_INFINITY : 1;
    };
    expectError(() => opt.step(infinite), 'NON_FINITE', 'LBFGS.step: the closure returned a non-finite loss (Infinity); the parameters and the L-BFGS state were restored');
    expect(params.map((p) => Array.from(p.data))).toEqual(x0);
    expect(opt.stateDict().state).toEqual({});
  });
});

describe('closures record a graph even inside noGrad (torch.enable_grad)', () => {
  it('LBFGS and SGD steps work when called under noGrad', async () => {
    const { noGrad, sum, mul, sub } = await import('@entropic/core');
    const { SGD } = await import('../src/index.js');
    const x = tensor([3, -2], { dtype: 'float64', requiresGrad: true });
    const f = () => sum(mul(sub(x, 1), sub(x, 1)));
    const lbfgs = new LBFGS([x], { lineSearch: 'strongWolfe' });
    noGrad(() => lbfgs.step(() => { lbfgs.zeroGrad(); const l = f(); l.backward(); return l; }));
    expect(Array.from(x.data).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 1]);
    const sgd = new SGD([x], { lr: 0.1 });
    noGrad(() => sgd.step(() => { sgd.zeroGrad(); const l = f(); l.backward(); return l; }));
    expect(x.grad).not.toBeNull();
  });
});
