/**
 * The 1cycle policy (Smith & Topin, "Super-Convergence"), as torch.optim.lr_scheduler.OneCycleLR
 * in PyTorch 1.13: the lr rises from maxLr / divFactor to maxLr over the first `pctStart` of the
 * steps, then anneals to maxLr / (divFactor · finalDivFactor); momentum (SGD's and RMSprop's
 * `momentum`, Adam's β₁) cycles the other way between maxMomentum and baseMomentum. Step it after
 * every batch.
 */
import { EntropicError, type ParsedOptions, opt } from '@entropic/core';
import { type HasParamGroups, LRScheduler, setInitialLr } from './schedulers.js';
import { isDecayRate, isNumberOrNumbers, perGroup } from './validate.js';

const positiveInteger = opt.number({ integer: true, min: 1 });
const finiteNonNegative = opt.number({ min: 0 });
const decayRate = opt.custom('a number in [0, 1)', isDecayRate);

const oneCycleLRSchema = {
  maxLr: opt.custom('a finite number >= 0, or an array of them (one per parameter group)', isNumberOrNumbers, { required: true }),
  totalSteps: positiveInteger,
  epochs: positiveInteger,
  stepsPerEpoch: positiveInteger,
  pctStart: opt.number({ min: 0, max: 1, default: 0.3 }),
  annealStrategy: opt.oneOf(['cos', 'linear'] as const, { default: 'cos' }),
  cycleMomentum: opt.boolean({ default: true }),
  baseMomentum: opt.custom('a number in [0, 1), or an array of them (one per parameter group)', isNumberOrNumbers, { default: 0.85 }),
  maxMomentum: opt.custom('a number in [0, 1), or an array of them (one per parameter group)', isNumberOrNumbers, { default: 0.95 }),
  divFactor: opt.number({ gt: 0, default: 25 }),
  finalDivFactor: opt.number({ gt: 0, default: 1e4 }),
  threePhase: opt.boolean({ default: false }),
};

/**
 * The options of {@link OneCycleLR} as it holds them (every default filled in); see {@link OneCycleLRInit} for what to pass.
 */
export type OneCycleLROptions = ParsedOptions<typeof oneCycleLRSchema>;

/** What the caller gives: `maxLr`, and `totalSteps` or both `epochs` and `stepsPerEpoch`. */
export type OneCycleLRInit = {
  /** The peak learning rate (one per parameter group, or one for all). */
  maxLr: number | number[];
} & Partial<Omit<OneCycleLROptions, 'maxLr'>>;

type Level = 'initial' | 'max' | 'min';
type MomentumLevel = 'max' | 'base';

interface Phase {
  endStep: number;
  startLr: Level;
  endLr: Level;
  startMomentum: MomentumLevel;
  endMomentum: MomentumLevel;
}

/** Where the optimizer keeps the momentum the schedule cycles. */
type MomentumSlot = 'betas' | 'momentum' | null;

/** Per-group levels, derived from the options (PyTorch keeps them in the param groups). */
interface Levels {
  totalSteps: number;
  phases: Phase[];
  lr: Record<Level, number[]>;
  momentum: Record<MomentumLevel, number[]>;
}

