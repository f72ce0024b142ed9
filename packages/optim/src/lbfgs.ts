/**
 * L-BFGS, ported step for step from torch/optim/lbfgs.py (PyTorch 1.13): the two-loop recursion
 * over a limited history, fixed steps of `lr` or a strong-Wolfe line search, and PyTorch's
 * stopping tests. The history carries over from one `step(closure)` to the next.
 */
import { EntropicError, type FloatArray, type Tensor, backend, describeValue, enableGrad, markModified, opt } from '@entropic/core';
import { type BaseOptions, type Closure, type OptionSchemaOf, Optimizer, checkGradient, lossValue } from './optimizer.js';
import { type DirectionalObjective, dot, maxAbs, strongWolfe, sumAbs } from './line-search.js';
import { type JsonValue, decodeArray, decodeNumber, encodeArray, encodeNumber } from './serialize.js';
import { isPlainObject, lrRule, nonNegative } from './validate.js';

export interface LBFGSOptions extends BaseOptions {
  /** Step size: the fixed step without a line search, the first trial step with one. Default 1. */
  lr: number;
  /** Iterations per `step()`. Default 20. */
  maxIter: number;
  /** Objective evaluations per `step()`. Default floor(maxIter · 5 / 4). */
  maxEval: number;
  /** Stop when max|∇f| ≤ this. Default 1e-7. */
  toleranceGrad: number;
  /** Stop when a step or the change of the objective is below this. Default 1e-9. */
  toleranceChange: number;
  /** Curvature pairs kept. Default 100. */
  historySize: number;
  /** `'strongWolfe'`, or null for fixed steps of `lr` (the default, as PyTorch). */
  lineSearch: 'strongWolfe' | null;
}

/** L-BFGS's state (PyTorch keeps it on the first parameter; so does `stateDict()`). */
export interface LBFGSState {
  /** Objective evaluations so far. */
  funcEvals: number;
  /** Iterations so far. */
  nIter: number;
  /** The last search direction (null before the first step). */
  d: FloatArray | null;
  /** The last step length (null before the first step). */
  t: number | null;
  /** Gradient differences y, steps s and 1/(yᵀs), oldest first. */
  oldDirs: FloatArray[];
  /** The steps s of the history, oldest first. */
  oldStps: FloatArray[];
  /** 1 / (yᵀs) of each history pair. */
  ro: number[];
  /** Scale of the initial inverse Hessian, yᵀs / yᵀy. */
  hDiag: number;
  /** The gradient at the previous iterate, flattened over the parameters. */
  prevFlatGrad: FloatArray | null;
  /** The loss at the previous iterate. */
  prevLoss: number | null;
}

const positiveInteger = (d: number) => opt.number({ integer: true, min: 1, default: d });

/** L-BFGS's options; `maxEval` defaults to PyTorch's max_iter * 5 // 4 of the `maxIter` given. */
function lbfgsSchema(maxIter: unknown): OptionSchemaOf<LBFGSOptions> {
  // A bad maxIter is reported by its own rule; the maxEval default then does not matter.
  const iter = typeof maxIter === 'number' && Number.isInteger(maxIter) && maxIter >= 1 ? maxIter : 20;
  return {
    lr: lrRule({ default: 1 }),
    maxIter: positiveInteger(20),
    maxEval: positiveInteger(Math.floor((iter * 5) / 4)),
    toleranceGrad: nonNegative(1e-7),
    toleranceChange: nonNegative(1e-9),
    historySize: positiveInteger(100),
    lineSearch: opt.custom("'strongWolfe' or null", (v: unknown): v is 'strongWolfe' | null => v === 'strongWolfe' || v === null, { default: null }),
  };
}

function freshState(): LBFGSState {
  return { funcEvals: 0, nIter: 0, d: null, t: null, oldDirs: [], oldStps: [], ro: [], hDiag: 1, prevFlatGrad: null, prevLoss: null };
}

/**
 * `torch.optim.LBFGS`: `new LBFGS(params, { lr = 1, maxIter = 20, maxEval, toleranceGrad = 1e-7,
 * toleranceChange = 1e-9, historySize = 100, lineSearch })`, then `step(closure)` where the
 * closure zeroes the gradients, evaluates the objective, calls `backward()` and returns the loss.
 * One parameter group only, as PyTorch.
 */
