/**
 * Newton-CG (truncated Newton), scikit-learn's `newton-cg` solver as an optimizer: each Newton
 * step solves H·d = −∇f by conjugate gradients, where every H·v is a Hessian-vector product
 * from autodiff (double backward through the closure's graph: no Hessian is ever built), then a
 * line search picks the step length. Exact in one step on a quadratic; quadratic convergence
 * near a minimum of a smooth loss, whatever loss the closure computes.
 */
import {
  EntropicError, type FloatArray, Tensor, describeValue, enableGrad, gradients, markModified, mul, opt, sum,
} from '@entropic/core';
import { type BaseOptions, type Closure, type OptionSchemaOf, Optimizer } from './optimizer.js';
import { type DirectionalObjective, dot, maxAbs, strongWolfe } from './line-search.js';
import { type JsonValue, decodeNumber } from './serialize.js';
import { isPlainObject } from './validate.js';

export interface NewtonCGOptions extends BaseOptions {
  /** The first trial step of the line search (the full Newton step is 1). Default 1. */
  lr: number;
  /** Newton iterations per `step()`. Default 20. */
  maxIter: number;
  /** Conjugate-gradient iterations per Newton step; null: 20 × the number of parameters (scipy's). */
  cgMaxIter: number | null;
  /**
   * CG stops when ‖H·d + ∇f‖ ≤ cgTol·‖∇f‖. null (default): the forcing term min(0.5, √‖∇f‖), which
   * solves loosely far from the minimum and ever more exactly near it (superlinear convergence).
   */
  cgTol: number | null;
  /** Stop when max|∇f| ≤ tol. Default 1e-7. */
  tol: number;
  /** `'armijo'` (backtracking by halves from `lr`, the default) or `'strongWolfe'`. */
  lineSearch: 'armijo' | 'strongWolfe';
}

/** Counters kept on the first parameter (as L-BFGS keeps its state). */
export interface NewtonCGState {
  /** Newton iterations, closure evaluations and Hessian-vector products so far. */
  nIter: number;
  /** Closure evaluations so far. */
  funcEvals: number;
  /** Hessian-vector products so far. */
  hvpEvals: number;
}

const SCHEMA: OptionSchemaOf<NewtonCGOptions> = {
  lr: opt.number({ gt: 0, default: 1 }),
  maxIter: opt.number({ integer: true, min: 1, default: 20 }),
  cgMaxIter: opt.custom<number | null>('an integer >= 1 or null', (v): v is number | null => v === null || (Number.isInteger(v) && (v as number) >= 1), { default: null }),
  cgTol: opt.custom<number | null>('a number in (0, 1) or null', (v): v is number | null => v === null || (typeof v === 'number' && v > 0 && v < 1), { default: null }),
  tol: opt.number({ min: 0, default: 1e-7 }),
  lineSearch: opt.oneOf(['armijo', 'strongWolfe'] as const, { default: 'armijo' }),
};

/** Armijo's sufficient-decrease constant and the most halvings tried. */
const C1 = 1e-4;
const MAX_LS = 30;

/**
 * `new NewtonCG(params, { lr = 1, maxIter = 20, cgMaxIter, cgTol, tol = 1e-7, lineSearch = 'armijo' })`,
 * then `step(closure)` where the closure evaluates the objective from the parameters and returns
 * it as a scalar Tensor (it may zero gradients and call `backward()` as for L-BFGS; that is not
 * needed). Runs up to `maxIter` Newton steps and returns the loss the closure gave at the start.
 * One parameter group.
 */
export class NewtonCG extends Optimizer<NewtonCGOptions, NewtonCGState> {
  private readonly flatSize: number;
  /** Whether the last `step()` stopped because max|∇f| ≤ tol. */
  converged = false;

  constructor(params: readonly Tensor[], options: Partial<NewtonCGOptions> = {}) {
    super('NewtonCG', params, options, { schema: SCHEMA });
    this.flatSize = this.paramGroups[0]!.params.reduce((n, p) => n + p.size, 0);
  }

  override addParamGroup(group: Parameters<Optimizer<NewtonCGOptions, NewtonCGState>['addParamGroup']>[0]): void {
    if (this.paramGroups.length > 0) throw new EntropicError('VALUE', 'NewtonCG', 'expected a single parameter group (Newton steps couple every parameter), got a second one');
    super.addParamGroup(group);
  }

  /** Newton iterations, closure evaluations and Hessian-vector products since construction. */
  get counts(): NewtonCGState {
    return { ...this.current() };
  }

  private current(): NewtonCGState {
    return this.state.get(this.paramGroups[0]!.params[0]!) ?? { nIter: 0, funcEvals: 0, hvpEvals: 0 };
  }

