/** Activation modules, `Sequential` and `MLP`, as torch.nn. */
import { Generator, Tensor, logSoftmax, mul, noGrad, record, relu, sigmoid, softmax, softplus, tanh } from '@entropic/core';
import { Module } from './module.js';
import { Linear, freshSeed } from './linear.js';
import { type FitHistory, type FitOptions, fit } from './fit.js';
import type { MatrixLike, VectorLike } from './input.js';
import { FORMAT, type SavedModel, VERSION, field, readEnvelope, stateFromJSON, stateToJSON } from './serialize.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class Softplus extends Module {
  forward(x: Tensor): Tensor {
    return softplus(x);
  }
}

export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

export class Softmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return softmax(x, { axis: this.axis });
  }
}

export class LogSoftmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return logSoftmax(x, { axis: this.axis });
  }
}

/**
 * torch.nn.Dropout: in training, zeroes each element with probability p and scales the rest by
 * 1/(1 − p) (so the expected value is unchanged); in eval mode, the identity. Seeded.
 */
export class Dropout extends Module {
  private readonly generator: Generator;

  constructor(readonly p = 0.5, opts: { seed?: number } = {}) {
    super();
    if (!(p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p}`);
    this.generator = new Generator(opts.seed ?? freshSeed());
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const keep = 1 / (1 - this.p);
    const mask = x.dtype === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = this.generator.uniform() < this.p ? 0 : keep;
    const m = Tensor.fromData(mask, x.shape.slice());
    const out = noGrad(() => mul(x, m));
    return record('dropout', out, [x], (g) => [mul(g, m)], { higherOrder: true });
  }
}

/** Modules applied in order; children are named '0', '1', … as in PyTorch. */
export class Sequential extends Module {
  private readonly layers: Module[] = [];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new Error(`Sequential: argument ${i} must be a Module, got ${m === null ? 'null' : typeof m}`);
      this.layers.push(this.registerModule(String(i), m));
    });
  }

  get length(): number {
    return this.layers.length;
  }

  /** The i-th module (negative counts from the end). */
  at(i: number): Module {
    const m = this.layers.at(i);
    if (m === undefined) throw new Error(`Sequential.at: index ${i} is out of range for ${this.layers.length} modules`);
    return m;
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const m of this.layers) h = m.forward(h);
    return h;
  }
}

export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'softplus' | 'identity';

const ACTIVATIONS: Record<ActivationName, () => Module> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  softplus: () => new Softplus(),
  identity: () => new Identity(),
};

export interface MLPOptions {
  /** Between hidden layers (not after the last): a name or a factory (default 'relu'). */
  activation?: ActivationName | (() => Module);
  /** One seed initialises every layer, in order, from one generator. */
  seed?: number;
  bias?: boolean;
  dtype?: 'float32' | 'float64';
}

/**
 * A multilayer perceptron `sizes[0] → … → sizes[last]`: Linear layers with an activation
 * between them and none after the last (its output is logits, for a loss that takes logits).
 */
export class MLP extends Sequential {
  readonly sizes: readonly number[];
  /** The activation's name, or null when a factory function was given (not serialisable). */
  readonly activation: ActivationName | null;
  readonly bias: boolean;
  readonly dtype: 'float32' | 'float64';

  constructor(sizes: readonly number[], opts: MLPOptions = {}) {
    if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s >= 1)) {
      throw new Error(`MLP: expected at least two positive integer layer sizes, got ${JSON.stringify(sizes)}`);
    }
    const act = opts.activation ?? 'relu';
    const make = typeof act === 'function' ? act : ACTIVATIONS[act];
    if (make === undefined) {
      throw new Error(`MLP: unknown activation ${JSON.stringify(act)}; expected one of ${Object.keys(ACTIVATIONS).join(', ')} or a function returning a Module`);
    }
    const generator = new Generator(opts.seed ?? freshSeed());
    const modules: Module[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      modules.push(new Linear(sizes[i]!, sizes[i + 1]!, { generator, bias: opts.bias, dtype: opts.dtype }));
      if (i + 2 < sizes.length) modules.push(make());
    }
    super(...modules);
    this.sizes = sizes.slice();
    this.activation = typeof act === 'function' ? null : act;
    this.bias = opts.bias ?? true;
    this.dtype = opts.dtype ?? 'float32';
  }

  /** Trains in place with the general loop: `fit(this, X, y, opts)`. */
  fit(X: MatrixLike, y: VectorLike | Tensor, opts: FitOptions = {}): FitHistory {
    return fit(this, X, y, opts);
  }

  /** Versioned JSON: the architecture and every parameter. */
  toJSON(): SavedModel {
    if (this.activation === null) throw new Error('MLP.toJSON: an MLP built with an activation factory cannot be saved; use an activation name');
    return {
      format: FORMAT,
      version: VERSION,
      kind: 'MLP',
      sizes: this.sizes.slice(),
      activation: this.activation,
      bias: this.bias,
      dtype: this.dtype,
      state: stateToJSON(this.stateDict()),
    };
  }

  /** Rebuilds a saved MLP; throws (building nothing) on a bad version, missing fields or shapes. */
  static fromJSON(json: unknown): MLP {
    const fn = 'MLP.fromJSON';
    const o = readEnvelope(fn, json, 'MLP');
    const sizes = field(fn, o, 'sizes');
    if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s >= 1)) {
      throw new Error(`${fn}: field 'sizes' expected at least two positive integers, got ${JSON.stringify(sizes)}`);
    }
    const activation = field(fn, o, 'activation');
    if (typeof activation !== 'string' || !(activation in ACTIVATIONS)) {
      throw new Error(`${fn}: field 'activation' expected one of ${Object.keys(ACTIVATIONS).join(', ')}, got ${JSON.stringify(activation)}`);
    }
    const bias = field(fn, o, 'bias');
    if (typeof bias !== 'boolean') throw new Error(`${fn}: field 'bias' expected a boolean, got ${JSON.stringify(bias)}`);
    const dtype = field(fn, o, 'dtype');
    if (dtype !== 'float32' && dtype !== 'float64') throw new Error(`${fn}: field 'dtype' expected 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
    const state = stateFromJSON(fn, field(fn, o, 'state'));
    const mlp = new MLP(sizes as number[], { activation: activation as ActivationName, bias, dtype, seed: 0 });
    try {
      mlp.loadStateDict(state);
    } catch (e) {
      throw new Error(`${fn}: ${(e as Error).message}`);
    }
    return mlp;
  }
}
