// Step 4 — logistic regression on the embedded Wisconsin breast cancer data (or a user's CSV):
// standardised features, a seeded stratified train/test split, full-batch gradient descent on the
// mean cross-entropy with a live progress bar, then test metrics, a loss curve, ROC curves, and
// the same model fitted with L-BFGS for comparison. `--save` writes the model for `predict`.
import type { Tensor } from '@entropic/core';
import { rocCurve } from '@entropic/model';
import { type Figure, lossCurveSpec, rocSpec, writeFigure } from '../charts.js';
import { type Dataset, classMapping, embeddedDataset, fileProblem, loadCsvDataset } from '../dataset.js';
import { InputError, firstLine } from '../errors.js';
import { ProgressBar, type Table, formatTable } from '../format.js';
import { type Solver, fitLogistic, objectiveCurve, testMetrics } from '../logistic.js';
import { checkSavePath, writeModelFile } from '../modelFile.js';
import { displayPath } from '../paths.js';
import { type PreparedSplit, prepareSplit, testRows } from '../prepare.js';
import { type StepContext, type StepResult, logger, numbers } from './types.js';

export const SOLVERS: readonly Solver[] = ['gd', 'sgd', 'adam', 'lbfgs'];
export type { Dataset, Solver };

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
  /** the CSV's target column, by name or 0-based number: two classes */
  target?: string;
  /** the CSV's field delimiter (default ',') */
  delimiter?: string;
  /** fraction of rows held out for the test (default 0.25) */
  testSize?: number;
  /** seed of the split and of the solvers (default 42) */
  seed?: number;
  /** write the fitted model (with its scaler) to this JSON file, for `predict` */
  save?: string;
  /** show the live progress bar (default true); `stream` is where it goes (default stdout) */
  progress?: boolean;
  stream?: { write(s: string): unknown; isTTY?: boolean };
}

export const TRAIN_DEFAULTS = { lr: 0.1, epochs: 300, solver: 'gd' as Solver, testSize: 0.25, seed: 42 };

type Optional = 'csv' | 'target' | 'delimiter' | 'stream' | 'lr' | 'l2' | 'save';
export type ResolvedTrainOptions = Required<Omit<TrainOptions, Optional>> & Pick<TrainOptions, Optional>;

export interface FitSummary {
  solver: Solver;
  /** the learning rate given (undefined: the solver's default) */
  lr: number | undefined;
  /** iterations (gd, lbfgs) or epochs (sgd, adam) run */
  epochs: number;
  seconds: number;
  /** the model's history: the objective at the start of each iteration (gd, lbfgs) or each epoch's mean (sgd, adam) */
  history: number[];
  /** the objective per iteration for the figure, ending with the value after the last update */
  curve: { epoch: number; loss: number }[];
  /** the training objective after the last update */
  finalObjective: number;
  trainAccuracy: number;
  testAccuracy: number;
  testLogLoss: number;
  testRocAuc: number;
  /** [[TN, FP], [FN, TP]] — rows true class 0/1, columns predicted 0/1 */
  confusion: number[][];
  roc: { fpr: number; tpr: number }[];
}

export interface TrainData {
  dataset: { name: string; rows: number; features: number; trainRows: number; testRows: number; positives: number; classNames: string[]; targetName: string };
  /** the L2 penalty λ both models used */
  l2: number;
  main: FitSummary;
  comparison: FitSummary;
  /** where `--save` wrote the model */
  savedTo?: string;
}

/** Checks the options a user can get wrong and fills in the defaults. */
export function resolveTrainOptions(opts: TrainOptions): ResolvedTrainOptions {
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
  if (opts.csv !== undefined && (opts.target === undefined || opts.target.trim() === '')) throw new InputError('--csv needs --target <column name or number>');
  if (opts.csv === undefined && opts.target !== undefined) throw new InputError('--target only applies with --csv <path>');
  if (opts.csv === undefined && opts.delimiter !== undefined) throw new InputError('--delimiter only applies with --csv <path>');
  return {
    lr,
    epochs,
    solver,
    testSize,
    seed,
    progress: opts.progress ?? true,
    csv: opts.csv,
    target: opts.target,
    delimiter: opts.delimiter,
    stream: opts.stream,
    l2: opts.l2,
    save: opts.save,
  };
}