  private params(): Tensor[] {
    return this.paramGroups[0]!.params;
  }

  private flat(values: readonly Tensor[]): Float64Array {
    const out = new Float64Array(this.flatSize);
    let offset = 0;
    for (const v of values) {
      out.set(v.data, offset);
      offset += v.size;
    }
    return out;
  }

  /** θ ← x + t·d (a tracked in-place change of every parameter). */
  private moveTo(x: Float64Array, t: number, d: Float64Array | null): void {
    let offset = 0;
    for (const p of this.params()) {
      const data = p.data as FloatArray;
      for (let j = 0; j < data.length; j++) data[j] = x[offset + j]! + (d === null ? 0 : t * d[offset + j]!);
      markModified(p);
      offset += data.length;
    }
  }

  /** The closure's loss (recorded, even inside noGrad) and its value. */
  private evaluate(fn: string, closure: Closure): { loss: Tensor; f: number } {
    const loss = enableGrad(closure);
    if (!(loss instanceof Tensor) || loss.size !== 1) {
      throw new EntropicError('TYPE', fn, `expected the closure to return the loss as a scalar Tensor (its graph gives the Hessian-vector products), got ${describeValue(loss)}`);
    }
    const f = loss.data[0]!;
    if (!Number.isFinite(f)) throw new EntropicError('NON_FINITE', fn, `the closure returned a non-finite loss (${f}); the parameters were restored`);
    if (!loss.requiresGrad) throw new EntropicError('AUTOGRAD', fn, 'expected a loss computed from the parameters (it does not require grad)');
    return { loss, f };
  }

  /** ∇f as tensors with their graph (for Hessian-vector products) and flat. */
  private gradient(fn: string, loss: Tensor): { g: Tensor[]; flat: Float64Array } {
    const g = gradients(loss, this.params(), { createGraph: true });
    const flat = this.flat(g);
    const at = flat.findIndex((v) => !Number.isFinite(v));
    if (at >= 0) throw new EntropicError('NON_FINITE', fn, `the gradient is not finite (${flat[at]} at flat element ${at}); the parameters were restored`);
    return { g, flat };
  }

  /** H·v by double backward: the gradient of ⟨∇f, v⟩. */
  private hessianTimes(g: readonly Tensor[], v: Float64Array): Float64Array {
    const params = this.params();
    let offset = 0;
    const terms = g.map((gi, i) => {
      const p = params[i]!;
      const vi = Tensor.fromData(p.dtype === 'float64' ? v.slice(offset, offset + p.size) : Float32Array.from(v.subarray(offset, offset + p.size)), p.shape.slice());
      offset += p.size;
      return sum(mul(gi, vi));
    });
    const inner = enableGrad(() => terms.reduce((a, b) => a.add(b)));
    return this.flat(gradients(inner, params));
  }

  /**
   * Conjugate gradients on H·d = −∇f from d = 0, stopping on the residual or on non-positive
   * curvature (then the last iterate, or −∇f at the first iteration: a descent direction either way).
   */
  private solve(g: readonly Tensor[], grad: Float64Array, state: NewtonCGState, group: NewtonCGOptions): Float64Array {
    const n = grad.length;
    const d = new Float64Array(n);
    const r = Float64Array.from(grad); // residual H·d + ∇f
    const p = Float64Array.from(grad, (v) => -v);
    let rr = dot(r, r);
    const gNorm = Math.sqrt(rr);
    const forcing = group.cgTol ?? Math.min(0.5, Math.sqrt(gNorm));
    const maxCg = group.cgMaxIter ?? 20 * n;
    for (let k = 0; k < maxCg && Math.sqrt(rr) > forcing * gNorm; k++) {
      const Hp = this.hessianTimes(g, p);
      state.hvpEvals++;
      const curvature = dot(p, Hp);
      // Non-positive curvature (or rounding-level): the quadratic model has no minimum along p.
      if (!(curvature > 1e-14 * dot(p, p))) {
        if (k === 0) return Float64Array.from(grad, (v) => -v);
        break;
      }
      const alpha = rr / curvature;
      for (let i = 0; i < n; i++) {
        d[i] = d[i]! + alpha * p[i]!;
        r[i] = r[i]! + alpha * Hp[i]!;
      }
      const rrNext = dot(r, r);
      const beta = rrNext / rr;
      for (let i = 0; i < n; i++) p[i] = -r[i]! + beta * p[i]!;
      rr = rrNext;
    }
    return d;
  }

