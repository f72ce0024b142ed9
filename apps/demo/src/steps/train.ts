// Step 4 — logistic regression on the embedded Wisconsin breast cancer data (or a user's CSV):
// standardised features, a seeded stratified train/test split, full-batch gradient descent on the
// mean cross-entropy with a live progress bar, then test metrics, a loss curve, ROC curves, and
// the same model fitted with L-BFGS for comparison.
import { existsSync, statSync } from 'node:fs';
import type { Tensor } from '@entropic/core';
import { loadBreastCancer } from '@entropic/data';
import { type Figure, lossCurveSpec, rocSpec, writeFigure } from '../charts.js';
import { InputError } from '../errors.js';
import { ProgressBar, type Table, formatTable } from '../format.js';
import { type Solver, fitLogistic, testMetrics } from '../logistic.js';
import { type PreparedSplit, prepareSplit } from '../prepare.js';
import { rocCurve } from '../roc.js';
import { displayPath } from '../paths.js';
import { type StepContext, type StepResult, logger, numbers } from './types.js';

export const SOLVERS: readonly Solver[] = ['gd', 'sgd', 'adam', 'lbfgs'];
export type { Solver };

export interface TrainOptions {
  /** learning rate of the gradient solvers (default 0.1) */
  lr?: number;
  /** epochs (full passes over the training set; default 300) */
  epochs?: number;
  /**
   * L2 penalty λ of the objective mean cross-entropy + (λ/2)‖w‖² (intercept not penalised);
   * default 1/n_train, scikit-learn's default C = 1. 0 gives the article's plain cross-entropy.
   */
  l2?: number;
  /** solver of the main model (default 'gd'); the comparison model is 'lbfgs' (or 'gd' if this is 'lbfgs') */
  solver?: Solver;
  /** a CSV file to use instead of the embedded data; needs `target` */
  csv?: string;
  /** the CSV's target column: two classes, 0/1 */
  target?: string;
  /** fraction of rows held out for the test (default 0.25) */
  testSize?: number;
  /** seed of the split and of the solvers (default 42) */
  seed?: number;
  /** show the live progress bar (default true); `stream` is where it goes (default stdout) */
  progress?: boolean;
  stream?: { write(s: string): unknown; isTTY?: boolean };
}

export const TRAIN_DEFAULTS = { lr: 0.1, epochs: 300, solver: 'gd' as Solver, testSize: 0.25, seed: 42 };

export interface Dataset {
  name: string;
  X: Tensor;
  y: Tensor;
  featureNames: string[];
  /** class names in index order */
  classNames: string[];
}

export interface FitSummary {
  solver: Solver;
  /** the learning rate given (undefined: the solver's default) */
  lr: number | undefined;
  epochs: number;
  seconds: number;
  history: number[];
  trainAccuracy: number;
  testAccuracy: number;
  testLogLoss: number;
  testRocAuc: number;
  /** [[TN, FP], [FN, TP]] — rows true class 0/1, columns predicted 0/1 */
  confusion: number[][];
  roc: { fpr: number; tpr: number }[];
}

export interface TrainData {
  dataset: { name: string; rows: number; features: number; trainRows: number; testRows: number; positives: number; classNames: string[] };
  /** the L2 penalty λ both models used */
  l2: number;
  main: FitSummary;
  comparison: FitSummary;
}