export class LBFGS extends Optimizer<LBFGSOptions, LBFGSState> {
  private readonly flatSize: number;
  private readonly float64: boolean;

  constructor(params: readonly Tensor[], options: Partial<Omit<LBFGSOptions, 'lineSearch'>> & { lineSearch?: 'strongWolfe' | null } = {}) {
    super('LBFGS', params, options, { schema: lbfgsSchema((options as { maxIter?: unknown } | undefined)?.maxIter) });
    const all = this.paramGroups[0]!.params;
    this.flatSize = all.reduce((n, p) => n + p.size, 0);
    // One flat vector for all parameters, in the widest dtype among them (torch.cat promotes).
    this.float64 = all.some((p) => p.dtype === 'float64');
  }

  override addParamGroup(group: Parameters<Optimizer<LBFGSOptions, LBFGSState>['addParamGroup']>[0]): void {
    if (this.paramGroups.length > 0) throw new EntropicError('VALUE', 'LBFGS', 'expected a single parameter group (as PyTorch, L-BFGS has no per-parameter options), got a second one');
    super.addParamGroup(group);
  }

  private zeros(n: number): FloatArray {
    return this.float64 ? new Float64Array(n) : new Float32Array(n);
  }

  private gatherFlatGrad(fn: string): FloatArray {
    const out = this.zeros(this.flatSize);
    let offset = 0;
    this.paramGroups[0]!.params.forEach((p, i) => {
      const g = p.grad;
      if (g !== null) {
        checkGradient(fn, i, p, g);
        out.set(g.data, offset);
      }
      offset += p.size;
    });
    return out;
  }

  /** θ ← θ + t·d over the flat vector d. */
  private addGrad(t: number, d: FloatArray): void {
    let offset = 0;
    for (const p of this.paramGroups[0]!.params) {
      const x = p.data as FloatArray;
      backend().axpy(t, d.subarray(offset, offset + x.length), x);
      markModified(p);
      offset += x.length;
    }
  }

  private setParams(values: readonly FloatArray[]): void {
    this.paramGroups[0]!.params.forEach((p, i) => {
      p.data.set(values[i]!);
      markModified(p);
    });
  }

  /**
   * Runs up to `maxIter` L-BFGS iterations and returns the loss the closure gave at the start.
   * On any error (a closure that throws, a non-finite loss or gradient) the parameters and the
   * L-BFGS state are restored to what they were before the call, and the error is rethrown.
   */
  // Typed optional so LBFGS fits wherever `step(closure?)` is expected; calling it without one throws.
  step(closure?: Closure): Tensor | number {
    const fn = 'LBFGS.step';
    if (typeof closure !== 'function') {
      throw new EntropicError('TYPE', fn, `expected a closure () => loss that zeroes the gradients, evaluates the objective and calls backward(), got ${describeValue(closure)}`);
    }
    this.checkGroups(fn);
    const params = this.paramGroups[0]!.params;
    const saved = params.map((p) => p.data.slice() as FloatArray);
    try {
      return this.iterate(fn, closure);
    } catch (e) {
      this.setParams(saved);
      throw e;
    }
  }

  private evaluate(fn: string, closure: Closure): { loss: Tensor | number; f: number; g: FloatArray } {
    // The closure records a graph even when step() runs inside noGrad, as PyTorch's enable_grad.
    const loss = enableGrad(closure);
    const f = lossValue(fn, loss);
    const g = this.gatherFlatGrad(fn);
    if (!Number.isFinite(f)) throw new EntropicError('NON_FINITE', fn, `the closure returned a non-finite loss (${f}); the parameters and the L-BFGS state were restored`);
    return { loss, f, g };
  }

  private iterate(fn: string, closure: Closure): Tensor | number {
    const group = this.paramGroups[0]!;
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, lineSearch, historySize } = group;
    const first = group.params[0]!;
    const prev = this.state.get(first) ?? freshState();
    // Work on copies of the history lists: the state is only replaced once the step succeeded.
    let { funcEvals, nIter: stateIter, d, t, hDiag, prevFlatGrad, prevLoss } = prev;
    let oldDirs = prev.oldDirs.slice();
    let oldStps = prev.oldStps.slice();
    let ro = prev.ro.slice();

