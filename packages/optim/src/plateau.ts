/**
 * Reduce the learning rate when a monitored metric stops improving, as
 * torch.optim.lr_scheduler.ReduceLROnPlateau in PyTorch 1.13: after more than `patience` epochs
 * without a significant improvement (beyond `threshold`, relative or absolute) every group's lr is
 * multiplied by `factor` (not below `minLr`), then `cooldown` epochs pass before bad epochs count
 * again. Call `step(metric)` once per epoch with the validation metric.
 */
import { EntropicError, type ParsedOptions, type Tensor, describeValue, opt, parseOptions } from '@entropic/core';
import { type HasParamGroups, checkOptimizer, jsonOptions, loadOptions } from './schedulers.js';
import { decodeNumber, encodeNumber, parseStateJson } from './serialize.js';
import { isNumberOrNumbers, isPlainObject, isTensor, perGroup } from './validate.js';

const plateauSchema = {
  mode: opt.oneOf(['min', 'max'] as const, { default: 'min' }),
  factor: opt.number({ min: 0, lt: 1, default: 0.1 }),
  patience: opt.number({ integer: true, min: 0, default: 10 }),
  threshold: opt.number({ min: 0, default: 1e-4 }),
  thresholdMode: opt.oneOf(['rel', 'abs'] as const, { default: 'rel' }),
  cooldown: opt.number({ integer: true, min: 0, default: 0 }),
  minLr: opt.custom('a finite number >= 0, or an array of them (one per parameter group)', isNumberOrNumbers, { default: 0 }),
  eps: opt.number({ min: 0, default: 1e-8 }),
};

/** Options of {@link ReduceLROnPlateau} (defaults in the class description). */
export type ReduceLROnPlateauOptions = ParsedOptions<typeof plateauSchema>;

/** What {@link ReduceLROnPlateau}'s `stateDict()` returns: plain JSON data. */
export interface ReduceLROnPlateauStateDict {
  /** The class name. */
  scheduler: 'ReduceLROnPlateau';
  /** Calls to `step()` so far. */
  lastEpoch: number;
  /** The best metric so far ('Infinity' / '-Infinity' before the first step). */
  best: number | string;
  /** Epochs since the metric last improved. */
  numBadEpochs: number;
  /** Epochs of cooldown left. */
  cooldownCounter: number;
  /** Each group's learning rate as last set. */
  lastLr: number[];
  /** The options, as JSON. */
  options: { [name: string]: number | string | number[] };
}

const minLrRule = opt.number({ min: 0 });

function checkPlateauOptions(fn: string, o: ReduceLROnPlateauOptions, groups: number): number[] {
  // best·(1 − threshold) would be ∞·0 = NaN at the start (and no metric could ever be better).
  if (o.mode === 'min' && o.thresholdMode === 'rel' && o.threshold >= 1) {
    throw new EntropicError('OPTION', fn, `expected threshold < 1 with mode 'min' and thresholdMode 'rel', got ${o.threshold}`);
  }
  return perGroup(fn, 'minLr', o.minLr, groups, minLrRule);
}

/**
 * `new ReduceLROnPlateau(opt, { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4,
 * thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 })`; `minLr` may be one value per
 * group. A reduction smaller than `eps` is skipped. Unlike the epoch schedules it does not change
 * the lr at construction, and it multiplies the current lr, so it chains with them.
 */
export class ReduceLROnPlateau {
  /** The class name, used in error messages and the saved state. */
  readonly name = 'ReduceLROnPlateau';
  /** The optimizer whose learning rates the schedule lowers. */
  readonly optimizer: HasParamGroups;
  /** The options, defaults filled in. */
  readonly options: ReduceLROnPlateauOptions;
  /** Each group's lower bound. */
  minLrs: number[];
  /** The best metric seen (±Infinity before the first step). */
  best: number;
  /** Epochs since the last improvement (reset by a reduction and during cooldown). */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Calls to `step(metric)` so far. */
  lastEpoch = 0;
  private lastLrs: number[];

