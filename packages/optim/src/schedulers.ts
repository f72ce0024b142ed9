/**
 * Learning-rate schedules (torch/optim/lr_scheduler.py, PyTorch 1.13): StepLR, ExponentialLR and
 * CosineAnnealingLR in PyTorch's chainable (recursive) form, which reads each group's current lr
 * and so composes with an lr set by hand. Construction applies epoch 0 (PyTorch's initial step);
 * call `step()` after each `optimizer.step()`.
 */
import { type JsonValue, decodeNumber } from './serialize.js';
import { checkNonNegative, checkOptionNames, checkPositive, checkPositiveInteger, describe, isPlainObject } from './validate.js';

/** What a schedule needs of an optimizer: its groups' learning rates (every optimizer here has them). */
export interface HasParamGroups {
  readonly paramGroups: { lr: number }[];
}

export interface SchedulerStateDict {
  scheduler: string;
  lastEpoch: number;
  stepCount: number;
  baseLrs: number[];
  lastLr: number[];
  options: { [name: string]: JsonValue };
}

export abstract class LRScheduler<O extends { [name: string]: number } = { [name: string]: number }> {
  readonly name: string;
  readonly optimizer: HasParamGroups;
  /** Each group's lr when the schedule was created. */
  baseLrs: number[];
  /** Epochs (calls to `step()`) so far; 0 right after construction. */
  lastEpoch = -1;
  /** The schedule's options (PyTorch's attributes: `stepSize`, `gamma`, …). */
  readonly options: O;
  protected stepCount = 0;
  private lastLrs: number[] = [];
  private readonly checkOpts: (fn: string, o: Record<string, unknown>) => O;

  protected constructor(name: string, optimizer: HasParamGroups, options: unknown, known: readonly string[], check: (fn: string, o: Record<string, unknown>) => O) {
    this.name = name;
    const groups = (optimizer as Partial<HasParamGroups> | null)?.paramGroups;
    if (!Array.isArray(groups) || groups.length === 0 || !groups.every((g) => typeof g?.lr === 'number')) {
      throw new Error(`${name}: expected an optimizer (with paramGroups holding lr), got ${describe(optimizer)}`);
    }
    this.optimizer = optimizer;
    this.checkOpts = check;
    this.options = check(name, checkOptionNames(name, options ?? {}, known));
    this.baseLrs = groups.map((g) => g.lr);
    this.step();
  }

  /** The lr each group uses next, given the groups' current lrs and `lastEpoch`. */
  protected abstract computeLrs(current: readonly number[]): number[];

  /** Advances one epoch and sets every group's lr. */
  step(): void {
    const fn = `${this.name}.step`;
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.baseLrs.length) {
      throw new Error(`${fn}: the optimizer has ${groups.length} parameter group(s) but the schedule was made for ${this.baseLrs.length}`);
    }
    const lrs = this.computeLrsAt(this.lastEpoch + 1, groups.map((g) => g.lr));
    lrs.forEach((lr, i) => {
      if (!Number.isFinite(lr) || lr < 0) throw new Error(`${fn}: expected the scheduled lr of group ${i} to be a finite number >= 0, got ${lr} at epoch ${this.lastEpoch + 1}`);
    });
    this.stepCount += 1;
    this.lastEpoch += 1;
    lrs.forEach((lr, i) => {
      groups[i]!.lr = lr;
    });
    this.lastLrs = lrs;
  }

  private computeLrsAt(epoch: number, current: number[]): number[] {
    const saved = this.lastEpoch;
    this.lastEpoch = epoch;
    try {
      return this.computeLrs(current);
    } finally {
      this.lastEpoch = saved;
    }
  }

  /** The first group's lr as last set by the schedule (PyTorch's `get_last_lr()[0]`). */
  get lr(): number {
    return this.lastLrs[0]!;
  }

  /** Every group's lr as last set by the schedule (PyTorch's `get_last_lr()`). */
  get lastLr(): number[] {
    return this.lastLrs.slice();
  }

  stateDict(): SchedulerStateDict {
    return {
      scheduler: this.name, lastEpoch: this.lastEpoch, stepCount: this.stepCount,
      baseLrs: this.baseLrs.slice(), lastLr: this.lastLrs.slice(), options: { ...this.options },
    };
  }

  /** Restores a schedule saved by `stateDict()` (the object or its JSON text); checked before anything changes. */
  loadStateDict(stateDict: SchedulerStateDict | string): void {
    const fn = `${this.name}.loadStateDict`;
    let sd: unknown = stateDict;
    if (typeof sd === 'string') {
      try {
        sd = JSON.parse(sd);
      } catch (e) {
        throw new Error(`${fn}: expected a state dict or its JSON text, got text that is not JSON (${(e as Error).message})`);
      }
    }
    if (!isPlainObject(sd)) throw new Error(`${fn}: expected a scheduler state dict, got ${describe(sd)}`);
    if (sd.scheduler !== this.name) throw new Error(`${fn}: expected a state dict of ${this.name}, got one of ${describe(sd.scheduler)}`);
    const n = this.optimizer.paramGroups.length;
    const numbers = (key: string): number[] => {
      const v = sd[key];
      if (!Array.isArray(v) || v.length !== n) throw new Error(`${fn}: expected ${key} to hold ${n} number(s), one per parameter group, got ${describe(v)}`);
      return v.map((x, i) => decodeNumber(fn, `${key}[${i}]`, x));
    };
    const integer = (key: string, min: number): number => {
      const v = sd[key];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new Error(`${fn}: expected ${key} to be an integer >= ${min}, got ${describe(v)}`);
      return v;
    };
    const lastEpoch = integer('lastEpoch', 0);
    const stepCount = integer('stepCount', 1);
    const baseLrs = numbers('baseLrs');
    const lastLr = numbers('lastLr');
    const options = this.checkOpts(fn, checkOptionNames(fn, sd.options, Object.keys(this.options)));
    this.lastEpoch = lastEpoch;
    this.stepCount = stepCount;
    this.baseLrs = baseLrs;
    this.lastLrs = lastLr;
    Object.assign(this.options, options);
  }
}

