/**
 * The four solvers of the linear models, each a plain loop over an objective closure:
 * 'gd' (the article's full-batch gradient descent), 'sgd' and 'adam' (seeded mini-batches),
 * and 'lbfgs' (L-BFGS with a strong-Wolfe line search, stopped on the gradient).
 */
import { RandomGenerator, type Tensor } from '@entropic/core';
import { Adam, GradientDescent, LBFGS, SGD } from '@entropic/optim';
import { permutation } from './batching.js';
import { FiniteGuard, type OnEpoch, gradMaxAbs, now } from './training.js';

export type Solver = 'gd' | 'sgd' | 'adam' | 'lbfgs';

export interface SolverSettings {
  solver: Solver;
  lr: number;
  maxIter: number;
  tol: number;
  batchSize: number;
  seed: number;
  nIterNoChange: number;
  historySize: number;
}

/** The objective on rows `order[start…end)` (or all rows when `order` is null and the range is full). */
export type BatchObjective = (order: Int32Array | null, start: number, end: number) => Tensor;

export interface SolverResult {
  history: number[];
  /** Iterations (gd, lbfgs) or epochs (sgd, adam) run. */
  nIter: number;
  /** The stopping test was met (gradient ≤ tol, or no improvement for sgd/adam). */
  converged: boolean;
}

interface Loop {
  fn: string;
  /** Filled as training goes, so a failed fit still shows the iterations it completed. */
  history: number[];
  params: Tensor[];
  n: number;
  objective: BatchObjective;
  settings: SolverSettings;
  onEpoch?: OnEpoch;
  start: number;
}

function report(loop: Loop, epoch: number, loss: number, lr: number, gradMax?: number): boolean {
  const info = {
    epoch, totalEpochs: loop.settings.maxIter, loss, lr, elapsedMs: now() - loop.start,
    ...(gradMax === undefined ? {} : { gradMaxAbs: gradMax }),
  };
  return loop.onEpoch?.(info) === false;
}

/** Full-batch gradient descent: θ ← θ − lr·∇f(θ) until max|∇f| ≤ tol. */
function gradientDescent(loop: Loop, guard: FiniteGuard): SolverResult {
  const { params, settings: s } = loop;
  const opt = new GradientDescent(params, { lr: s.lr });
  const history = loop.history;
  for (let it = 0; it < s.maxIter; it++) {
    const where = `epoch ${it}, batch 0 (full batch)`;
    opt.zeroGrad();
    const value = loop.objective(null, 0, loop.n);
    const loss = value.item();
    guard.checkLoss(loss, where);
    guard.save(where);
    value.backward();
    const g = gradMaxAbs(params);
    history.push(loss);
    if (report(loop, it, loss, opt.lr, g)) return { history, nIter: it + 1, converged: false };
    if (g <= s.tol) return { history, nIter: it + 1, converged: true };
    guard.step(where, () => opt.step());
  }
  return { history, nIter: s.maxIter, converged: false };
}

/**
 * Mini-batch SGD or Adam over a seeded reshuffle per epoch. Stops, as scikit-learn's
 * SGDClassifier, when the epoch loss has not improved on the best by `tol` for
 * `nIterNoChange` epochs in a row.
 */
function miniBatch(loop: Loop, guard: FiniteGuard): SolverResult {
  const { params, n, settings: s } = loop;
  const opt = s.solver === 'adam' ? new Adam(params, { lr: s.lr }) : new SGD(params, { lr: s.lr });
  const gen = new RandomGenerator(s.seed);
  const order = new Int32Array(n);
  const history = loop.history;
  let best = Infinity;
  let stale = 0;
  for (let epoch = 0; epoch < s.maxIter; epoch++) {
    permutation(n, gen, order);
    let total = 0;
    for (let b = 0, start = 0; start < n; b++, start += s.batchSize) {
      const end = Math.min(start + s.batchSize, n);
      const where = `epoch ${epoch}, batch ${b}`;
      opt.zeroGrad();
      const value = loop.objective(order, start, end);
      const loss = value.item();
      guard.checkLoss(loss, where);
      guard.save(where);
      value.backward();
      guard.step(where, () => opt.step());
      total += loss * (end - start);
    }
    const loss = total / n;
    history.push(loss);
    if (report(loop, epoch, loss, opt.lr)) return { history, nIter: epoch + 1, converged: false };
    stale = loss > best - s.tol ? stale + 1 : 0;
    best = Math.min(best, loss);
    if (stale >= s.nIterNoChange) return { history, nIter: epoch + 1, converged: true };
  }
  return { history, nIter: s.maxIter, converged: false };
}

/**
 * L-BFGS, one iteration per `step` so that every iteration is reported and the stopping test
 * is ours: max|∇f| ≤ tol at the point the step starts from (its first closure call). A small
 * change in the loss is deliberately not a reason to stop (toleranceChange = 0): near the
 * optimum the loss changes by ~|∇f|², far below float64's resolution of the loss itself.
 */
function lbfgs(loop: Loop, guard: FiniteGuard): SolverResult {
  const { params, n, settings: s } = loop;
  const opt = new LBFGS(params, {
    lr: s.lr, maxIter: 1, historySize: s.historySize, lineSearch: 'strongWolfe', toleranceGrad: s.tol, toleranceChange: 0,
  });
  const history = loop.history;
  let first: { loss: number; grad: number } | null = null;
  let where = '';
  const closure = (): Tensor => {
    opt.zeroGrad();
    const value = loop.objective(null, 0, n);
    guard.checkLoss(value.item(), where);
    value.backward();
    if (first === null) first = { loss: value.item(), grad: gradMaxAbs(params) };
    return value;
  };
  for (let it = 0; it < s.maxIter; it++) {
    where = `epoch ${it}, batch 0 (full batch)`;
    first = null;
    guard.save(where);
    guard.step(where, () => opt.step(closure));
    const at = first as { loss: number; grad: number } | null;
    if (at === null) throw new Error(`${loop.fn}: the L-BFGS step did not evaluate the objective`);
    history.push(at.loss);
    if (at.grad <= s.tol) {
      guard.restore(); // the step started at the optimum and must not have moved; make sure
      report(loop, it, at.loss, opt.lr, at.grad);
      return { history, nIter: it + 1, converged: true };
    }
    if (report(loop, it, at.loss, opt.lr, at.grad)) return { history, nIter: it + 1, converged: false };
    // No parameter moved: the line search found no decrease at float precision. Going on
    // would repeat the same step until maxIter.
    if (guard.unchanged()) return { history, nIter: it + 1, converged: false };
  }
  return { history, nIter: s.maxIter, converged: false };
}

export function runSolver(
  fn: string, params: Tensor[], n: number, objective: BatchObjective, settings: SolverSettings, history: number[], onEpoch?: OnEpoch,
): SolverResult {
  const loop: Loop = { fn, history, params, n, objective, settings, onEpoch, start: now() };
  const guard = new FiniteGuard(fn, params);
  if (settings.solver === 'gd') return gradientDescent(loop, guard);
  if (settings.solver === 'lbfgs') return lbfgs(loop, guard);
  return miniBatch(loop, guard);
}