  constructor(optimizer: HasParamGroups, options: Partial<Omit<ReduceLROnPlateauOptions, 'minLr'>> & { minLr?: number | number[] } = {}) {
    const fn = this.name;
    checkOptimizer(fn, optimizer);
    this.optimizer = optimizer;
    this.options = parseOptions(fn, options, plateauSchema);
    this.minLrs = checkPlateauOptions(fn, this.options, optimizer.paramGroups.length);
    this.best = this.worst();
    this.lastLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  private worst(): number {
    return this.options.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  /** Whether `a` improves on `best` by more than the threshold (PyTorch's is_better). */
  private isBetter(a: number, best: number): boolean {
    const { mode, threshold, thresholdMode } = this.options;
    if (mode === 'min') return thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  }

  /** Whether the schedule is waiting out its cooldown after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /**
   * Records one epoch's metric (a number or a one-element Tensor) and reduces the lr after more
   * than `patience` bad epochs. A NaN metric throws (code NON_FINITE) and changes nothing.
   */
  step(metric: number | Tensor): void {
    const fn = `${this.name}.step`;
    let current: number;
    if (typeof metric === 'number') current = metric;
    else if (isTensor(metric) && metric.size === 1) current = metric.data[0]!;
    else throw new EntropicError('TYPE', fn, `expected the metric as a number or a one-element Tensor, got ${describeValue(metric)}`);
    if (Number.isNaN(current)) throw new EntropicError('NON_FINITE', fn, `expected a metric that is not NaN, got NaN at epoch ${this.lastEpoch + 1}`);
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.minLrs.length) {
      throw new EntropicError('STATE', fn, `the optimizer has ${groups.length} parameter group(s) but the schedule was made for ${this.minLrs.length}`);
    }
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.options.patience) {
      groups.forEach((g, i) => {
        const old = g.lr;
        const reduced = Math.max(old * this.options.factor, this.minLrs[i]!);
        if (old - reduced > this.options.eps) g.lr = reduced;
      });
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLrs = groups.map((g) => g.lr);
  }

  /** The first group's lr after the last step (PyTorch's `get_last_lr()[0]`). */
  get lr(): number {
    return this.lastLrs[0]!;
  }

  /** Every group's lr after the last step (PyTorch's `get_last_lr()`). */
  get lastLr(): number[] {
    return this.lastLrs.slice();
  }

  /** The schedule's state as plain JSON data, for `loadStateDict`. */
  stateDict(): ReduceLROnPlateauStateDict {
    return {
      scheduler: this.name, lastEpoch: this.lastEpoch, best: encodeNumber(this.best), numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter, lastLr: this.lastLrs.slice(),
      options: jsonOptions(this.options) as ReduceLROnPlateauStateDict['options'],
    };
  }

  /**
   * Restores a schedule saved by `stateDict()` (the object or its JSON text) and sets each group's
   * lr to the saved one. Checked before anything changes; every refusal has code FORMAT.
   */
  loadStateDict(stateDict: ReduceLROnPlateauStateDict | string): void {
    const fn = `${this.name}.loadStateDict`;
    const sd = parseStateJson(fn, stateDict);
    if (!isPlainObject(sd)) throw new EntropicError('FORMAT', fn, `expected a scheduler state dict, got ${describeValue(sd)}`);
    if (sd.scheduler !== this.name) throw new EntropicError('FORMAT', fn, `expected a state dict of ${this.name}, got one of ${describeValue(sd.scheduler)}`);
    const n = this.optimizer.paramGroups.length;
    const integer = (key: string): number => {
      const v = sd[key];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new EntropicError('FORMAT', fn, `expected ${key} to be an integer >= 0, got ${describeValue(v)}`);
      return v;
    };
    const lastEpoch = integer('lastEpoch');
    const numBadEpochs = integer('numBadEpochs');
    const cooldownCounter = integer('cooldownCounter');
    const best = decodeNumber(fn, 'best', sd.best);
    if (Number.isNaN(best)) throw new EntropicError('FORMAT', fn, 'expected best to be a number, got NaN');
    const lastLr = sd.lastLr;
    if (!Array.isArray(lastLr) || lastLr.length !== n || !lastLr.every((lr) => typeof lr === 'number' && Number.isFinite(lr) && lr >= 0)) {
      throw new EntropicError('FORMAT', fn, `expected lastLr to hold ${n} finite lr(s) >= 0, one per parameter group, got ${describeValue(lastLr)}`);
    }
    let minLrs: number[] = [];
    const options = loadOptions(fn, sd.options, this.options, plateauSchema, (f, o) => {
      minLrs = checkPlateauOptions(f, o, n);
    });
    // Everything checked: replace.
    Object.assign(this.options, options);
    this.minLrs = minLrs;
    this.lastEpoch = lastEpoch;
    this.numBadEpochs = numBadEpochs;
    this.cooldownCounter = cooldownCounter;
    this.best = best;
    this.lastLrs = (lastLr as number[]).slice();
    this.lastLrs.forEach((lr, i) => {
      this.optimizer.paramGroups[i]!.lr = lr;
    });
  }
}
