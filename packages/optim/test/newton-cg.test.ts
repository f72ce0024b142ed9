/**
 * NewtonCG: exact on quadratics in one step, scikit-learn's logistic / softmax regression optima
 * (sklearn.json) in far fewer iterations than L-BFGS, a non-convex problem, any loss (defineLoss),
 * and the errors. Also: an optimizer step is a tracked in-place change.
 */
import { describe, expect, it } from 'vitest';
import {
  type Tensor, add, isEntropicError, markModified, matmul, mul, pow, softplus, sub, sum, tensor, transpose,
} from '@entropic/core';
import { binaryCrossEntropyWithLogits, crossEntropy, defineLoss } from '@entropic/loss';
import { LBFGS, NewtonCG, SGD } from '../src/index.js';
import { type JsonTensor, fromJson, loadCases } from './conformance.js';

const f64 = (values: number[], shape: number[], requiresGrad = false) => tensor(values, { dtype: 'float64', shape, requiresGrad });

function errorOf(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: isEntropicError(e) ? e.code : undefined, message: String((e as Error).message) };
  }
  throw new Error('expected a throw');
}

/** Solves A x = b by Gaussian elimination (the reference for the quadratic). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

describe('NewtonCG on quadratics', () => {
  // A = BᵀB + I (symmetric positive definite), f = ½ xᵀA x − bᵀx, minimum at A⁻¹b.
  const B = [[1, 2, 0, -1, 0.5], [0.3, -1, 2, 0, 1], [2, 0.1, -0.5, 1, 0], [0, 1, 1, 1, -2], [1, -1, 0.5, 0.2, 0.7]];
  const A = B.map((_, i) => B.map((__, j) => B.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? 1 : 0)));
  const b = [1, -2, 0.5, 3, -1];
  const At = f64(A.flat(), [5, 5]);
  const bt = f64(b, [5]);
  const f = (x: Tensor) => sub(mul(sum(mul(x, matmul(At, x))), 0.5), sum(mul(bt, x)));
  const xStar = solve(A, b);

  it('one Newton step with an exact CG solve lands on A⁻¹b', () => {
    const x = f64([0, 0, 0, 0, 0], [5], true);
    const opt = new NewtonCG([x], { maxIter: 1, cgTol: 1e-14 });
    opt.step(() => f(x));
    Array.from(x.data).forEach((v, i) => {
      expect(v).toBeCloseTo(xStar[i]!, 10);
    });
    expect(opt.counts.nIter).toBe(1);
    expect(opt.counts.hvpEvals).toBeLessThanOrEqual(5); // CG on a 5×5 system: at most 5 products
    expect(opt.counts.funcEvals).toBe(2); // the start and the accepted full step
  });

  it('with the default forcing term it converges to tol in a few steps; parameters split over tensors work', () => {
    const x1 = f64([3, -3], [2], true);
    const x2 = f64([1, 1, 1], [3], true);
    const opt = new NewtonCG([x1, x2], { tol: 1e-12 });
    opt.step(() => f(add(pad(x1, 0, 3), pad(x2, 2, 0))));
    expect(opt.converged).toBe(true);
    expect(opt.counts.nIter).toBeLessThanOrEqual(10);
    [...x1.data, ...x2.data].forEach((v, i) => {
      expect(v).toBeCloseTo(xStar[i]!, 10);
    });
  });

  it('a converged point stays put (the gradient test comes first)', () => {
    const x = f64(xStar, [5], true);
    const opt = new NewtonCG([x], { tol: 1e-9 });
    opt.step(() => f(x));
    expect(opt.converged).toBe(true);
    expect(opt.counts.nIter).toBe(0);
    expect(Array.from(x.data)).toEqual(xStar);
  });
});

/** [zeros(before), x, zeros(after)] as one vector, built with matmul so gradients flow. */
function pad(x: Tensor, before: number, after: number): Tensor {
  const n = x.size;
  const m = before + n + after;
  const E = new Array<number>(m * n).fill(0);
  for (let i = 0; i < n; i++) E[(before + i) * n + i] = 1;
  return matmul(f64(E, [m, n]), x);
}

interface SklearnCase {
  name: string;
  model: 'LogisticRegression' | 'SoftmaxRegression';
  n: number;
  d: number;
  classes: number;
  l2: number;
  objective: number;
  coef: JsonTensor;
  intercept: JsonTensor;
  X: JsonTensor;
  y: JsonTensor;
}