/** Checks the options a user can get wrong and fills in the defaults. */
export function resolveTrainOptions(
  opts: TrainOptions,
): Required<Omit<TrainOptions, 'csv' | 'target' | 'stream' | 'lr' | 'l2'>> & Pick<TrainOptions, 'csv' | 'target' | 'stream' | 'lr' | 'l2'> {
  if (opts.lr !== undefined && (!Number.isFinite(opts.lr) || opts.lr <= 0)) throw new InputError(`--lr must be a number > 0, got ${opts.lr}`);
  const epochs = opts.epochs ?? TRAIN_DEFAULTS.epochs;
  if (!Number.isInteger(epochs) || epochs < 1) throw new InputError(`--epochs must be a whole number ≥ 1, got ${epochs}`);
  if (opts.l2 !== undefined && !(Number.isFinite(opts.l2) && opts.l2 >= 0)) throw new InputError(`--l2 must be a number ≥ 0, got ${opts.l2}`);
  const solver = opts.solver ?? TRAIN_DEFAULTS.solver;
  if (!(SOLVERS as readonly string[]).includes(solver)) throw new InputError(`--solver must be one of ${SOLVERS.join(', ')}, got ${solver}`);
  // gd defaults to the demo's 0.1; the other solvers to the model's own defaults.
  const lr = opts.lr ?? (solver === 'gd' ? TRAIN_DEFAULTS.lr : undefined);
  const testSize = opts.testSize ?? TRAIN_DEFAULTS.testSize;
  if (!(testSize > 0 && testSize < 1)) throw new InputError(`--test-size must be between 0 and 1, got ${testSize}`);
  const seed = opts.seed ?? TRAIN_DEFAULTS.seed;
  if (!Number.isInteger(seed)) throw new InputError(`--seed must be an integer, got ${seed}`);
  if (opts.csv !== undefined && (opts.target === undefined || opts.target === '')) throw new InputError('--csv needs --target <column>');
  if (opts.csv === undefined && opts.target !== undefined) throw new InputError('--target only applies with --csv <path>');
  return { lr, epochs, solver, testSize, seed, progress: opts.progress ?? true, csv: opts.csv, target: opts.target, stream: opts.stream, l2: opts.l2 };
}

/**
 * The embedded breast cancer data, or the user's CSV (node-only reader) with a two-class target:
 * 0/1 numbers, or two text labels (mapped in sorted order to 0 and 1, as scikit-learn's
 * LabelEncoder).
 */
