#!/usr/bin/env node
// The demo's command line: `pnpm demo [step] [options]` (see --help and README.md).
import { accessSync, constants, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDelimiter } from './dataset.js';
import { InputError, firstLine } from './errors.js';
import { displayPath, userPath } from './paths.js';
import { runCurve } from './steps/curve.js';
import { runMseVsCe } from './steps/mseVsCe.js';
import { type PredictOptions, preparePredict, runPredict } from './steps/predict.js';
import { writeReport } from './steps/report.js';
import { runThreeClass } from './steps/threeClass.js';
import { SOLVERS, type Solver, TRAIN_DEFAULTS, type TrainOptions, prepareTraining, runTrain } from './steps/train.js';
import type { StepContext, StepResult } from './steps/types.js';

export const STEPS = ['curve', 'three-class', 'mse-vs-ce', 'train', 'predict', 'all'] as const;
export type CliStep = (typeof STEPS)[number];

export const USAGE = `Usage: pnpm demo [step] [options]

Reproduces the cross-entropy article with the Entropic packages and writes figures (SVG + PNG)
and, when every step runs, an HTML report.

Steps:
  curve         the cost J(w) = −log φ(z) (y=1) and −log(1−φ(z)) (y=0) against φ(z) = σ(z),
                z from −10 to 10 by 0.1, and the sigmoid itself
  three-class   cross-entropy of [0.7, 0.2, 0.1] and [0.1, 0.2, 0.7] for true class A
  mse-vs-ce     MSE vs cross-entropy and their gradients for a wrong, confident prediction
  train         logistic regression on the embedded breast cancer data (or --csv)
  predict       classify rows with a model saved by train --save
  all           curve, three-class, mse-vs-ce, train and out/report.html (the default)

Options for train (and all):
  --lr <number>         learning rate, > 0 (default ${TRAIN_DEFAULTS.lr} for gd, the model's own for others)
  --epochs <n>          epochs of full-batch training (default ${TRAIN_DEFAULTS.epochs})
  --l2 <number>         L2 penalty λ, ≥ 0 (default 1/n_train, scikit-learn's C = 1; 0: none)
  --solver <name>       ${SOLVERS.join(' | ')} (default ${TRAIN_DEFAULTS.solver}); compared with lbfgs
  --csv <path>          train on your own CSV file instead of the embedded data
  --target <column>     the CSV's target column, by name or number (0 = the first column);
                        two classes: 0/1 or two labels (needed with --csv)
  --delimiter <char>    the CSV's field delimiter (default ','; 'tab' for tabs)
  --test-size <frac>    fraction held out for testing (default ${TRAIN_DEFAULTS.testSize})
  --seed <n>            seed of the train/test split (default ${TRAIN_DEFAULTS.seed})
  --save <file>         write the trained model to a JSON file, for predict
  --no-progress         no live progress bar
Options for predict:
  --model <file>        the model file written by train --save (required)
  --csv <path>          the rows to classify: the model's feature columns (default: the
                        embedded data, for a model trained on it)
  --delimiter <char>    the CSV's field delimiter (default ',')
Options for every step:
  --out <dir>           output folder (default apps/demo/out)
  -h, --help            this help

Exit codes: 0 done, 2 bad input (one-line message), 1 unexpected failure.`;

/** apps/demo/out, wherever the command is run from (this file is src/cli.ts or dist/cli.js). */
export const DEFAULT_OUT = fileURLToPath(new URL('../out', import.meta.url));

export interface ParsedArgs {
  step: CliStep;
  outDir: string;
  train: TrainOptions;
  predict: PredictOptions | undefined;
  help: boolean;
}

/** The steps each option applies to (--out and --help apply to all). */
const OPTION_STEPS: Record<string, readonly CliStep[]> = {
  lr: ['train', 'all'],
  epochs: ['train', 'all'],
  l2: ['train', 'all'],
  solver: ['train', 'all'],
  target: ['train', 'all'],
  'test-size': ['train', 'all'],
  seed: ['train', 'all'],
  save: ['train', 'all'],
  'no-progress': ['train', 'all'],
  csv: ['train', 'all', 'predict'],
  delimiter: ['train', 'all', 'predict'],
  model: ['predict'],
};

const VALUE_OPTIONS = new Set(['--lr', '--epochs', '--l2', '--solver', '--csv', '--target', '--delimiter', '--test-size', '--seed', '--save', '--model', '--out']);

function toNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) throw new InputError(`--${name} must be a number, got '${text}'`);
  return n;
}

function fileOption(name: string, text: string): string {
  if (text.trim() === '') throw new InputError(`--${name} must name a file`);
  return userPath(text);
}

