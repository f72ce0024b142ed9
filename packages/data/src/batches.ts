/** `batches`: a seeded, reproducible mini-batch iterator (a small DataLoader). */
import { EntropicError, RandomGenerator, type Tensor, describeValue, opt, parseOptions, randomSeed } from '@entropic/core';
import { seedOption } from './rng.js';
import { checkSameRows, checkTensor, takeRows } from './tensors.js';

/** Options of {@link batches}. */
export interface BatchesOptions {
  /** Samples per batch (default 1, as PyTorch's DataLoader); the last batch may be smaller. */
  batchSize?: number;
  /** Visit the samples in a new random order every epoch (default false, as PyTorch). */
  shuffle?: boolean;
  /** Seed of the shuffles (any safe integer). Without one the order differs from run to run. */
  seed?: number;
  /** Leave out the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
}

/** One mini-batch: the rows of X and y, and where they came from. */
export interface Batch {
  /** Rows of X, `[b, …]`, X's dtype. */
  X: Tensor;
  /** Rows of y, `[b, …]`, y's dtype. */
  y: Tensor;
  /** Row indices of this batch in the original X. */
  indices: Int32Array;
}

/**
 * Mini-batches of `(X, y)`. Iterating the returned object runs one epoch; iterating it again
 * runs the next epoch (a new order when `shuffle`). Every epoch covers each sample exactly
 * once (unless `dropLast`). `epoch(k)` gives epoch k directly: with a seed, epoch k has the
 * same batches on every run and platform, however the epochs before it were consumed.
 */
export class Batches implements Iterable<Batch> {
  /** Number of batches per epoch. */
  readonly length: number;
  /** Samples per epoch. */
  readonly numSamples: number;
  /** Samples per batch (the last may hold fewer, unless `dropLast`). */
  readonly batchSize: number;
  /** Whether each epoch visits the samples in a new random order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is left out. */
  readonly dropLast: boolean;
  /** The seed in use (drawn at random when none was given). */
  readonly seed: number;
  private nextEpoch = 0;

  constructor(
    private readonly X: Tensor,
    private readonly y: Tensor,
    opts: { batchSize: number; shuffle: boolean; seed: number; dropLast: boolean },
  ) {
    this.numSamples = X.shape[0]!;
    this.batchSize = opts.batchSize;
    this.shuffle = opts.shuffle;
    this.dropLast = opts.dropLast;
    this.seed = opts.seed;
    this.length = this.dropLast
      ? Math.floor(this.numSamples / this.batchSize)
      : Math.ceil(this.numSamples / this.batchSize);
  }

  /** The order in which epoch `k` visits the samples. */
  order(k: number): Int32Array {
    if (!Number.isSafeInteger(k) || k < 0) {
      throw new EntropicError('VALUE', 'Batches.order', `expected the epoch to be a non-negative integer, got ${describeValue(k)}`);
    }
    const n = this.numSamples;
    if (!this.shuffle) return Int32Array.from({ length: n }, (_, i) => i);
    return new RandomGenerator(this.seed, k).permutation(n);
  }

  /** The batches of epoch `k` (0-based). */
  *epoch(k: number): Generator<Batch, void, undefined> {
    const order = this.order(k);
    const b = this.batchSize;
    for (let s = 0; s < this.length; s++) {
      const start = s * b;
      const end = Math.min(start + b, order.length);
      yield {
        X: takeRows(this.X, order, start, end),
        y: takeRows(this.y, order, start, end),
        indices: order.slice(start, end),
      };
    }
  }

  /** The next epoch (0 the first time, then 1, 2, …). */
  [Symbol.iterator](): Iterator<Batch> {
    return this.epoch(this.nextEpoch++);
  }
}

const BATCHES_OPTIONS = {
  batchSize: opt.number({ integer: true, min: 1, default: 1 }),
  shuffle: opt.boolean({ default: false }),
  seed: seedOption,
  dropLast: opt.boolean({ default: false }),
};

/**
 * Mini-batches of `X` `[n, …]` and `y` `[n, …]`.
 *
 * ```ts
 * const loader = batches(X, y, { batchSize: 32, shuffle: true, seed: 0 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const { X: xb, y: yb } of loader) { ... } // each pass is a new epoch, a new order
 * }
 * ```
 */
export function batches(X: Tensor, y: Tensor, opts: BatchesOptions = {}): Batches {
  const fn = 'batches';
  const o = parseOptions(fn, opts, BATCHES_OPTIONS);
  const x = checkTensor(fn, 'X', X, { minDim: 1 });
  const yt = checkTensor(fn, 'y', y, { minDim: 1 });
  checkSameRows(fn, x, yt);
  return new Batches(x, yt, { batchSize: o.batchSize, shuffle: o.shuffle, seed: o.seed ?? randomSeed(), dropLast: o.dropLast });
}
