/**
 * Higher-order autodiff: composable transforms, hessian / jacobian / hvp against PyTorch
 * (`autograd.json`) and against closed forms, backward with createGraph, and the errors that
 * replace silent zeros.
 */
import { describe, expect, it } from 'vitest';
import {
  type Tensor, add, exp, full, gradients, grad, hessian, hvp, isEntropicError, jacobian, log, logSoftmax, matmul, mean,
  mul, noGrad, pow, record, reshape, sigmoid, softmax, softplus, sub, sum, tensor, transpose, valueAndGrad,
} from '../src/index.js';
import { type JsonTensor, compare, fromJson, loadCases } from './conformance.js';
import { type Expr, evaluate } from './expr.js';

interface FunctionCase {
  name: string;
  kind: 'hessian' | 'hvp' | 'jacobian' | 'nested';
  inputs?: Record<string, JsonTensor>;
  expr: Expr;
  x: JsonTensor;
  v?: JsonTensor;
  order?: number;
  value: JsonTensor;
}

const cases = loadCases<FunctionCase>('autograd.json');
const f64 = (values: number[], shape: number[], requiresGrad = false) => tensor(values, { dtype: 'float64', shape, requiresGrad });
const values = (t: Tensor | null) => Array.from(t!.data);

function close(actual: Tensor | null, expected: number[], tol = 1e-12): void {
  expect(actual).not.toBeNull();
  const a = values(actual);
  expect(a.length).toBe(expected.length);
  a.forEach((v, i) => {
    expect(Math.abs(v - expected[i]!), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i]!)));
  });
}

function errorOf(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: isEntropicError(e) ? e.code : undefined, message: String((e as Error).message) };
  }
  throw new Error('expected a throw');
}

describe('autograd.json: hessian, hvp, jacobian and nested gradients against PyTorch (float64)', () => {
  const fnCases = cases.filter((c) => ['hessian', 'hvp', 'jacobian', 'nested'].includes(c.kind));
  it('has the cases', () => expect(fnCases.length).toBeGreaterThanOrEqual(38));
  for (const c of fnCases) {
    it(c.name, () => {
      const consts = Object.fromEntries(Object.entries(c.inputs ?? {}).map(([k, t]) => [k, fromJson(t)]));
      const f = (v: Tensor) => evaluate(c.expr, { ...consts, x: v }) as Tensor;
      const x = fromJson(c.x);
      let got: Tensor;
      if (c.kind === 'hessian') got = hessian(f)(x);
      else if (c.kind === 'hvp') got = hvp(f)(x, fromJson(c.v!));
      else if (c.kind === 'jacobian') got = jacobian(f)(x);
      else {
        // grad(v ↦ Σ grad(…)(v)), `order` levels deep.
        let g = f;
        for (let k = 1; k < c.order!; k++) {
          const inner = g;
          g = (v: Tensor) => sum(grad(inner)(v)[0]!);
        }
        got = grad(g)(x)[0]!;
      }
      expect(compare(got, c.value, 1e-9, 1e-7)).toBeNull();
    });
  }
});