function centred(values: ArrayLike<number>): number[] {
  const m = Array.from(values).reduce((s, v) => s + v, 0) / values.length;
  return Array.from(values, (v) => v - m);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  return Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
}

describe('NewtonCG reaches the sklearn.json optima (mean cross-entropy + (l2/2)‖W‖², intercept free)', () => {
  const cases = loadCases<SklearnCase>('sklearn.json');

  for (const c of cases) {
    it(`${c.name}: coef and intercept within 1e-4, in fewer iterations than L-BFGS`, () => {
      const X = fromJson(c.X);
      const y = fromJson(c.y);
      const binary = c.model === 'LogisticRegression';
      const yFloat = tensor(Array.from(y.data), { dtype: 'float64' });
      const yIndex = tensor(Array.from(y.data), { dtype: 'int32' });
      const make = () => {
        const W = binary ? f64(new Array(c.d).fill(0), [c.d], true) : f64(new Array(c.classes * c.d).fill(0), [c.classes, c.d], true);
        const b = binary ? f64([0], [1], true) : f64(new Array(c.classes).fill(0), [c.classes], true);
        const objective = () => {
          const penalty = mul(sum(pow(W, 2)), c.l2 / 2);
          const data = binary
            ? binaryCrossEntropyWithLogits(add(matmul(X, W), b), yFloat)
            : crossEntropy(add(matmul(X, transpose(W)), b), yIndex);
          return add(data, penalty);
        };
        return { W, b, objective };
      };

      const newton = make();
      const opt = new NewtonCG([newton.W, newton.b], { tol: 1e-10, maxIter: 50 });
      opt.step(newton.objective);
      expect(opt.converged).toBe(true);
      expect(maxDiff(newton.W.data, fromJson(c.coef).data)).toBeLessThanOrEqual(1e-4);
      const intercept = fromJson(c.intercept).data;
      if (binary) expect(maxDiff(newton.b.data, intercept)).toBeLessThanOrEqual(1e-4);
      else expect(maxDiff(centred(newton.b.data), centred(intercept))).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(newton.objective().item() - c.objective)).toBeLessThanOrEqual(1e-10);

      // L-BFGS (strong Wolfe) to the same gradient tolerance, for comparison.
      const quasi = make();
      const lbfgs = new LBFGS([quasi.W, quasi.b], { lineSearch: 'strongWolfe', maxIter: 2000, maxEval: 5000, toleranceGrad: 1e-10, toleranceChange: 0 });
      lbfgs.step(() => {
        lbfgs.zeroGrad();
        const l = quasi.objective();
        l.backward();
        return l;
      });
      const lbfgsIter = (lbfgs.stateDict().state['0'] as { nIter: number }).nIter;
      expect(maxDiff(quasi.W.data, fromJson(c.coef).data)).toBeLessThanOrEqual(1e-4);
      // Newton's quadratic convergence: a handful of iterations where L-BFGS needs dozens.
      expect(opt.counts.nIter).toBeLessThanOrEqual(15);
      expect(opt.counts.nIter * 3).toBeLessThan(lbfgsIter);
      console.info(`${c.name}: newton-cg ${opt.counts.nIter} iterations (${opt.counts.hvpEvals} Hessian-vector products, ${opt.counts.funcEvals} evaluations), lbfgs ${lbfgsIter} iterations`);
    });
  }
});

