/**
 * `linear(x, weight, bias)` = x·weightᵀ + bias (torch.nn.functional.linear) as one fused op:
 * the transposed weight is read through strides, never copied, and the backward pass is three
 * gemm calls. `Linear` is the module around it, initialised as PyTorch does.
 */
import { Generator, Tensor, backend, cast, record, reshape, shapeToString } from '@entropic/core';
import type { FloatArray } from '@entropic/core';
import { Module } from './module.js';

function describe(v: unknown): string {
  return v instanceof Tensor ? `shape ${shapeToString(v.shape)} (${v.dtype})` : v === null ? 'null' : typeof v;
}

/** x [..., in] · weight [out, in]ᵀ + bias [out] → [..., out]. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const fn = 'linear';
  if (!(weight instanceof Tensor) || weight.ndim !== 2 || weight.dtype === 'int32') {
    throw new Error(`${fn}: expected a float weight of shape [out, in], got ${describe(weight)}`);
  }
  const [outF, inF] = weight.shape as [number, number];
  if (!(x instanceof Tensor) || x.ndim < 1 || x.shape[x.ndim - 1] !== inF) {
    throw new Error(`${fn}: expected input of shape [..., ${inF}] for weight ${shapeToString(weight.shape)}, got ${describe(x)}`);
  }
  if (bias !== null && (!(bias instanceof Tensor) || bias.ndim !== 1 || bias.shape[0] !== outF || bias.dtype !== weight.dtype)) {
    throw new Error(`${fn}: expected a bias of shape [${outF}] and dtype ${weight.dtype}, got ${describe(bias)}`);
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
  });
}

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Seed of the initialisation; omitted: a fresh random seed. */
  seed?: number;
  /** Draw the initial values from this generator instead (used by `MLP` to chain layers). */
  generator?: Generator;
  dtype?: 'float32' | 'float64';
}

/** A fresh seed when none is given, as `randn` without `seed`. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * y = x·Wᵀ + b with W [out, in]. Initialised as torch.nn.Linear: W and b uniform in
 * ±1/√in (kaiming_uniform with a = √5 reduces to that bound), weight first, row-major.
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    for (const [what, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`Linear: ${what} must be a positive integer, got ${v}`);
    }
    const dtype = opts.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') throw new Error(`Linear: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const gen = opts.generator ?? new Generator(opts.seed ?? freshSeed());
    const bound = 1 / Math.sqrt(inFeatures);
    const draw = (size: number): FloatArray => {
      const a = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
      for (let i = 0; i < size; i++) a[i] = -bound + 2 * bound * gen.uniform();
      return a;
    };
    this.weight = this.registerParameter('weight', Tensor.fromData(draw(outFeatures * inFeatures), [outFeatures, inFeatures]));
    this.bias = (opts.bias ?? true) ? this.registerParameter('bias', Tensor.fromData(draw(outFeatures), [outFeatures])) : null;
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}