function levels(fn: string, o: OneCycleLROptions, groups: number): Levels {
  const totalSteps = o.totalSteps ?? o.epochs! * o.stepsPerEpoch!;
  const maxLr = perGroup(fn, 'maxLr', o.maxLr, groups, finiteNonNegative);
  const initial = maxLr.map((m) => m / o.divFactor);
  const min = initial.map((i) => i / o.finalDivFactor);
  const p = o.pctStart;
  const phases: Phase[] = o.threePhase
    ? [
        { endStep: p * totalSteps - 1, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
        { endStep: 2 * p * totalSteps - 2, startLr: 'max', endLr: 'initial', startMomentum: 'base', endMomentum: 'max' },
        { endStep: totalSteps - 1, startLr: 'initial', endLr: 'min', startMomentum: 'max', endMomentum: 'max' },
      ]
    : [
        { endStep: p * totalSteps - 1, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
        { endStep: totalSteps - 1, startLr: 'max', endLr: 'min', startMomentum: 'base', endMomentum: 'max' },
      ];
  return {
    totalSteps,
    phases,
    lr: { initial, max: maxLr, min },
    momentum: {
      max: perGroup(fn, 'maxMomentum', o.maxMomentum, groups, decayRate),
      base: perGroup(fn, 'baseMomentum', o.baseMomentum, groups, decayRate),
    },
  };
}

/** The phase `step` falls in and how far along it is (PyTorch's get_lr loop); code STATE past the last step. */
function locate(fn: string, l: Levels, step: number, pctStart: number): { phase: Phase; pct: number } {
  if (step > l.totalSteps) {
    throw new EntropicError('STATE', fn, `tried to step ${step + 1} times, but the schedule has ${l.totalSteps} steps (totalSteps)`);
  }
  const last = l.phases.length - 1;
  let i = 0;
  let start = 0;
  while (i < last && step > l.phases[i]!.endStep) {
    start = l.phases[i]!.endStep;
    i++;
  }
  const phase = l.phases[i]!;
  // PyTorch raises ZeroDivisionError here.
  if (phase.endStep === start) throw new EntropicError('VALUE', fn, `phase ${i + 1} of the cycle is empty at step ${step} (pctStart ${pctStart}, ${l.totalSteps} steps)`);
  return { phase, pct: (step - start) / (phase.endStep - start) };
}

function anneal(strategy: 'cos' | 'linear', start: number, end: number, pct: number): number {
  if (strategy === 'linear') return (end - start) * pct + start;
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2) * cosOut;
}

function momentumSlot(optimizer: HasParamGroups): MomentumSlot {
  // PyTorch looks at optimizer.defaults and prefers betas.
  const defaults = (optimizer as { defaults?: object }).defaults ?? optimizer.paramGroups[0]!;
  if ('betas' in defaults) return 'betas';
  if ('momentum' in defaults) return 'momentum';
  return null;
}

/**
 * `new OneCycleLR(opt, { maxLr, totalSteps })` or `{ maxLr, epochs, stepsPerEpoch }`, with
 * `pctStart = 0.3`, `annealStrategy = 'cos'`, `cycleMomentum = true`, `baseMomentum = 0.85`,
 * `maxMomentum = 0.95`, `divFactor = 25`, `finalDivFactor = 1e4`, `threePhase = false`.
 * `maxLr` and the momenta may be arrays, one value per parameter group. Not chainable (it sets
 * the lr outright); stepping past `totalSteps` throws, as PyTorch.
 */
export class OneCycleLR extends LRScheduler<OneCycleLROptions> {
  private levels: Levels;
  private slot: MomentumSlot;

  constructor(optimizer: HasParamGroups, options: OneCycleLRInit) {
    super('OneCycleLR', optimizer, options, oneCycleLRSchema);
    this.levels = levels(this.name, this.options, optimizer.paramGroups.length);
    this.slot = this.options.cycleMomentum ? momentumSlot(optimizer) : null;
    this.levels.lr.initial.forEach((lr, i) => {
      setInitialLr(optimizer.paramGroups[i]!, lr);
    });
    this.start();
  }

  protected override checkOptions(fn: string, o: OneCycleLROptions): void {
    const byEpochs = o.epochs !== undefined || o.stepsPerEpoch !== undefined;
    if (o.totalSteps !== undefined && byEpochs) {
      throw new EntropicError('OPTION', fn, 'expected totalSteps, or epochs and stepsPerEpoch, not both');
    }
    if (o.totalSteps === undefined && (o.epochs === undefined || o.stepsPerEpoch === undefined)) {
      throw new EntropicError('OPTION', fn, `expected totalSteps, or both epochs and stepsPerEpoch, got ${o.epochs === undefined ? (o.stepsPerEpoch === undefined ? 'neither' : 'only stepsPerEpoch') : 'only epochs'}`);
    }
    const total = o.totalSteps ?? o.epochs! * o.stepsPerEpoch!;
    // Trap: with pctStart·totalSteps = 1 the warm-up phase is empty and PyTorch divides 0 by 0 at step 0.
    if (o.pctStart * total === 1) {
      throw new EntropicError('OPTION', fn, `expected pctStart · totalSteps != 1 (the warm-up phase would be empty), got pctStart ${o.pctStart} with ${total} steps`);
    }
    levels(fn, o, this.optimizer.paramGroups.length); // checks maxLr and the momenta against the groups
    if (o.cycleMomentum && momentumSlot(this.optimizer) === null) {
      throw new EntropicError('OPTION', fn, 'cycleMomentum needs an optimizer with momentum or betas (SGD, RMSprop, Adam, AdamW); pass cycleMomentum: false');
    }
  }

  protected computeLrs(): number[] {
    const { phase, pct } = locate(`${this.name}.step`, this.levels, this.lastEpoch, this.options.pctStart);
    const lr = this.levels.lr;
    return this.baseLrs.map((_, i) => anneal(this.options.annealStrategy, lr[phase.startLr][i]!, lr[phase.endLr][i]!, pct));
  }

  /** Each group's momentum at `step`. */
  private momentaAt(fn: string, l: Levels, o: OneCycleLROptions, step: number): number[] {
    const { phase, pct } = locate(fn, l, step, o.pctStart);
    return l.momentum.max.map((_, i) => anneal(o.annealStrategy, l.momentum[phase.startMomentum][i]!, l.momentum[phase.endMomentum][i]!, pct));
  }

  private setMomenta(slot: MomentumSlot, momenta: number[]): void {
    momenta.forEach((m, i) => {
      const group = this.optimizer.paramGroups[i] as { lr: number; betas?: number[]; momentum?: number };
      if (slot === 'betas') group.betas = [m, ...group.betas!.slice(1)];
      else if (slot === 'momentum') group.momentum = m;
    });
  }

  override step(): void {
    const fn = `${this.name}.step`;
    const lrs = this.nextLrs(fn);
    const momenta = this.slot === null ? null : this.momentaAt(fn, this.levels, this.options, this.lastEpoch + 1);
    this.commit(lrs);
    if (momenta !== null) this.setMomenta(this.slot, momenta);
  }

  protected override loadExtras(fn: string, options: OneCycleLROptions, lastEpoch: number): () => void {
    const restored = levels(fn, options, this.optimizer.paramGroups.length);
    const slot = options.cycleMomentum ? momentumSlot(this.optimizer) : null;
    let momenta: number[] | null = null;
    try {
      // The optimizer may have been loaded before this schedule was made, which reset the momenta.
      if (slot !== null) momenta = this.momentaAt(fn, restored, options, lastEpoch);
    } catch (e) {
      throw new EntropicError('FORMAT', fn, `the saved epoch does not fit the saved options: ${(e as Error).message}`, { cause: e });
    }
    return () => {
      this.levels = restored;
      this.slot = slot;
      if (momenta !== null) this.setMomenta(slot, momenta);
    };
  }
}