/** The embedded breast cancer data, or the user's CSV with a two-class target. */
export async function loadDataset(csv?: string, target?: string, delimiter?: string): Promise<Dataset> {
  if (csv === undefined) return embeddedDataset();
  if (target === undefined || target.trim() === '') throw new InputError('--csv needs --target <column name or number>');
  return loadCsvDataset(csv, target, delimiter);
}

/** Everything `train` needs, checked: a bad option or file throws an InputError before any output. */
export interface PreparedTraining {
  o: ResolvedTrainOptions;
  data: Dataset;
  split: PreparedSplit;
  /** λ: the option, or 1/n_train */
  l2: number;
}

export async function prepareTraining(opts: TrainOptions): Promise<PreparedTraining> {
  const o = resolveTrainOptions(opts);
  if (o.save !== undefined) checkSavePath(o.save);
  const data = await loadDataset(o.csv, o.target, o.delimiter);
  const n = data.X.shape[0] ?? 0;
  // Standardised later with the training rows' statistics only: the test rows stay unseen.
  const nTest = testRows(o.testSize, n);
  // A stratified split needs a row of each of the two classes on both sides.
  if (n < 4) throw new InputError(`${data.name}: ${n} rows are too few; a train/test split needs at least 4 (two of each class)`);
  if (nTest < 2) throw new InputError(`--test-size ${o.testSize} holds out ${nTest} of ${n} rows; the test set needs one row of each class: use a larger fraction`);
  if (n - nTest < 2) throw new InputError(`--test-size ${o.testSize} leaves ${n - nTest} of ${n} rows for training; that needs one row of each class: use a smaller fraction`);
  let split: PreparedSplit;
  try {
    split = prepareSplit(data.X, data.y, { testSize: o.testSize, seed: o.seed });
  } catch (e) {
    // e.g. a class with a single row, which a stratified split cannot put on both sides.
    const what = o.csv !== undefined ? `${displayPath(o.csv)}: ` : '';
    const why = o.csv !== undefined ? fileProblem(e, o.csv) : firstLine(e).replace(/^[A-Za-z.]+: /, '');
    throw new InputError(`${what}cannot split ${n} rows with --test-size ${o.testSize}: ${why.replace(/^stratify: /, '')}`);
  }
  const l2 = o.l2 ?? 1 / (split.XTrain.shape[0] ?? 1);
  return { o, data, split, l2 };
}

function fitOne(
  solver: Solver,
  lr: number | undefined,
  epochs: number,
  l2: number,
  seed: number,
  split: PreparedSplit,
  onEpoch?: (epoch: number, loss: number, trainAccuracy: number) => void,
) {
  const t0 = performance.now();
  const model = fitLogistic(split, { solver, lr, epochs, l2, seed }, onEpoch);
  const seconds = (performance.now() - t0) / 1000;
  const m = testMetrics(model, split);
  const summary: FitSummary = {
    solver,
    lr: model.options.lr,
    epochs: model.nIter,
    seconds,
    history: [...model.history],
    curve: objectiveCurve(model, solver, m.finalObjective),
    finalObjective: m.finalObjective,
    trainAccuracy: m.trainAccuracy,
    testAccuracy: m.testAccuracy,
    testLogLoss: m.testLogLoss,
    testRocAuc: m.testRocAuc,
    confusion: m.confusion,
    roc: rocPoints(split.yTest, m.testProba),
  };
  return { model, summary };
}

/** The ROC curve's corner points on the test rows (scikit-learn's roc_curve, by @entropic/model). */
function rocPoints(yTest: Tensor, proba: readonly number[]): { fpr: number; tpr: number }[] {
  const { fpr, tpr } = rocCurve(yTest, proba);
  return fpr.map((x, i) => ({ fpr: x, tpr: tpr[i] ?? Number.NaN }));
}

