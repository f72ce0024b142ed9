/**
 * Learning-rate schedules (torch/optim/lr_scheduler.py, PyTorch 1.13) that step once per epoch or
 * batch: StepLR, ExponentialLR, CosineAnnealingLR and LinearLR in PyTorch's chainable (recursive)
 * form, which reads each group's current lr and so composes with another schedule or an lr set
 * by hand, and LambdaLR (base lr × a factor of the epoch). Construction applies epoch 0
 * (PyTorch's initial step); call `step()` after each `optimizer.step()`.
 */
import { EntropicError, type OptionSchema, type ParsedOptions, describeValue, opt, parseOptions } from '@entropic/core';
import { type JsonValue, decodeNumber, parseStateJson } from './serialize.js';
import { isPlainObject } from './validate.js';

/** What a schedule needs of an optimizer: its groups' learning rates (every optimizer here has them). */
export interface HasParamGroups {
  /** The parameter groups; a schedule reads and sets each group's `lr`. */
  readonly paramGroups: {
    /** The group's learning rate. */
    lr: number;
  }[];
}

/** What a schedule's `stateDict()` returns: plain JSON data to save and give back to `loadStateDict`. */
export interface SchedulerStateDict {
  /** The schedule's class name; a state is only loaded into the same kind of schedule. */
  scheduler: string;
  /** Epochs (calls to `step()`) so far. */
  lastEpoch: number;
  /** Calls to `step()` including the one made at construction. */
  stepCount: number;
  /** Each group's base learning rate. */
  baseLrs: number[];
  /** Each group's learning rate as last set by the schedule. */
  lastLr: number[];
  /** The options that JSON can hold (a LambdaLR's functions stay with the schedule they were given to). */
  options: { [name: string]: JsonValue };
}

/**
 * PyTorch's `group['initial_lr']`: a group's lr when the first schedule was attached to it. Every
 * later schedule on that group takes it as its base lr (PyTorch's `setdefault`), so two chained
 * schedules agree on the base; OneCycleLR overwrites it with maxLr / divFactor, as PyTorch does.
 */
const initialLrs = new WeakMap<object, number>();

export function initialLrOf(group: { lr: number }): number {
  let lr = initialLrs.get(group);
  if (lr === undefined) {
    lr = group.lr;
    initialLrs.set(group, lr);
  }
  return lr;
}

export function setInitialLr(group: { lr: number }, lr: number): void {
  initialLrs.set(group, lr);
}

/** Throws code TYPE unless `optimizer` has parameter groups holding numeric learning rates. */
export function checkOptimizer(fn: string, optimizer: unknown): asserts optimizer is HasParamGroups {
  const groups = (optimizer as Partial<HasParamGroups> | null)?.paramGroups;
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every((g) => typeof g?.lr === 'number')) {
    throw new EntropicError('TYPE', fn, `expected an optimizer (with paramGroups holding lr), got ${describeValue(optimizer)}`);
  }
}

/** The options JSON can hold: numbers, strings, booleans and arrays of numbers; functions and absent options are left out. */
export function jsonOptions(options: object): { [name: string]: JsonValue } {
  const out: { [name: string]: JsonValue } = {};
  for (const [key, v] of Object.entries(options)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[key] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) out[key] = v.slice();
  }
  return out;
}

/**
 * Saved options checked against `schema` as a constructor would check them; options JSON cannot
 * hold (functions) are kept from `current`. Any refusal has code FORMAT.
 */