export async function loadDataset(csv?: string, target?: string): Promise<Dataset> {
  if (csv === undefined) {
    const d = loadBreastCancer();
    return {
      name: 'Wisconsin breast cancer (embedded)',
      X: d.X,
      y: d.y,
      featureNames: [...d.featureNames],
      classNames: [...d.targetNames],
    };
  }
  if (!existsSync(csv)) throw new InputError(`no such file: ${csv}`);
  if (!statSync(csv).isFile()) throw new InputError(`not a file: ${csv}`);
  if (target === undefined || target === '') throw new InputError('--csv needs --target <column>');
  const { readCSV } = await import('@entropic/data/node');
  const read = async (labels: boolean) => {
    try {
      return await readCSV(csv, { target, dtype: 'float64', ...(labels ? { labels: 'auto' as const } : {}) });
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  };
  let d = await read(false);
  // A text target ("M"/"B", "yes"/"no"): read it again with the labels mapped to class indices.
  if (d instanceof Error && /labels: 'auto'/.test(d.message)) d = await read(true);
  if (d instanceof Error) throw new InputError(`${displayPath(csv)}: ${oneLine(d).replace(/^readCSV: /, '')}`);
  const classes = [...new Set(numbers(d.y))].sort((a, b) => a - b);
  if (classes.length !== 2 || classes[0] !== 0 || classes[1] !== 1) {
    const found = d.targetNames ?? classes.map(String);
    throw new InputError(
      `${displayPath(csv)}: target column '${target}' must hold two classes (0/1 or two labels), found ${found.length}: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''}`,
    );
  }
  return {
    name: displayPath(csv),
    X: d.X,
    y: d.y,
    featureNames: [...d.featureNames],
    classNames: d.targetNames ? [...d.targetNames] : ['0', '1'],
  };
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

function fitOne(
  solver: Solver,
  lr: number | undefined,
  epochs: number,
  l2: number,
  seed: number,
  split: PreparedSplit,
  onEpoch?: (epoch: number, loss: number, trainAccuracy: number) => void,
): FitSummary {
  const t0 = performance.now();
  const model = fitLogistic(split, { solver, lr, epochs, l2, seed }, onEpoch);
  const seconds = (performance.now() - t0) / 1000;
  const m = testMetrics(model, split);
  return {
    solver,
    lr: model.options.lr,
    epochs: model.history.length,
    seconds,
    history: [...model.history],
    trainAccuracy: m.trainAccuracy,
    testAccuracy: m.testAccuracy,
    testLogLoss: m.testLogLoss,
    testRocAuc: m.testRocAuc,
    confusion: m.confusion,
    roc: rocCurve(numbers(split.yTest), m.testProba),
  };
}

/** Loads, splits, scales and fits both models. */
export async function trainModels(opts: TrainOptions = {}, log: (line: string) => void = () => {}): Promise<TrainData> {
  const o = resolveTrainOptions(opts);
  const data = await loadDataset(o.csv, o.target);
  // Standardised with the training rows' mean and standard deviation only: the test rows stay unseen.
  let split: PreparedSplit;
  try {
    split = prepareSplit(data.X, data.y, { testSize: o.testSize, seed: o.seed });
  } catch (e) {
    // Only a user's CSV can be too small or too unbalanced to split.
    if (o.csv === undefined) throw e;
    throw new InputError(`${displayPath(o.csv)}: ${oneLine(e)}`);
  }
  const { XTrain, XTest } = split;

  const bar = o.progress ? new ProgressBar(o.epochs, o.stream ?? process.stdout) : undefined;
  const l2 = o.l2 ?? 1 / (XTrain.shape[0] ?? 1);
  // Printed once the input is known to be good, so bad input gives nothing but its error.
  log('');
  log(`── train: logistic regression, ${o.solver}${o.lr !== undefined ? ` (lr ${o.lr}, ${o.epochs} epochs)` : ` (${o.epochs} epochs)`} ──`);
  log(`${data.name}: ${data.X.shape[0]} rows × ${data.X.shape[1]} features; ${XTrain.shape[0]} train / ${XTest.shape[0]} test (stratified, seed ${o.seed}), standardised`);
  log(`objective: ${objectiveText(l2, o.l2 === undefined)}`);
  const main = fitOne(o.solver, o.lr, o.epochs, l2, o.seed, split, (epoch, loss, trainAccuracy) => {
    bar?.update(epoch, { loss: loss.toFixed(4), 'train acc': trainAccuracy.toFixed(4) });
  });
  bar?.finish();
  // The comparison runs with its solver's default step (L-BFGS: a line search from step 1).
  // L-BFGS converges in tens of iterations: 200 at most, whatever `epochs` says for gd.
  const cmpSolver: Solver = o.solver === 'lbfgs' ? 'gd' : 'lbfgs';
  const comparison = fitOne(cmpSolver, undefined, cmpSolver === 'lbfgs' ? 200 : o.epochs, l2, o.seed, split);
  const yAll = numbers(data.y);
  return {
    dataset: {
      name: data.name,
      rows: data.X.shape[0] ?? 0,
      features: data.X.shape[1] ?? 0,
      trainRows: XTrain.shape[0] ?? 0,
      testRows: XTest.shape[0] ?? 0,
      positives: yAll.filter((v) => v === 1).length,
      classNames: data.classNames,
    },
    l2,
    main,
    comparison,
  };
}

const f4 = (x: number) => x.toFixed(4);

function objectiveText(l2: number, isDefault: boolean): string {
  if (l2 === 0) return 'mean cross-entropy (no penalty)';
  return `mean cross-entropy + (λ/2)‖w‖², λ = ${l2.toPrecision(3)}${isDefault ? " (1/n_train: scikit-learn's default C = 1)" : ''}`;
}

export async function runTrain(ctx: StepContext, opts: TrainOptions = {}): Promise<StepResult & { data: TrainData }> {
  const log = logger(ctx);
  const o = resolveTrainOptions(opts);
  const data = await trainModels(opts, log);
  const { main, comparison: cmp, dataset } = data;
  const objective = objectiveText(data.l2, o.l2 === undefined);
  const metrics: Table = {
    caption: 'Test-set metrics',
    columns: ['', main.solver, cmp.solver],
    align: ['left', 'right', 'right'],
    rows: [
      ['test accuracy', f4(main.testAccuracy), f4(cmp.testAccuracy)],
      ['test log loss', f4(main.testLogLoss), f4(cmp.testLogLoss)],
      ['test ROC AUC', f4(main.testRocAuc), f4(cmp.testRocAuc)],
      ['train accuracy', f4(main.trainAccuracy), f4(cmp.trainAccuracy)],
      ['final training objective', f4(main.history.at(-1) ?? Number.NaN), f4(cmp.history.at(-1) ?? Number.NaN)],
      ['epochs / iterations', String(main.epochs), String(cmp.epochs)],
      ['fit time (s)', main.seconds.toFixed(3), cmp.seconds.toFixed(3)],
    ],
  };
  const [[tn, fp] = [], [fn, tp] = []] = main.confusion;
  const confusion: Table = {
    caption: `Confusion matrix on the test set (${main.solver})`,
    columns: ['', 'predicted 0', 'predicted 1'],
    rows: [
      ['true 0', tn ?? 0, fp ?? 0],
      ['true 1', fn ?? 0, tp ?? 0],
    ],
  };
  log(formatTable(metrics));
  log(formatTable(confusion));
  // Without a penalty, separable training data have no minimum: the loss → 0 as ‖w‖ → ∞.
  const separable = data.l2 === 0 && Math.min(main.history.at(-1) ?? 1, cmp.history.at(-1) ?? 1) < 1e-3;
  const separableNote =
    'The training rows are linearly separable: without a penalty the cross-entropy has no minimum and falls towards 0 as the weights grow without bound (confident predictions everywhere), which overfits. A penalty (--l2, default 1/n_train) gives it one.';
  if (separable) log(`note: ${separableNote}`);

  const label = (s: FitSummary) =>
    s.solver === 'lbfgs' ? 'L-BFGS' : `${s.solver === 'gd' ? 'gradient descent' : s.solver}${s.lr !== undefined ? ` (lr ${s.lr})` : ''}`;
  const historyRows = [main, cmp].flatMap((s) => s.history.map((loss, i) => ({ epoch: i + 1, loss, series: label(s) })));
  const rocRows = [main, cmp].flatMap((s) =>
    s.roc.map((p, i) => ({ ...p, order: i, series: `${label(s)}, AUC ${s.testRocAuc.toFixed(4)}` })),
  );
  const figures: Figure[] = [
    await writeFigure(
      lossCurveSpec(historyRows, { yLog: true, yTitle: data.l2 === 0 ? 'training loss' : 'training objective' }),
      ctx.outDir,
      'loss-curve',
      `The training objective (${objective}) per epoch, log scale: ${label(main)} against ${label(cmp)}, which reaches the optimum in a few dozen iterations.`,
    ),
    await writeFigure(
      rocSpec(rocRows),
      ctx.outDir,
      'roc',
      'ROC curves on the held-out test set; the dashed diagonal is a coin toss.',
    ),
  ];
  for (const f of figures) log(`wrote ${displayPath(f.svgPath)} and ${f.name}.png`);
  return {
    step: 'train',
    title: `Logistic regression on ${o.csv === undefined ? 'the breast cancer data' : displayPath(o.csv)}`,
    summary: `${dataset.name}: ${dataset.rows} rows, ${dataset.features} features, ${dataset.positives} of class 1 (${dataset.classNames[1] ?? '1'}) and ${dataset.rows - dataset.positives} of class 0 (${dataset.classNames[0] ?? '0'}). A ${dataset.testRows}-row test set is held out (stratified, seed ${o.seed}); the features are standardised with the training rows' statistics. The model minimises the ${objective} by ${main.solver === 'gd' ? 'full-batch gradient descent' : main.solver}${o.lr !== undefined ? ` (lr ${o.lr}, ${main.epochs} epochs)` : ` (${main.epochs} epochs)`} and reaches a test accuracy of ${main.testAccuracy.toFixed(4)}; ${label(cmp)} on the same objective is shown for comparison.${separable ? ` ${separableNote}` : ''}`,
    tables: [metrics, confusion],
    figures,
    numbers: {
      'test accuracy': main.testAccuracy,
      'test log loss': main.testLogLoss,
      'test ROC AUC': main.testRocAuc,
      [`test accuracy (${cmp.solver})`]: cmp.testAccuracy,
      [`test log loss (${cmp.solver})`]: cmp.testLogLoss,
    },
    data,
  };
}
