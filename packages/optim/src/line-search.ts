/**
 * The strong-Wolfe line search L-BFGS uses, ported from torch/optim/lbfgs.py (`_strong_wolfe`,
 * `_cubic_interpolate`, themselves from Torch7's lswolfe.lua / polyinterp.lua), plus the few
 * vector kernels L-BFGS needs. Pure functions: the objective along the direction is a callback.
 */
import { type FloatArray, backend } from '@entropic/core';

export function dot(a: FloatArray, b: FloatArray): number {
  return backend().dot(a, b);
}

export function maxAbs(a: FloatArray): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

export function sumAbs(a: FloatArray): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]!);
  return s;
}

/**
 * The minimizer of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clamped to
 * `bounds` (default: between x1 and x2); the bounds' midpoint when the cubic has no minimum.
 */
export function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    // A NaN minPos (a degenerate cubic, e.g. an infinite f) becomes lo, where PyTorch would carry the NaN on.
    return Number.isNaN(minPos) ? lo : Math.min(Math.max(minPos, lo), hi);
  }
  return (lo + hi) / 2;
}

/** The objective and its gradient at x + t·d (x fixed by the caller). */
export type DirectionalObjective = (t: number) => {
  /** The loss at θ + t·d. */
  f: number;
  /** The gradient at θ + t·d. */
  g: FloatArray;
};

/** Options of {@link strongWolfe}. */
export interface StrongWolfeOptions {
  /** Sufficient-decrease constant (Armijo). Default 1e-4. */
  c1?: number;
  /** Curvature constant. Default 0.9. */
  c2?: number;
  /** Stop zooming once the bracket times max|d| is below this. Default 1e-9. */
  toleranceChange?: number;
  /** Maximum objective evaluations. Default 25. */
  maxLs?: number;
}

/** The step {@link strongWolfe} found, with the loss and gradient there. */
export interface StrongWolfeResult {
  /** The loss at the step. */
  f: number;
  /** The gradient at the step. */
  g: FloatArray;
  /** The step length along the direction. */
  t: number;
  /** Objective evaluations the search made. */
  evals: number;
}

/**
 * A step `t` along `d` satisfying the strong Wolfe conditions (or the best point found in
 * `maxLs` evaluations), starting from trial step `t`; `f`, `g`, `gtd` are the objective, its
 * gradient and the directional derivative g·d at t = 0. Bracketing, then zoom by safeguarded
 * cubic interpolation, step for step as PyTorch's `_strong_wolfe`.
 */
export function strongWolfe(obj: DirectionalObjective, t: number, d: FloatArray, f: number, g: FloatArray, gtd: number, opts: StrongWolfeOptions = {}): StrongWolfeResult {
  const c1 = opts.c1 ?? 1e-4;
  const c2 = opts.c2 ?? 0.9;
  const toleranceChange = opts.toleranceChange ?? 1e-9;
  const maxLs = opts.maxLs ?? 25;
  const dNorm = maxAbs(d);
  let { f: fNew, g: gNew } = obj(t);
  let evals = 1;
  let gtdNew = dot(gNew, d);

  // Bracket an interval containing a point satisfying the Wolfe criteria.
  let tPrev = 0;
  let fPrev = f;
  let gPrev = g;
  let gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: FloatArray[] = [];
  let bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      bracket = [t];
      bracketF = [fNew];
      bracketG = [gNew];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    // Extrapolate: the next trial lies in [t + 0.01(t − tPrev), 10t].
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew;
    gtdPrev = gtdNew;
    ({ f: fNew, g: gNew } = obj(t));
    evals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;
  }
  if (lsIter === maxLs) {
    bracket = [0, t];
    bracketF = [f, fNew];
    bracketG = [g, gNew];
  }

  // Zoom: shrink the bracket until a point satisfies the conditions.
  let insufProgress = false;
  let [low, high] = bracketF[0]! <= bracketF[bracketF.length - 1]! ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1]! - bracket[0]!) * dNorm < toleranceChange) break;
    t = cubicInterpolate(bracket[0]!, bracketF[0]!, bracketGtd[0]!, bracket[1]!, bracketF[1]!, bracketGtd[1]!);

    // Interpolation too close to an end of the bracket (or out of it) twice in a row, or at
    // an end: move to 0.1·|bracket| from the nearest end, so the bracket keeps shrinking.
    const bMax = Math.max(bracket[0]!, bracket[1]!);
    const bMin = Math.min(bracket[0]!, bracket[1]!);
    const eps = 0.1 * (bMax - bMin);
    if (Math.min(bMax - t, t - bMin) < eps) {
      if (insufProgress || t >= bMax || t <= bMin) {
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }

    ({ f: fNew, g: gNew } = obj(t));
    evals += 1;
    gtdNew = dot(gNew, d);
    lsIter += 1;

    if (fNew > f + c1 * t * gtd || fNew >= bracketF[low]!) {
      // Armijo not met, or no lower than the lowest point: the new point becomes the high end.
      bracket[high] = t;
      bracketF[high] = fNew;
      bracketG[high] = gNew;
      bracketGtd[high] = gtdNew;
      [low, high] = bracketF[0]! <= bracketF[1]! ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        done = true;
      } else if (gtdNew * (bracket[high]! - bracket[low]!) >= 0) {
        // The old high end becomes the new low end.
        bracket[high] = bracket[low]!;
        bracketF[high] = bracketF[low]!;
        bracketG[high] = bracketG[low]!;
        bracketGtd[high] = bracketGtd[low]!;
      }
      bracket[low] = t;
      bracketF[low] = fNew;
      bracketG[low] = gNew;
      bracketGtd[low] = gtdNew;
    }
  }
  return { f: bracketF[low]!, g: bracketG[low]!, t: bracket[low]!, evals };
}