/** Loads, splits, scales and fits both models (and saves the main one with `save`). */
export async function trainModels(
  opts: TrainOptions = {},
  log: (line: string) => void = () => {},
  prepared?: PreparedTraining,
): Promise<TrainData> {
  const { o, data, split, l2 } = prepared ?? (await prepareTraining(opts));
  const { XTrain, XTest } = split;
  const bar = o.progress ? new ProgressBar(o.epochs, o.stream ?? process.stdout) : undefined;
  // Printed once the input is known to be good, so bad input gives nothing but its error.
  log('');
  log(`── train: logistic regression, ${o.solver}${o.lr !== undefined ? ` (lr ${o.lr}, ${o.epochs} epochs)` : ` (${o.epochs} epochs)`} ──`);
  log(`${data.name}: ${data.X.shape[0]} rows × ${data.X.shape[1]} features; ${XTrain.shape[0]} train / ${XTest.shape[0]} test (stratified, seed ${o.seed}), standardised`);
  log(`target: ${data.targetName}; classes ${classMapping(data.classNames)}`);
  log(`objective: ${objectiveText(l2, o.l2 === undefined)}`);
  const main = fitOne(o.solver, o.lr, o.epochs, l2, o.seed, split, (epoch, loss, trainAccuracy) => {
    bar?.update(epoch, { loss: loss.toFixed(4), 'train acc': trainAccuracy.toFixed(4) });
  });
  bar?.finish();
  // The comparison runs with its solver's default step (L-BFGS: a line search from step 1).
  // L-BFGS converges in tens of iterations: 200 at most, whatever `epochs` says for gd.
  const cmpSolver: Solver = o.solver === 'lbfgs' ? 'gd' : 'lbfgs';
  const comparison = fitOne(cmpSolver, undefined, cmpSolver === 'lbfgs' ? 200 : o.epochs, l2, o.seed, split);
  if (o.save !== undefined) {
    writeModelFile(o.save, {
      data: data.name,
      target: data.targetName,
      features: data.featureNames,
      classes: data.classNames,
      scaler: split.scaler.toJSON(),
      model: main.model.toJSON(),
    });
  }
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
      targetName: data.targetName,
    },
    l2,
    main: main.summary,
    comparison: comparison.summary,
    ...(o.save !== undefined ? { savedTo: o.save } : {}),
  };
}

const f4 = (x: number) => x.toFixed(4);

function objectiveText(l2: number, isDefault: boolean): string {
  if (l2 === 0) return 'mean cross-entropy (no penalty)';
  return `mean cross-entropy + (λ/2)‖w‖², λ = ${l2.toPrecision(3)}${isDefault ? " (1/n_train: scikit-learn's default C = 1)" : ''}`;
}