describe('transforms compose', () => {
  const cubes = (v: Tensor) => sum(pow(v, 3));

  it('grad(v ↦ Σ grad(f)(v)) with f = Σx³ at [1, 2] is [6, 12]', () => {
    const x = f64([1, 2], [2]);
    close(grad((v) => sum(grad(cubes)(v)[0]!))(x)[0]!, [6, 12]);
  });

  it('the inner transform records when it captures the outer variable', () => {
    // g(x) = Σ_i ∂/∂c_i Σ(c·x)² at c = 1 = Σ 2x·(c·x) → dg/dx = 4·c²·x.
    const c = f64([1, 1, 1], [3]);
    const x = f64([0.5, -1, 2], [3]);
    const outer = grad((v) => sum(grad((cc) => sum(pow(mul(cc, v), 2)))(c)[0]!))(x)[0]!;
    close(outer, [2, -4, 8]);
  });

  it('valueAndGrad inside grad: the value and the gradient stay differentiable', () => {
    const x = f64([0.3, -0.7], [2]);
    const [g] = grad((v) => {
      const [value, [dv]] = valueAndGrad(cubes)(v);
      return add(value, sum(dv!)); // Σx³ + Σ3x² → 3x² + 6x
    })(x);
    close(g!, [3 * 0.09 + 1.8, 3 * 0.49 - 4.2]);
  });

  it('third order: hessian of grad, and jacobian of jacobian', () => {
    const x = f64([0.4, -1.1], [2]);
    const quartic = (v: Tensor) => sum(pow(v, 4));
    // ∂³/∂x³ Σx⁴ = 24x on the diagonal of the diagonal.
    const third = jacobian((v) => hessian(quartic)(v))(x);
    expect(third.shape).toEqual([2, 2, 2]);
    close(third, [24 * 0.4, 0, 0, 0, 0, 0, 0, 24 * -1.1]);
  });

  it('transforms differentiate inside noGrad (as torch.func.grad)', () => {
    const x = f64([1, 2], [2]);
    close(noGrad(() => grad(cubes)(x)[0]!), [3, 12]);
    close(noGrad(() => hessian(cubes)(x)), [6, 0, 0, 12]);
  });

  it('grad of an argument that requires grad is differentiable with respect to it (torch.func)', () => {
    const w = f64([1, 2], [2], true);
    const [g] = grad(cubes)(w);
    close(g!, [3, 12]);
    sum(g!).backward();
    close(w.grad, [6, 12]);
  });

  it('a plain grad records nothing: the gradient has no graph', () => {
    const [g] = grad(cubes)(f64([1, 2], [2]));
    expect(g!.requiresGrad).toBe(false);
  });
});

describe('side-effect free transforms', () => {
  it('grad and valueAndGrad leave every .grad as it was, captured tensors included', () => {
    const w = f64([0.5, -0.25], [2], true);
    const x = f64([1, 2], [2], true);
    const f = (v: Tensor) => sum(mul(pow(v, 2), w));
    close(grad(f)(x)[0]!, [1, -1]);
    const [value, [gx]] = valueAndGrad(f)(x);
    expect(value.item()).toBeCloseTo(0.5 - 1, 12);
    close(gx!, [1, -1]);
    hessian(f)(x);
    hvp(f)(x, f64([1, 1], [2]));
    jacobian((v) => mul(v, w))(x);
    expect(w.grad).toBeNull();
    expect(x.grad).toBeNull();
    // A gradient already there stays untouched.
    w.grad = f64([7, 7], [2]);
    grad(f)(x);
    close(w.grad, [7, 7]);
  });

  it('an argument the output does not depend on gets zeros, int32 arguments null', () => {
    const [a, b, c] = grad((u, _v) => sum(u))(f64([1, 2], [2]), f64([3], [1]), tensor([1], { dtype: 'int32' }));
    close(a!, [1, 1]);
    close(b!, [0]);
    expect(c).toBeNull();
  });

  it('gradients(output, inputs) is torch.autograd.grad', () => {
    const x = f64([1, 2, 3], [3], true);
    const y = mul(x, x);
    const [gx] = gradients(y, [x], { gradOutput: f64([1, 0, -1], [3]) });
    close(gx!, [2, 0, -6]);
    expect(x.grad).toBeNull();
    const [g1] = gradients(sum(pow(x, 3)), [x], { createGraph: true });
    const [g2] = gradients(sum(g1!), [x]);
    close(g2!, [6, 12, 18]);
    expect(errorOf(() => gradients(y, [x])).code).toBe('SHAPE');
    expect(errorOf(() => gradients(sum(y), [x], { creatGraph: true } as never)).message).toMatch(/did you mean 'createGraph'/);
  });
});