export function loadOptions<S extends OptionSchema>(fn: string, saved: unknown, current: object, schema: S, check?: (fn: string, o: ParsedOptions<S>) => void): ParsedOptions<S> {
  if (!isPlainObject(saved)) throw new EntropicError('FORMAT', fn, `expected 'options' to be an object, got ${describeValue(saved)}`);
  const kept = Object.fromEntries(Object.entries(current).filter(([, v]) => typeof v === 'function'));
  try {
    const o = parseOptions(fn, { ...kept, ...saved }, schema);
    check?.(fn, o);
    return o;
  } catch (e) {
    throw new EntropicError('FORMAT', fn, `the saved options do not fit: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The base class of the epoch-based schedules ({@link StepLR}, {@link ExponentialLR},
 * {@link CosineAnnealingLR}, {@link LambdaLR}, {@link LinearLR}, {@link OneCycleLR}): each `step()` moves one
 * epoch and sets every parameter group's learning rate, as `torch.optim.lr_scheduler`. Call the
 * optimizer's `step()` first, then the schedule's.
 *
 * @example
 * ```ts
 * const opt = new SGD(params, { lr: 0.1, momentum: 0.9 });
 * const schedule = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   trainOneEpoch(opt);
 *   schedule.step();
 * }
 * ```
 */
export abstract class LRScheduler<O extends object = object> {
  /** The schedule's class name (`'StepLR'`, …), used in its error messages and state. */
  readonly name: string;
  /** The optimizer whose learning rates the schedule sets. */
  readonly optimizer: HasParamGroups;
  /** Each group's lr when the first schedule was attached to it (PyTorch's `base_lrs`). */
  baseLrs: number[] = [];
  /** Epochs (calls to `step()`) so far; 0 right after construction. */
  lastEpoch = -1;
  /** The schedule's options (PyTorch's attributes: `stepSize`, `gamma`, …), defaults filled in. */
  readonly options: O;
  /** Calls to `step()` so far, the one made at construction included. */
  protected stepCount = 0;
  private lastLrs: number[] = [];
  private readonly schema: OptionSchema;

  /** Checks the optimizer and the options; the subclass then calls `start()` (PyTorch's initial step). */
  protected constructor(name: string, optimizer: HasParamGroups, options: unknown, schema: OptionSchema) {
    this.name = name;
    checkOptimizer(name, optimizer);
    this.optimizer = optimizer;
    this.schema = schema;
    const parsed = parseOptions(name, options, schema);
    this.checkOptions(name, parsed as O);
    this.options = parsed as O;
  }

  /** Checks across options; throws code OPTION. */
  protected checkOptions(_fn: string, _options: O): void {}

  /** Takes the base lrs and applies epoch 0. */
  protected start(): void {
    this.baseLrs = this.optimizer.paramGroups.map(initialLrOf);
    this.step();
  }

  /** The lr each group uses at epoch `lastEpoch`, given the groups' current lrs. */
  protected abstract computeLrs(current: readonly number[]): number[];

  /** Advances one epoch and sets every group's lr. */
  step(): void {
    this.commit(this.nextLrs(`${this.name}.step`));
  }

  /** The next epoch's lrs, checked; nothing changes here. */
  protected nextLrs(fn: string): number[] {
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.baseLrs.length) {
      throw new EntropicError('STATE', fn, `the optimizer has ${groups.length} parameter group(s) but the schedule was made for ${this.baseLrs.length}`);
    }
    const epoch = this.lastEpoch + 1;
    const saved = this.lastEpoch;
    this.lastEpoch = epoch;
    let lrs: unknown[];
    try {
      lrs = this.computeLrs(groups.map((g) => g.lr));
    } finally {
      this.lastEpoch = saved;
    }
    lrs.forEach((lr, i) => {
      if (typeof lr !== 'number') throw new EntropicError('TYPE', fn, `expected the scheduled lr of group ${i} to be a number, got ${describeValue(lr)} at epoch ${epoch}`);
      if (!Number.isFinite(lr)) throw new EntropicError('NON_FINITE', fn, `expected the scheduled lr of group ${i} to be finite, got ${lr} at epoch ${epoch}`);
      if (lr < 0) throw new EntropicError('VALUE', fn, `expected the scheduled lr of group ${i} to be >= 0, got ${lr} at epoch ${epoch}`);
    });
    return lrs as number[];
  }

  /** Moves to the next epoch with `lrs` (from `nextLrs`). */
  protected commit(lrs: number[]): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    lrs.forEach((lr, i) => {
      this.optimizer.paramGroups[i]!.lr = lr;
    });
    this.lastLrs = lrs;
  }

  /** The first group's lr as last set by the schedule (PyTorch's `get_last_lr()[0]`). */
  get lr(): number {
    return this.lastLrs[0]!;
  }

  /** Every group's lr as last set by the schedule (PyTorch's `get_last_lr()`). */
  get lastLr(): number[] {
    return this.lastLrs.slice();
  }

  /** The schedule's state as plain JSON data, for `loadStateDict` (a LambdaLR's functions are not saved). */
  stateDict(): SchedulerStateDict {
    return {
      scheduler: this.name, lastEpoch: this.lastEpoch, stepCount: this.stepCount,
      baseLrs: this.baseLrs.slice(), lastLr: this.lastLrs.slice(), options: jsonOptions(this.options),
    };
  }

  /**
   * Restores a schedule saved by `stateDict()` (the object or its JSON text), and sets each group's
   * lr to the saved one, so the order of loading optimizer and schedule does not matter. Checked
   * before anything changes; every refusal has code FORMAT.
   */
  loadStateDict(stateDict: SchedulerStateDict | string): void {
    const fn = `${this.name}.loadStateDict`;
    const sd = parseStateJson(fn, stateDict);
    if (!isPlainObject(sd)) throw new EntropicError('FORMAT', fn, `expected a scheduler state dict, got ${describeValue(sd)}`);
    if (sd.scheduler !== this.name) throw new EntropicError('FORMAT', fn, `expected a state dict of ${this.name}, got one of ${describeValue(sd.scheduler)}`);
    const n = this.optimizer.paramGroups.length;
    const lrs = (key: string): number[] => {
      const v = sd[key];
      if (!Array.isArray(v) || v.length !== n) throw new EntropicError('FORMAT', fn, `expected ${key} to hold ${n} number(s), one per parameter group, got ${describeValue(v)}`);
      return v.map((x, i) => {
        const lr = decodeNumber(fn, `${key}[${i}]`, x);
        if (!(lr >= 0 && Number.isFinite(lr))) throw new EntropicError('FORMAT', fn, `expected ${key}[${i}] to be a finite lr >= 0, got ${describeValue(x)}`);
        return lr;
      });
    };
    const integer = (key: string, min: number): number => {
      const v = sd[key];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new EntropicError('FORMAT', fn, `expected ${key} to be an integer >= ${min}, got ${describeValue(v)}`);
      return v;
    };
    const lastEpoch = integer('lastEpoch', 0);
    const stepCount = integer('stepCount', 1);
    const baseLrs = lrs('baseLrs');
    const lastLr = lrs('lastLr');
    const options = loadOptions(fn, sd.options, this.options, this.schema, (f, o) => this.checkOptions(f, o as O));
    const restoreExtras = this.loadExtras(fn, options as O, lastEpoch);
    // Everything checked: replace.
    this.lastEpoch = lastEpoch;
    this.stepCount = stepCount;
    this.baseLrs = baseLrs;
    this.lastLrs = lastLr;
    Object.assign(this.options, options);
    lastLr.forEach((lr, i) => {
      this.optimizer.paramGroups[i]!.lr = lr;
    });
    restoreExtras();
  }

  /** Checks what a subclass restores beyond the common state, and returns the function that restores it. */
  protected loadExtras(_fn: string, _options: O, _lastEpoch: number): () => void {
    return () => {};
  }
}

const stepLRSchema = {
  stepSize: opt.number({ integer: true, min: 1, required: true }),
  gamma: opt.number({ gt: 0, default: 0.1 }),
};

/** Options of {@link StepLR}: multiply the lr by `gamma` (default 0.1) every `stepSize` epochs. */
export type StepLROptions = ParsedOptions<typeof stepLRSchema>;

/** lr ← lr·γ every `stepSize` epochs. */
export class StepLR extends LRScheduler<StepLROptions> {
  constructor(optimizer: HasParamGroups, options: { stepSize: number; gamma?: number }) {
    super('StepLR', optimizer, options, stepLRSchema);
    this.start();
  }

  protected computeLrs(current: readonly number[]): number[] {
    const { stepSize, gamma } = this.options;
    if (this.lastEpoch === 0 || this.lastEpoch % stepSize !== 0) return current.slice();
    return current.map((lr) => lr * gamma);
  }
}

const exponentialLRSchema = { gamma: opt.number({ gt: 0, required: true }) };

/** Options of {@link ExponentialLR}: multiply the lr by `gamma` every epoch. */
export type ExponentialLROptions = ParsedOptions<typeof exponentialLRSchema>;

/** lr ← lr·γ every epoch. */
export class ExponentialLR extends LRScheduler<ExponentialLROptions> {
  constructor(optimizer: HasParamGroups, options: { gamma: number }) {
    super('ExponentialLR', optimizer, options, exponentialLRSchema);
    this.start();
  }

  protected computeLrs(current: readonly number[]): number[] {
    if (this.lastEpoch === 0) return current.slice();
    return current.map((lr) => lr * this.options.gamma);
  }
}

const cosineAnnealingLRSchema = {
  tMax: opt.number({ gt: 0, required: true }),
  etaMin: opt.number({ min: 0, default: 0 }),
};

/**
 * Options of {@link CosineAnnealingLR}: anneal from the base lr to `etaMin` (default 0) over `tMax` epochs, following the cosine.
 */
export type CosineAnnealingLROptions = ParsedOptions<typeof cosineAnnealingLRSchema>;

/**
 * lr_t = etaMin + (base − etaMin)(1 + cos(πt / tMax)) / 2, computed recursively from the
 * previous lr as PyTorch does (so the values agree to the last bit); past tMax it keeps
 * following the cosine back up (SGDR without restarts).
 */
export class CosineAnnealingLR extends LRScheduler<CosineAnnealingLROptions> {
  constructor(optimizer: HasParamGroups, options: { tMax: number; etaMin?: number }) {
    super('CosineAnnealingLR', optimizer, options, cosineAnnealingLRSchema);
    this.start();
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

/** The factor of the epoch a LambdaLR multiplies the base lr by. */
export type LrLambda = (epoch: number) => number;

function isLrLambdas(v: unknown): v is LrLambda | LrLambda[] {
  return typeof v === 'function' || (Array.isArray(v) && v.length > 0 && v.every((f) => typeof f === 'function'));
}

const lambdaLRSchema = {
  lrLambda: opt.custom('a function (epoch) => factor, or an array of them (one per parameter group)', isLrLambdas, { required: true }),
};

/**
 * Options of {@link LambdaLR}: `lrLambda(epoch)` gives the factor of the base lr (one function per group, or one for all).
 */
export type LambdaLROptions = ParsedOptions<typeof lambdaLRSchema>;

/**
 * lr = base lr × lrLambda(epoch), one function for every group or one per group. Not chainable
 * (it sets the lr outright). `stateDict()` cannot hold the functions: a schedule restored with
 * `loadStateDict()` keeps the ones it was constructed with.
 */
export class LambdaLR extends LRScheduler<LambdaLROptions> {
  constructor(optimizer: HasParamGroups, options: { lrLambda: LrLambda | LrLambda[] }) {
    super('LambdaLR', optimizer, options, lambdaLRSchema);
    this.start();
  }

  protected override checkOptions(fn: string, o: LambdaLROptions): void {
    const n = this.optimizer.paramGroups.length;
    if (Array.isArray(o.lrLambda) && o.lrLambda.length !== n) {
      throw new EntropicError('OPTION', fn, `expected option 'lrLambda' to hold ${n} function(s), one per parameter group, got an array of length ${o.lrLambda.length}`);
    }
  }

  protected computeLrs(): number[] {
    const { lrLambda } = this.options;
    return this.baseLrs.map((base, i) => {
      const factor: unknown = (Array.isArray(lrLambda) ? lrLambda[i]! : lrLambda)(this.lastEpoch);
      if (typeof factor !== 'number') {
        throw new EntropicError('TYPE', `${this.name}.step`, `expected lrLambda(${this.lastEpoch}) to return a number, got ${describeValue(factor)}${Array.isArray(lrLambda) ? ` (group ${i})` : ''}`);
      }
      return base * factor;
    });
  }
}

const linearLRSchema = {
  // PyTorch 1.13 accepts a start factor of 0 and then divides by zero at epoch 1.
  startFactor: opt.number({ gt: 0, max: 1, default: 1 / 3 }),
  endFactor: opt.number({ min: 0, max: 1, default: 1 }),
  totalIters: opt.number({ integer: true, min: 1, default: 5 }),
};

/**
 * Options of {@link LinearLR}: scale the base lr linearly from `startFactor` (default 1/3) to `endFactor` (default 1) over `totalIters` epochs (default 5).
 */
export type LinearLROptions = ParsedOptions<typeof linearLRSchema>;

/**
 * Linear warm-up (or decay): the lr's factor moves from `startFactor` at epoch 0 to `endFactor`
 * at epoch `totalIters` in equal steps, then stays. Chainable, as PyTorch's: each step multiplies
 * the current lr by the ratio of consecutive factors.
 */
export class LinearLR extends LRScheduler<LinearLROptions> {
  constructor(optimizer: HasParamGroups, options: { startFactor?: number; endFactor?: number; totalIters?: number } = {}) {
    super('LinearLR', optimizer, options, linearLRSchema);
    this.start();
  }

  protected computeLrs(current: readonly number[]): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this.options;
    const t = this.lastEpoch;
    if (t === 0) return current.map((lr) => lr * s);
    if (t > n) return current.slice();
    // PyTorch's order of operations, so the lrs agree to the last bit.
    return current.map((lr) => lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }
}
