/**
 * `linear(x, weight, bias)` = x·weightᵀ + bias (torch.nn.functional.linear) as one fused op:
 * the transposed weight is read through strides, never copied, and the backward pass is three
 * gemm calls. `Linear` is the module around it, initialised as PyTorch does.
 */
import {
  EntropicError, RandomGenerator, Tensor, backend, cast, describeValue, isGradEnabled, matmul, opt, parseOptions, randomSeed, record, reshape,
  shapeToString, sum, transpose,
} from '@entropic/core';
import type { FloatArray } from '@entropic/core';
import { Module } from './module.js';
import { registerModuleClass } from './serialize.js';

/** x [..., in] · weight [out, in]ᵀ + bias [out] → [..., out]. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const fn = 'linear';
  if (!(weight instanceof Tensor) || weight.ndim !== 2 || (weight.dtype !== 'float32' && weight.dtype !== 'float64')) {
    throw new EntropicError(weight instanceof Tensor && weight.ndim === 2 ? 'DTYPE' : 'SHAPE', fn, `expected a float weight of shape [out, in], got ${describeValue(weight)}`);
  }
  const [outF, inF] = weight.shape as [number, number];
  if (!(x instanceof Tensor) || x.ndim < 1 || x.shape[x.ndim - 1] !== inF) {
    throw new EntropicError(x instanceof Tensor ? 'SHAPE' : 'TYPE', fn, `expected input of shape [..., ${inF}] for weight ${shapeToString(weight.shape)}, got ${describeValue(x)}`);
  }
  if (bias !== null && (!(bias instanceof Tensor) || bias.ndim !== 1 || bias.shape[0] !== outF || bias.dtype !== weight.dtype)) {
    throw new EntropicError('SHAPE', fn, `expected a bias of shape [${outF}] and dtype ${weight.dtype}, got ${describeValue(bias)}`);
  }
  if (x.ndim !== 2) {
    const lead = x.shape.slice(0, -1);
    const flat = linear(reshape(x, [-1, inF]), weight, bias);
    return reshape(flat, [...lead, outF]);
  }
  // Inputs follow the weight's dtype (a float64 batch through a float32 layer is rounded once).
  const xs = x.dtype === weight.dtype ? x : cast(x, weight.dtype);
  const n = xs.shape[0]!;
  const xd = xs.data as FloatArray;
  const wd = weight.data as FloatArray;
  const alloc = (size: number): FloatArray => backend().allocate(weight.dtype, size) as FloatArray;
  const out = alloc(n * outF);
  backend().gemm(n, outF, inF, xd, 0, inF, 1, wd, 0, 1, inF, out, 0);
  if (bias !== null) backend().biasAdd(out, n, outF, bias.data as FloatArray);
  const inputs = bias === null ? [xs, weight] : [xs, weight, bias];
  return record('linear', Tensor.fromData(out, [n, outF]), inputs, (g) => {
    // Recording the backward (createGraph: Hessians, hvp): the same three products in core ops.
    if (isGradEnabled()) {
      return [
        xs.requiresGrad ? matmul(g, weight) : null,
        weight.requiresGrad ? matmul(transpose(g), xs) : null,
        ...(bias === null ? [] : [bias.requiresGrad ? sum(g, { axis: 0 }) : null]),
      ];
    }
    const gd = g.data as FloatArray;
    let dx: Tensor | null = null;
    if (xs.requiresGrad) {
      const d = alloc(n * inF);
      backend().gemm(n, inF, outF, gd, 0, outF, 1, wd, 0, inF, 1, d, 0); // g·W
      dx = Tensor.fromData(d, [n, inF]);
    }
    let dw: Tensor | null = null;
    if (weight.requiresGrad) {
      const d = alloc(outF * inF);
      backend().gemm(outF, inF, n, gd, 0, 1, outF, xd, 0, inF, 1, d, 0); // gᵀ·x
      dw = Tensor.fromData(d, [outF, inF]);
    }
    const grads: (Tensor | null)[] = [dx, dw];
    if (bias !== null) {
      if (bias.requiresGrad) {
        const d = alloc(outF);
        backend().columnSum(gd, n, outF, d); // accumulated in double, whatever the storage type
        grads.push(Tensor.fromData(d, [outF]));
      } else grads.push(null);
    }
    return grads;
  }, { higherOrder: true });
}

/** A seed: any safe integer (core's RandomGenerator takes exactly those). */
export const seedOption = opt.custom('a safe integer', (v): v is number => Number.isSafeInteger(v));

const LINEAR_OPTIONS = {
  bias: opt.boolean({ default: true }),
  seed: seedOption,
  generator: opt.custom('a RandomGenerator', (v): v is RandomGenerator => v instanceof RandomGenerator),
  dtype: opt.oneOf(['float32', 'float64'] as const, { default: 'float32' }),
};

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Seed of the initialisation; omitted: a fresh random seed. */
  seed?: number;
  /** Draw the initial values from this generator instead (used by `MLP` to chain layers). */
  generator?: RandomGenerator;
  /** The parameters' dtype (default float32). */
  dtype?: 'float32' | 'float64';
}

/**
 * y = x·Wᵀ + b with W [out, in]. Initialised as torch.nn.Linear: W and b uniform in
 * ±1/√in (kaiming_uniform with a = √5 reduces to that bound), weight first, row-major.
 */
export class Linear extends Module {
  /** The input size d. */
  readonly inFeatures: number;
  /** The output size. */
  readonly outFeatures: number;
  /** The weight `[outFeatures, inFeatures]`. */
  readonly weight: Tensor;
  /** The bias `[outFeatures]`, or null without one. */
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    const fn = 'Linear';
    for (const [what, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new EntropicError('VALUE', fn, `expected ${what} to be a positive integer, got ${describeValue(v)}`);
    }
    const o = parseOptions(fn, opts, LINEAR_OPTIONS);
    const dtype = o.dtype;
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const gen = o.generator ?? new RandomGenerator(o.seed ?? randomSeed());
    const bound = 1 / Math.sqrt(inFeatures);
    const draw = (size: number): FloatArray => {
      const a = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
      for (let i = 0; i < size; i++) a[i] = -bound + 2 * bound * gen.uniform();
      return a;
    };
    this.weight = this.registerParameter('weight', Tensor.fromData(draw(outFeatures * inFeatures), [outFeatures, inFeatures]));
    this.bias = o.bias ? this.registerParameter('bias', Tensor.fromData(draw(outFeatures), [outFeatures])) : null;
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override getConfig(): unknown[] {
    return [this.inFeatures, this.outFeatures, { bias: this.bias !== null, dtype: this.weight.dtype }];
  }
}

registerModuleClass(Linear, 'Linear');