export async function runTrain(ctx: StepContext, opts: TrainOptions = {}, prepared?: PreparedTraining): Promise<StepResult & { data: TrainData }> {
  const log = logger(ctx);
  const ready = prepared ?? (await prepareTraining(opts));
  const { o } = ready;
  const data = await trainModels(opts, log, ready);
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
      ['final training objective', f4(main.finalObjective), f4(cmp.finalObjective)],
      ['epochs / iterations', String(main.epochs), String(cmp.epochs)],
      ['fit time (s)', main.seconds.toFixed(3), cmp.seconds.toFixed(3)],
    ],
  };
  const [[tn, fp] = [], [fn, tp] = []] = main.confusion;
  const [c0 = '0', c1 = '1'] = dataset.classNames;
  const confusion: Table = {
    caption: `Confusion matrix on the test set (${main.solver})`,
    columns: ['', `predicted 0 (${c0})`, `predicted 1 (${c1})`],
    rows: [
      [`true 0 (${c0})`, tn ?? 0, fp ?? 0],
      [`true 1 (${c1})`, fn ?? 0, tp ?? 0],
    ],
  };
  log(formatTable(metrics));
  log(formatTable(confusion));
  // Without a penalty, separable training data have no minimum: the loss → 0 as ‖w‖ → ∞.
  const separable = data.l2 === 0 && Math.min(main.finalObjective, cmp.finalObjective) < 1e-3;
  const separableNote =
    'The training rows are linearly separable: without a penalty the cross-entropy has no minimum and falls towards 0 as the weights grow without bound (confident predictions everywhere), which overfits. A penalty (--l2, default 1/n_train) gives it one.';
  if (separable) log(`note: ${separableNote}`);

  const label = (s: FitSummary) =>
    s.solver === 'lbfgs' ? 'L-BFGS' : `${s.solver === 'gd' ? 'gradient descent' : s.solver}${s.lr !== undefined ? ` (lr ${s.lr})` : ''}`;
  const historyRows = [main, cmp].flatMap((s) => s.curve.map((p) => ({ ...p, series: label(s) })));
  const rocRows = [main, cmp].flatMap((s) =>
    s.roc.map((p, i) => ({ ...p, order: i, series: `${label(s)}, AUC ${s.testRocAuc.toFixed(4)}` })),
  );
  const minibatch = main.solver === 'sgd' || main.solver === 'adam';
  const figures: Figure[] = [
    await writeFigure(
      lossCurveSpec(historyRows, {
        yLog: true,
        yTitle: data.l2 === 0 ? 'training loss' : 'training objective',
        xTitle: minibatch ? 'epoch' : 'iteration',
        title: `Training ${data.l2 === 0 ? 'loss' : 'objective'} per ${minibatch ? 'epoch' : 'iteration'}, log scale`,
      }),
      ctx.outDir,
      'loss-curve',
      `The training objective (${objective}): ${label(main)} against ${label(cmp)}, which reaches the optimum in a few dozen iterations.${minibatch ? ` For ${main.solver}, each point is an epoch's mean over its mini-batches.` : ''}`,
    ),
    await writeFigure(rocSpec(rocRows, { title: 'ROC curves on the held-out test set' }), ctx.outDir, 'roc', 'ROC curves on the held-out test set; the dashed diagonal is a coin toss.'),
  ];
  for (const f of figures) log(`wrote ${displayPath(f.svgPath)} and ${f.name}.png`);
  if (data.savedTo !== undefined) {
    log(`saved the model to ${displayPath(data.savedTo)}; use it with: pnpm demo predict --model ${displayPath(data.savedTo)}${o.csv !== undefined ? ' --csv <new rows.csv>' : ''}`);
  }
  return {
    step: 'train',
    title: `Logistic regression on ${o.csv === undefined ? 'the breast cancer data' : displayPath(o.csv)}`,
    summary: `${dataset.name}: ${dataset.rows} rows, ${dataset.features} features, ${dataset.positives} of class 1 (${c1}) and ${dataset.rows - dataset.positives} of class 0 (${c0}). A ${dataset.testRows}-row test set is held out (stratified, seed ${o.seed}); the features are standardised with the training rows' statistics. The model minimises the ${objective} by ${main.solver === 'gd' ? 'full-batch gradient descent' : main.solver}${o.lr !== undefined ? ` (lr ${o.lr}, ${main.epochs} epochs)` : ` (${main.epochs} epochs)`} and reaches a test accuracy of ${main.testAccuracy.toFixed(4)}; ${label(cmp)} on the same objective is shown for comparison.${separable ? ` ${separableNote}` : ''}`,
    tables: [metrics, confusion],
    figures,
    numbers: {
      'test accuracy': main.testAccuracy,
      'test log loss': main.testLogLoss,
      'test ROC AUC': main.testRocAuc,
      'final training objective': main.finalObjective,
      [`test accuracy (${cmp.solver})`]: cmp.testAccuracy,
      [`test log loss (${cmp.solver})`]: cmp.testLogLoss,
    },
    data,
  };
}