describe('backward with createGraph', () => {
  it('records the backward pass: x.grad can be differentiated again', () => {
    const x = f64([1, -2], [2], true);
    sum(pow(x, 3)).backward(undefined, { createGraph: true });
    const g = x.grad!;
    close(g, [3, 12]);
    expect(g.requiresGrad).toBe(true);
    x.grad = null;
    sum(g).backward();
    close(x.grad, [6, -12]);
  });

  it('without createGraph the gradient is a plain tensor', () => {
    const x = f64([1, -2], [2], true);
    sum(pow(x, 3)).backward();
    expect(x.grad!.requiresGrad).toBe(false);
  });

  it('a hand-written backward is once-differentiable: its second derivative throws, first order works', () => {
    const cube = (v: Tensor) =>
      record('handCube', f64(Array.from(v.data, (a) => a ** 3), [...v.shape]), [v], (g) => [f64(Array.from(g.data, (a, i) => 3 * a * v.data[i]! ** 2), [...v.shape])]);
    const x = f64([1, 2], [2]);
    close(grad((v) => sum(cube(v)))(x)[0]!, [3, 12]);
    const e = errorOf(() => hessian((v) => sum(cube(v)))(x));
    expect(e.code).toBe('AUTOGRAD');
    expect(e.message).toMatch(/handCube/);
    // Declared higher-order with a backward in core ops: it differentiates again.
    const cube2 = (v: Tensor) => record('cube', pow(v, 3).detach(), [v], (g) => [mul(g, mul(pow(v, 2), 3))], { higherOrder: true });
    close(hessian((v) => sum(cube2(v)))(x), [6, 0, 0, 12]);
  });
});

describe('the backward pass over shared and repeated tensors', () => {
  it('a target listed twice gets its gradient twice', () => {
    const x = f64([1, 2], [2], true);
    const [a, b] = gradients(sum(mul(x, x)), [x, x]);
    close(a!, [2, 4]);
    close(b!, [2, 4]);
  });

  it('a backward that runs another backward over the same nodes does not disturb the outer pass', () => {
    const x = f64([1, 2], [2], true);
    const h = mul(x, x);
    const k = sum(mul(h, 3));
    const inner = (v: Tensor) =>
      record('inner', v.detach(), [v], (g) => {
        // Differentiates through h's node while the outer pass still has h to visit.
        const [gx] = gradients(k, [x]);
        close(gx!, [6, 12]);
        return [g];
      }, { higherOrder: true });
    sum(add(inner(h), h)).backward();
    close(x.grad, [4, 8]);
  });
});