describe('NewtonCG beyond convex quadratics', () => {
  it('Rosenbrock from (−1.2, 1): negative curvature handled, reaches (1, 1)', () => {
    const x = f64([-1.2, 1], [2], true);
    const rosenbrock = () => {
      const [a, b] = [x.slice([0], [1]), x.slice([1], [2])];
      return sum(add(pow(sub(1, a), 2), mul(pow(sub(b, pow(a, 2)), 2), 100)));
    };
    const opt = new NewtonCG([x], { maxIter: 100, tol: 1e-10 });
    opt.step(rosenbrock);
    expect(opt.converged).toBe(true);
    expect(x.data[0]).toBeCloseTo(1, 8);
    expect(x.data[1]).toBeCloseTo(1, 8);
  });

  it('any loss: a defineLoss loss (log-cosh regression) with the strong-Wolfe line search', () => {
    // log cosh r = r + softplus(−2r) − log 2, stable for large |r|.
    const logCosh = defineLoss({ name: 'logCoshNewton', register: false, elementwise: (p, t) => {
      const r = sub(p, t);
      return sub(add(r, softplus(mul(r, -2))), Math.LN2);
    } });
    const X = f64([1, 0.5, -1, 2, 0.3, 1, -0.7, 1.5, 2, -1, 0.1, 0.4], [6, 2]);
    const t = f64([1, -2, 0.5, 3, 0, 1], [6]);
    const w = f64([0, 0], [2], true);
    const opt = new NewtonCG([w], { lineSearch: 'strongWolfe', tol: 1e-10, maxIter: 50 });
    opt.step(() => logCosh(matmul(X, w), t));
    expect(opt.converged).toBe(true);
    // At the optimum the gradient vanishes: check it independently with backward().
    const l = logCosh(matmul(X, w), t);
    l.backward();
    expect(Math.max(...Array.from(w.grad!.data, Math.abs))).toBeLessThan(1e-9);
  });

  it('float32 parameters work (vectors in float64, stores rounded)', () => {
    const x = tensor([2, -1], { requiresGrad: true });
    const opt = new NewtonCG([x], { tol: 1e-4 });
    opt.step(() => sum(add(pow(sub(x, tensor([0.5, 0.25])), 2), pow(x, 4))));
    expect(opt.converged).toBe(true);
  });
});

describe('NewtonCG errors and state', () => {
  it('refuses a closure that returns a number, a non-function, unknown options (naming the closest), a second group', () => {
    const x = f64([1, 2], [2], true);
    const opt = new NewtonCG([x]);
    expect(errorOf(() => opt.step(() => 3)).code).toBe('TYPE');
    expect(errorOf(() => opt.step()).code).toBe('TYPE');
    expect(errorOf(() => new NewtonCG([x], { maxIters: 3 } as never)).message).toMatch(/did you mean 'maxIter'/);
    expect(errorOf(() => new NewtonCG([x], { lineSearch: 'wolfe' as never })).code).toBe('OPTION');
    expect(errorOf(() => new NewtonCG([x], { cgTol: 2 })).code).toBe('OPTION');
    expect(errorOf(() => opt.addParamGroup({ params: [f64([1], [1], true)] })).code).toBe('VALUE');
  });

  it('a non-finite loss restores the parameters and throws NON_FINITE', () => {
    const x = f64([1, 2], [2], true);
    const opt = new NewtonCG([x]);
    let calls = 0;
    const e = errorOf(() => opt.step(() => (++calls > 1 ? mul(sum(x), Number.NaN) : sum(pow(x, 2)))));
    expect(e.code).toBe('NON_FINITE');
    expect(Array.from(x.data)).toEqual([1, 2]);
  });

  it('stateDict round-trips the counters', () => {
    const x = f64([1, 2], [2], true);
    const opt = new NewtonCG([x]);
    opt.step(() => sum(pow(sub(x, 3), 2)));
    const again = new NewtonCG([x]);
    again.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict())));
    expect(again.counts).toEqual(opt.counts);
  });
});

describe('optimizer steps are tracked in-place changes', () => {
  it('a graph recorded before SGD.step() refuses to backpropagate (PyTorch: modified by an inplace operation)', () => {
    const a = f64([1, 2, 3], [3], true);
    const b = f64([4, 5, 6], [3], true);
    const opt = new SGD([b], { lr: 0.1 });
    const y = sum(mul(a, b));
    sum(mul(b, b)).backward();
    opt.step();
    expect(b.version).toBe(1);
    const e = errorOf(() => y.backward());
    expect(e.code).toBe('STATE');
    expect(e.message).toMatch(/'mul'/);
    expect(e.message).toMatch(/shape \[3\]/);
  });

  it('LBFGS marks its parameters too; markModified is what they call', () => {
    const x = f64([1, 2], [2], true);
    const opt = new LBFGS([x], { maxIter: 2 });
    opt.step(() => { opt.zeroGrad(); const l = sum(pow(x, 2)); l.backward(); return l; });
    expect(x.version).toBeGreaterThan(0);
    const v = x.version;
    markModified(x);
    expect(x.version).toBe(v + 1);
  });
});