export interface StepLROptions {
  [name: string]: number;
  /** Epochs between decays. */
  stepSize: number;
  /** Multiplicative factor. Default 0.1. */
  gamma: number;
}

/** lr ← lr·γ every `stepSize` epochs. */
export class StepLR extends LRScheduler<StepLROptions> {
  constructor(optimizer: HasParamGroups, options: { stepSize: number; gamma?: number }) {
    super('StepLR', optimizer, options, ['stepSize', 'gamma'], (fn, o) => ({
      stepSize: checkPositiveInteger(fn, 'stepSize', o.stepSize),
      gamma: checkPositive(fn, 'gamma', o.gamma ?? 0.1),
    }));
  }

  protected computeLrs(current: readonly number[]): number[] {
    const { stepSize, gamma } = this.options;
    if (this.lastEpoch === 0 || this.lastEpoch % stepSize !== 0) return current.slice();
    return current.map((lr) => lr * gamma);
  }
}

export interface ExponentialLROptions {
  [name: string]: number;
  /** Multiplicative factor per epoch. */
  gamma: number;
}

/** lr ← lr·γ every epoch. */
export class ExponentialLR extends LRScheduler<ExponentialLROptions> {
  constructor(optimizer: HasParamGroups, options: { gamma: number }) {
    super('ExponentialLR', optimizer, options, ['gamma'], (fn, o) => ({ gamma: checkPositive(fn, 'gamma', o.gamma) }));
  }

  protected computeLrs(current: readonly number[]): number[] {
    if (this.lastEpoch === 0) return current.slice();
    return current.map((lr) => lr * this.options.gamma);
  }
}

export interface CosineAnnealingLROptions {
  [name: string]: number;
  /** Half-period in epochs: the lr reaches etaMin at epoch tMax. */
  tMax: number;
  /** Minimum lr. Default 0. */
  etaMin: number;
}

/**
 * lr_t = etaMin + (base − etaMin)(1 + cos(πt / tMax)) / 2, computed recursively from the
 * previous lr as PyTorch does (so the values agree to the last bit); past tMax it keeps
 * following the cosine back up (SGDR without restarts).
 */
export class CosineAnnealingLR extends LRScheduler<CosineAnnealingLROptions> {
  constructor(optimizer: HasParamGroups, options: { tMax: number; etaMin?: number }) {
    super('CosineAnnealingLR', optimizer, options, ['tMax', 'etaMin'], (fn, o) => ({
      tMax: checkPositive(fn, 'tMax', o.tMax),
      etaMin: checkNonNegative(fn, 'etaMin', o.etaMin ?? 0),
    }));
  }

  protected computeLrs(current: readonly number[]): number[] {
    const { tMax, etaMin } = this.options;
    const e = this.lastEpoch;
    if (e === 0) return current.slice();
    if ((e - 1 - tMax) % (2 * tMax) === 0) {
      // Trap: here the recursion's denominator 1 + cos(π(e − 1)/tMax) is 0; PyTorch steps off the trough explicitly.
      return current.map((lr, i) => lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return current.map((lr) => ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) * (lr - etaMin) + etaMin);
  }
}