/** Parses the command line (without `node cli.js`); throws InputError on anything wrong. */
export function parseCli(argv: readonly string[]): ParsedArgs {
  // `pnpm demo -- train` passes the `--` through: drop a leading one.
  const raw = argv[0] === '--' ? argv.slice(1) : [...argv];
  // `--lr -1` would read as two options: join a negative number to its option (`--lr=-1`), so the
  // value check below reports it.
  const args: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i] ?? '';
    const next = raw[i + 1];
    if (VALUE_OPTIONS.has(a) && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    throw new InputError(`${firstLine(e).replace(/\. To specify a positional argument.*$/, '')} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new InputError(`one step at a time, got ${positionals.join(' ')} (see --help)`);
  const stepText = positionals[0] ?? 'all';
  const step = (stepText === 'report' ? 'all' : stepText) as CliStep;
  if (!STEPS.includes(step)) throw new InputError(`unknown step '${stepText}': use one of ${STEPS.join(', ')} (see --help)`);
  for (const [name, steps] of Object.entries(OPTION_STEPS)) {
    if ((values as Record<string, unknown>)[name] !== undefined && !steps.includes(step)) {
      const where = steps.includes('predict') ? (steps.includes('train') ? 'the train and predict steps' : 'the predict step') : 'the train step';
      throw new InputError(`--${name} applies to ${where} only (see --help)`);
    }
  }
  const solver = values.solver;
  if (solver !== undefined && !(SOLVERS as readonly string[]).includes(solver)) {
    throw new InputError(`--solver must be one of ${SOLVERS.join(', ')}, got '${solver}'`);
  }
  if (values.out !== undefined && values.out.trim() === '') throw new InputError('--out must name a folder');
  const delimiter = values.delimiter !== undefined ? parseDelimiter(values.delimiter) : undefined;
  const csv = values.csv !== undefined ? fileOption('csv', values.csv) : undefined;
  const train: TrainOptions = {
    ...(values.lr !== undefined ? { lr: toNumber('lr', values.lr) } : {}),
    ...(values.epochs !== undefined ? { epochs: toNumber('epochs', values.epochs) } : {}),
    ...(values.l2 !== undefined ? { l2: toNumber('l2', values.l2) } : {}),
    ...(solver !== undefined ? { solver: solver as Solver } : {}),
    ...(csv !== undefined ? { csv } : {}),
    ...(values.target !== undefined ? { target: values.target } : {}),
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(values['test-size'] !== undefined ? { testSize: toNumber('test-size', values['test-size']) } : {}),
    ...(values.seed !== undefined ? { seed: toNumber('seed', values.seed) } : {}),
    ...(values.save !== undefined ? { save: fileOption('save', values.save) } : {}),
    progress: values['no-progress'] !== true,
  };
  let predict: PredictOptions | undefined;
  if (step === 'predict' && values.help !== true) {
    if (values.model === undefined) throw new InputError('predict needs --model <file> (written by: pnpm demo train --save <file>)');
    predict = {
      model: fileOption('model', values.model),
      ...(csv !== undefined ? { csv } : {}),
      ...(delimiter !== undefined ? { delimiter } : {}),
    };
  }
  return {
    step,
    outDir: values.out !== undefined ? userPath(values.out) : DEFAULT_OUT,
    train,
    predict,
    help: values.help === true,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      lr: { type: 'string' },
      epochs: { type: 'string' },
      l2: { type: 'string' },
      solver: { type: 'string' },
      csv: { type: 'string' },
      target: { type: 'string' },
      delimiter: { type: 'string' },
      'test-size': { type: 'string' },
      seed: { type: 'string' },
      save: { type: 'string' },
      model: { type: 'string' },
      'no-progress': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * Creates the output folder, or says in one line why it cannot be: checked before any step runs,
 * so a bad `--out` costs no training.
 */
export function prepareOutDir(dir: string): void {
  const shown = displayPath(dir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // The deepest part of the path that exists says what went wrong.
    let parent = dirname(dir);
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
    const why =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? `${displayPath(existsSync(dir) ? dir : parent)} is a file, not a folder`
        : code === 'EACCES' || code === 'EPERM'
          ? `no permission to create it in ${displayPath(parent)}`
          : firstLine(e).replace(/^[A-Z]+: /, '');
    throw new InputError(`--out ${shown}: cannot create the folder: ${why}`);
  }
  if (!statSync(dir).isDirectory()) throw new InputError(`--out ${shown}: not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(`--out ${shown}: the folder is not writable`);
  }
}

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** where the progress bar draws (default process.stdout) */
  progress?: { write(s: string): unknown; isTTY?: boolean };
}

const defaultIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the CLI; returns the exit code (0 ok, 2 bad input, 1 unexpected failure). */
export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  try {
    const args = parseCli(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    // Every input is checked before any step runs or prints: the options, the files, the folder.
    const trainOpts = { ...args.train, ...(io.progress ? { stream: io.progress } : {}) };
    const training = args.step === 'all' || args.step === 'train' ? await prepareTraining(trainOpts) : undefined;
    const predicting = args.predict !== undefined ? await preparePredict(args.predict) : undefined;
    prepareOutDir(args.outDir);
    const ctx: StepContext = { outDir: args.outDir, log: io.out };
    const results: StepResult[] = [];
    const run = async (step: Exclude<CliStep, 'all'>) => {
      if (step === 'curve') results.push(await runCurve(ctx));
      else if (step === 'three-class') results.push(await runThreeClass(ctx));
      else if (step === 'mse-vs-ce') results.push(await runMseVsCe(ctx));
      else if (step === 'train') results.push(await runTrain(ctx, trainOpts, training));
      else if (args.predict !== undefined) results.push(await runPredict(ctx, args.predict, predicting));
    };
    if (args.step === 'all') {
      for (const step of ['curve', 'three-class', 'mse-vs-ce', 'train'] as const) await run(step);
      const files = writeReport(results, args.outDir, { command: ['pnpm demo', ...argv.filter((a) => a !== '--')].join(' ') });
      io.out('');
      io.out(`report: ${displayPath(files.html)}  (numbers in ${displayPath(files.json)})`);
    } else {
      await run(args.step);
    }
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    const message = firstLine(e);
    if (process.env.DEMO_DEBUG) io.err(e instanceof Error ? (e.stack ?? message) : String(e));
    else io.err(`error: ${message} (unexpected; DEMO_DEBUG=1 shows the stack trace)`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