describe('Hessians against closed forms', () => {
  const X = f64([0.5, -1.2, 0.3, 2.0, 0.1, -0.4, -1.5, 0.8, 1.1, 0.7, -0.9, 0.2, 0.05, 1.3, -0.6], [5, 3]);
  const n = 5;
  const d = 3;
  const row = (i: number) => [0, 1, 2].map((j) => X.data[i * d + j]!);

  it('logistic loss: Xᵀ diag(p(1 − p)) X / n', () => {
    const y = f64([1, 0, 0, 1, 1], [5]);
    const w = f64([0.2, -0.5, 0.7], [3]);
    const loss = (v: Tensor) => { const z = matmul(X, v); return mean(sub(softplus(z), mul(y, z))); };
    const p = values(noGrad(() => sigmoid(matmul(X, w))));
    const expected = new Array<number>(d * d).fill(0);
    for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) expected[a * d + b]! += (row(i)[a]! * row(i)[b]! * p[i]! * (1 - p[i]!)) / n;
    close(hessian(loss)(w), expected, 1e-12);
  });

  it('softmax cross-entropy: block form (diag(p) − p pᵀ) ⊗ x xᵀ averaged over samples', () => {
    const K = 3;
    const labels = [0, 2, 1, 1, 0];
    const Y = f64(labels.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))), [5, 3]);
    const W = f64([0.1, -0.3, 0.2, 0.5, 0.0, -0.4, -0.2, 0.3, 0.6], [3, 3]); // [d, K]
    const loss = (v: Tensor) => mean(mul(sum(mul(Y, logSoftmax(matmul(X, v), { axis: 1 })), { axis: 1 }), -1));
    const P = values(noGrad(() => softmax(matmul(X, W), { axis: 1 })));
    // H[(a, k), (b, l)] = Σ_i x_ia x_ib (p_ik δ_kl − p_ik p_il) / n, W indexed [a, k].
    const expected = new Array<number>(d * K * d * K).fill(0);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) for (let k = 0; k < K; k++) for (let b = 0; b < d; b++) for (let l = 0; l < K; l++) {
        const pk = P[i * K + k]!;
        const pl = P[i * K + l]!;
        expected[((a * K + k) * d + b) * K + l]! += (row(i)[a]! * row(i)[b]! * (pk * (k === l ? 1 : 0) - pk * pl)) / n;
      }
    }
    const H = hessian(loss)(W);
    expect(H.shape).toEqual([3, 3, 3, 3]);
    close(H, expected, 1e-12);
  });

  it('mean squared error: 2 XᵀX / n, whatever the point', () => {
    const y = f64([0.3, -1, 2, 0.5, 0], [5]);
    const loss = (v: Tensor) => mean(pow(sub(matmul(X, v), y), 2));
    const expected = new Array<number>(d * d).fill(0);
    for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) expected[a * d + b]! += (2 * row(i)[a]! * row(i)[b]!) / n;
    close(hessian(loss)(f64([1, 2, 3], [3])), expected, 1e-12);
    close(hessian(loss)(f64([-4, 0, 9], [3])), expected, 1e-12);
  });

  it('hvp equals hessian · v without building the Hessian', () => {
    const f = (v: Tensor) => add(sum(exp(mul(v, 0.5))), mul(sum(mul(v, sigmoid(v))), sum(pow(v, 2))));
    const x = f64([0.3, -0.8, 1.2, 0.1], [4]);
    const v = f64([1, -2, 0.5, 3], [4]);
    const H = hessian(f)(x);
    const Hv = reshape(matmul(H, v), [4]);
    close(hvp(f)(x, v), values(Hv), 1e-12);
    // Matrix-shaped variable too.
    const g = (m: Tensor) => sum(log(add(exp(matmul(m, transpose(m))), 1)));
    const m = f64([0.1, 0.2, -0.3, 0.4, 0.5, -0.6], [2, 3]);
    const u = f64([1, 0, -1, 2, 0.5, 0], [2, 3]);
    const Hm = reshape(hessian(g)(m), [6, 6]);
    close(hvp(g)(m, u), values(matmul(Hm, reshape(u, [6]))), 1e-12);
  });

  it('jacobian of softmax is diag(s) − s sᵀ', () => {
    const x = f64([0.5, -1, 2, 0.1], [4]);
    const s = values(softmax(x));
    const J = jacobian((v) => softmax(v))(x);
    expect(J.shape).toEqual([4, 4]);
    close(J, s.flatMap((si, i) => s.map((sj, j) => (i === j ? si : 0) - si * sj)), 1e-14);
  });

  it('shapes: jacobian [...f(x).shape, ...x.shape], hessian [...x.shape, ...x.shape]', () => {
    const x = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(jacobian((v) => sum(v, { axis: 0 }))(x).shape).toEqual([3, 2, 3]);
    expect(jacobian((v) => sum(v))(x).shape).toEqual([2, 3]);
    expect(hessian((v) => sum(pow(v, 3)))(x).shape).toEqual([2, 3, 2, 3]);
    expect(hvp((v) => sum(pow(v, 3)))(x, full([2, 3], 1, { dtype: 'float64' })).shape).toEqual([2, 3]);
  });

  it('errors: non-scalar hessian, v of another shape, a non-function', () => {
    const x = f64([1, 2], [2]);
    expect(errorOf(() => hessian((v) => mul(v, 2))(x)).code).toBe('SHAPE');
    expect(errorOf(() => hvp((v) => sum(v))(x, f64([1], [1]))).code).toBe('SHAPE');
    expect(errorOf(() => grad(3 as never)).code).toBe('TYPE');
    expect(errorOf(() => grad((v) => sum(v))(1 as never)).code).toBe('TYPE');
  });
});