    const start = this.evaluate(fn, closure);
    let loss = start.f;
    let flatGrad = start.g;
    let currentEvals = 1;
    funcEvals += 1;
    let optCond = maxAbs(flatGrad) <= toleranceGrad;
    if (optCond) {
      this.state.set(first, { ...prev, funcEvals });
      return start.loss;
    }

    let nIter = 0;
    while (nIter < maxIter) {
      nIter += 1;
      stateIter += 1;

      // Search direction.
      if (stateIter === 1) {
        d = negate(flatGrad, this.zeros(this.flatSize));
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        const y = this.zeros(this.flatSize);
        const s = this.zeros(this.flatSize);
        y.set(flatGrad);
        axpy(y, -1, prevFlatGrad!); // g − g_prev
        axpy(s, t!, d!); // 0 + t·d = d·t exactly
        const ys = dot(y, s);
        // Keep a curvature pair only when yᵀs > 0 (well clear of rounding): it keeps H positive definite.
        if (ys > 1e-10) {
          while (oldDirs.length >= historySize) {
            oldDirs.shift();
            oldStps.shift();
            ro.shift();
          }
          oldDirs.push(y);
          oldStps.push(s);
          ro.push(1 / ys);
          hDiag = ys / dot(y, y);
        }
        // Two-loop recursion: d = −H·g.
        const numOld = oldDirs.length;
        const al = new Array<number>(numOld);
        const q = negate(flatGrad, this.zeros(this.flatSize));
        for (let i = numOld - 1; i >= 0; i--) {
          const a = dot(oldStps[i]!, q) * ro[i]!;
          al[i] = a;
          axpy(q, -a, oldDirs[i]!);
        }
        const r = q;
        backend().scale(hDiag, r);
        for (let i = 0; i < numOld; i++) {
          const be = dot(oldDirs[i]!, r) * ro[i]!;
          axpy(r, al[i]! - be, oldStps[i]!);
        }
        d = r;
      }
      // Flat gradients are fresh arrays that nothing writes to, so keeping a reference is a copy.
      prevFlatGrad = flatGrad;
      prevLoss = loss;

      // Step length: the very first step is scaled down to at most lr / ‖g‖₁.
      t = stateIter === 1 ? Math.min(1, 1 / sumAbs(flatGrad)) * lr : lr;
      const gtd = dot(flatGrad, d!);
      if (gtd > -toleranceChange) break; // not a descent direction any more

      let lsFuncEvals = 0;
      if (lineSearch === 'strongWolfe') {
        const x = group.params.map((p) => p.data.slice() as FloatArray);
        const dir = d!;
        const obj: DirectionalObjective = (step) => {
          this.addGrad(step, dir);
          const { f, g } = this.evaluate(fn, closure);
          this.setParams(x);
          return { f, g };
        };
        const found = strongWolfe(obj, t, dir, loss, flatGrad, gtd);
        loss = found.f;
        flatGrad = found.g;
        t = found.t;
        lsFuncEvals = found.evals;
        this.addGrad(t, dir);
        optCond = maxAbs(flatGrad) <= toleranceGrad;
      } else {
        this.addGrad(t, d!);
        if (nIter !== maxIter) {
          // Re-evaluate except after the last iteration: the next step() evaluates anyway.
          const next = this.evaluate(fn, closure);
          loss = next.f;
          flatGrad = next.g;
          optCond = maxAbs(flatGrad) <= toleranceGrad;
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      funcEvals += lsFuncEvals;

      // Stopping tests, in PyTorch's order.
      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (maxAbsScaled(d!, t) <= toleranceChange) break; // lack of progress in θ
      if (Math.abs(loss - prevLoss) < toleranceChange) break; // lack of progress in f
    }
    this.state.set(first, { funcEvals, nIter: stateIter, d, t, oldDirs, oldStps, ro, hDiag, prevFlatGrad, prevLoss });
    return start.loss;
  }

  protected encodeState(s: LBFGSState): { [field: string]: JsonValue } {
    const arr = (a: FloatArray | null) => (a === null ? null : encodeArray(a));
    const num = (v: number | null) => (v === null ? null : encodeNumber(v));
    return {
      funcEvals: s.funcEvals, nIter: s.nIter, d: arr(s.d), t: num(s.t),
      oldDirs: s.oldDirs.map(encodeArray), oldStps: s.oldStps.map(encodeArray), ro: encodeArray(s.ro),
      hDiag: encodeNumber(s.hDiag), prevFlatGrad: arr(s.prevFlatGrad), prevLoss: num(s.prevLoss),
    };
  }

  protected decodeState(fn: string, where: string, json: unknown, param: Tensor): LBFGSState {
    if (param !== this.paramGroups[0]!.params[0]) throw new EntropicError('FORMAT', fn, `L-BFGS keeps its state on parameter 0, got state at ${where}`);
    if (!isPlainObject(json)) throw new EntropicError('FORMAT', fn, `expected an object at ${where}, got ${describeValue(json)}`);
    const known = ['funcEvals', 'nIter', 'd', 't', 'oldDirs', 'oldStps', 'ro', 'hDiag', 'prevFlatGrad', 'prevLoss'];
    for (const key of Object.keys(json)) if (!known.includes(key)) throw new EntropicError('FORMAT', fn, `unknown field '${key}' at ${where}; expected ${known.join(', ')}`);
    const like = this.zeros(0);
    const n = this.flatSize;
    const count = (key: string) => {
      const v = decodeNumber(fn, `${where}.${key}`, json[key]);
      if (!Number.isInteger(v) || v < 0) throw new EntropicError('FORMAT', fn, `expected an integer >= 0 at ${where}.${key}, got ${describeValue(json[key])}`);
      return v;
    };
    const vec = (key: string, v: unknown) => decodeArray(fn, `${where}.${key}`, v, like, n);
    const maybe = <T>(key: string, read: (v: unknown) => T): T | null => (json[key] === null ? null : read(json[key]));
    const list = (key: string): FloatArray[] => {
      const v = json[key];
      if (!Array.isArray(v)) throw new EntropicError('FORMAT', fn, `expected an array at ${where}.${key}, got ${describeValue(v)}`);
      return v.map((item, i) => vec(`${key}[${i}]`, item));
    };
    const ro = json.ro;
    if (!Array.isArray(ro)) throw new EntropicError('FORMAT', fn, `expected an array at ${where}.ro, got ${describeValue(ro)}`);
    const s: LBFGSState = {
      funcEvals: count('funcEvals'),
      nIter: count('nIter'),
      d: maybe('d', (v) => vec('d', v)),
      t: maybe('t', (v) => decodeNumber(fn, `${where}.t`, v)),
      oldDirs: list('oldDirs'),
      oldStps: list('oldStps'),
      ro: ro.map((v, i) => decodeNumber(fn, `${where}.ro[${i}]`, v)),
      hDiag: decodeNumber(fn, `${where}.hDiag`, json.hDiag),
      prevFlatGrad: maybe('prevFlatGrad', (v) => vec('prevFlatGrad', v)),
      prevLoss: maybe('prevLoss', (v) => decodeNumber(fn, `${where}.prevLoss`, v)),
    };
    if (s.oldDirs.length !== s.oldStps.length || s.ro.length !== s.oldDirs.length) {
      throw new EntropicError('FORMAT', fn, `expected as many oldDirs, oldStps and ro at ${where}, got ${s.oldDirs.length}, ${s.oldStps.length} and ${s.ro.length}`);
    }
    if (s.nIter > 0 && (s.d === null || s.t === null || s.prevFlatGrad === null || s.prevLoss === null)) {
      throw new EntropicError('FORMAT', fn, `expected d, t, prevFlatGrad and prevLoss at ${where} after ${s.nIter} iteration(s), got null`);
    }
    return s;
  }
}

function negate(a: FloatArray, out: FloatArray): FloatArray {
  out.set(a);
  backend().scale(-1, out);
  return out;
}

/** y ← y + α·x (torch's add_ with alpha). */
function axpy(y: FloatArray, alpha: number, x: FloatArray): void {
  backend().axpy(alpha, x, y);
}

/** max |d·t| (computed as PyTorch does, product first). */
function maxAbsScaled(d: FloatArray, t: number): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i]! * t);
    if (v > m) m = v;
  }
  return m;
}