  /**
   * Runs up to `maxIter` Newton-CG iterations. On any error (the closure throws, a non-finite
   * loss or gradient) the parameters and counters are restored, and the error is rethrown.
   */
  step(closure?: Closure): Tensor {
    const fn = 'NewtonCG.step';
    if (typeof closure !== 'function') {
      throw new EntropicError('TYPE', fn, `expected a closure () => loss that evaluates the objective, got ${describeValue(closure)}`);
    }
    this.checkGroups(fn);
    const saved = this.flat(this.params());
    try {
      return this.iterate(fn, closure);
    } catch (e) {
      this.moveTo(saved, 0, null);
      throw e;
    }
  }

  private iterate(fn: string, closure: Closure): Tensor {
    const group = this.paramGroups[0]!;
    const state = { ...this.current() };
    this.converged = false;
    let current = this.evaluate(fn, closure);
    state.funcEvals++;
    const start = current.loss;
    for (let it = 0; it < group.maxIter; it++) {
      const { g, flat: grad } = this.gradient(fn, current.loss);
      if (maxAbs(grad) <= group.tol) {
        this.converged = true;
        break;
      }
      state.nIter++;
      let d = this.solve(g, grad, state, group);
      let gtd = dot(grad, d);
      if (!(gtd < 0)) {
        d = Float64Array.from(grad, (v) => -v);
        gtd = -dot(grad, grad);
      }
      const x = this.flat(this.params());
      const found = group.lineSearch === 'armijo'
        ? this.armijo(fn, closure, x, d, current.f, gtd, group.lr, state)
        : this.wolfe(fn, closure, x, d, current.f, grad, gtd, group.lr, state);
      if (found === null) {
        // No decrease along d within rounding: we are as close as float arithmetic allows.
        this.moveTo(x, 0, null);
        this.converged = maxAbs(grad) <= group.tol;
        break;
      }
      current = found;
    }
    if (!this.converged && state.nIter > 0) {
      // The last step's gradient decides: maxIter ran out at a point that may already be optimal.
      this.converged = maxAbs(this.flat(gradients(current.loss, this.params()))) <= group.tol;
    }
    this.state.set(group.params[0]!, state);
    return start;
  }

  /** Backtracking from t = lr by halves until f(x + t·d) ≤ f + c₁·t·∇fᵀd; null when none is found. */
  private armijo(
    fn: string, closure: Closure, x: Float64Array, d: Float64Array, f: number, gtd: number, lr: number, state: NewtonCGState,
  ): { loss: Tensor; f: number } | null {
    let t = lr;
    for (let k = 0; k < MAX_LS; k++, t /= 2) {
      this.moveTo(x, t, d);
      const trial = this.evaluate(fn, closure);
      state.funcEvals++;
      if (trial.f <= f + C1 * t * gtd) return trial;
    }
    return null;
  }

  /** optim's strong-Wolfe search (first-order gradients at the trial points), then the accepted point again. */
  private wolfe(
    fn: string, closure: Closure, x: Float64Array, d: Float64Array, f: number, grad: Float64Array, gtd: number, lr: number,
    state: NewtonCGState,
  ): { loss: Tensor; f: number } | null {
    const obj: DirectionalObjective = (t) => {
      this.moveTo(x, t, d);
      const trial = this.evaluate(fn, closure);
      state.funcEvals++;
      return { f: trial.f, g: this.flat(gradients(trial.loss, this.params())) };
    };
    const found = strongWolfe(obj, lr, d, f, grad, gtd);
    if (!(found.f < f)) return null;
    this.moveTo(x, found.t, d);
    const accepted = this.evaluate(fn, closure);
    state.funcEvals++;
    return accepted;
  }

  protected encodeState(s: NewtonCGState): { [field: string]: JsonValue } {
    return { nIter: s.nIter, funcEvals: s.funcEvals, hvpEvals: s.hvpEvals };
  }

  protected decodeState(fn: string, where: string, json: unknown, param: Tensor): NewtonCGState {
    if (param !== this.paramGroups[0]!.params[0]) throw new EntropicError('FORMAT', fn, `NewtonCG keeps its counters on parameter 0, got state at ${where}`);
    if (!isPlainObject(json)) throw new EntropicError('FORMAT', fn, `expected an object at ${where}, got ${describeValue(json)}`);
    const count = (key: string): number => {
      const v = decodeNumber(fn, `${where}.${key}`, json[key]);
      if (!Number.isInteger(v) || v < 0) throw new EntropicError('FORMAT', fn, `expected an integer >= 0 at ${where}.${key}, got ${describeValue(json[key])}`);
      return v;
    };
    for (const key of Object.keys(json)) {
      if (!['nIter', 'funcEvals', 'hvpEvals'].includes(key)) throw new EntropicError('FORMAT', fn, `unknown field '${key}' at ${where}; expected nIter, funcEvals, hvpEvals`);
    }
    return { nIter: count('nIter'), funcEvals: count('funcEvals'), hvpEvals: count('hvpEvals') };
  }
}
