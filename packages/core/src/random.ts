/**
 * Seeded random tensors that are the same on every platform: the generator (PCG32) uses only
 * 32-bit integer arithmetic, and the normal variates use a logarithm computed here from +, −, ×, ÷
 * (IEEE-exact everywhere), not Math.log, whose last bit may differ between JavaScript engines.
 */
import { Tensor, type CreateOptions } from './tensor.js';
import { allocate, dtypeOption, isFloat } from './dtype.js';
import { EntropicError, describeValue } from './errors.js';
import { type ParsedOptions, opt, parseOptions } from './options.js';
import { checkShape, sizeOf } from './shape.js';

/** Options of {@link randn} and {@link rand}: the dtype, `requiresGrad`, and the seed. */
export interface RandomOptions extends CreateOptions {
  /** Any integer; the same seed gives the same numbers. Omitted: a fresh random seed. */
  seed?: number;
}

/**
 * A seeded stream of random numbers: PCG32 (XSH-RR output, 64-bit LCG state held as two 32-bit
 * halves), as pcg32_srandom_r. The same seed (and stream) gives the same numbers everywhere.
 */
export class RandomGenerator {
  private hi = 0;
  private lo = 0;
  private readonly incHi: number;
  private readonly incLo: number;

  /** `stream` selects one of 2^63 independent sequences (PCG's initseq); the default is PCG's. */
  constructor(seed: number, stream?: number) {
    if (!Number.isSafeInteger(seed)) throw new EntropicError('VALUE', 'RandomGenerator', `seed must be a safe integer, got ${describeValue(seed)}`);
    if (stream === undefined) {
      [this.incHi, this.incLo] = [0x14057b7e, 0xf767814f];
    } else {
      if (!Number.isSafeInteger(stream) || stream < 0) {
        throw new EntropicError('VALUE', 'RandomGenerator', `stream must be a non-negative safe integer, got ${describeValue(stream)}`);
      }
      // inc = (stream << 1) | 1
      this.incHi = (Math.floor(stream / 2147483648) >>> 0);
      this.incLo = (((stream % 2147483648) * 2) + 1) >>> 0;
    }
    this.nextUint32();
    // state += seed (two's complement for negative seeds), 64-bit.
    const seedLo = seed >>> 0;
    const seedHi = Math.floor(seed / 4294967296) >>> 0;
    const lo = this.lo + seedLo;
    this.lo = lo >>> 0;
    this.hi = (this.hi + seedHi + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    this.nextUint32();
  }

  /** The next 32-bit output of the stream, as an unsigned integer. */
  nextUint32(): number {
    const oldHi = this.hi;
    const oldLo = this.lo;
    // state ← state·6364136223846793005 + inc (mod 2^64), in 16-bit limbs so every partial
    // product stays exact in a double.
    const a0 = oldLo & 0xffff, a1 = oldLo >>> 16, a2 = oldHi & 0xffff, a3 = oldHi >>> 16;
    const b0 = 0x7f2d, b1 = 0x4c95, b2 = 0xf42d, b3 = 0x5851;
    const c0 = a0 * b0 + (this.incLo & 0xffff);
    const c1 = Math.floor(c0 / 65536) + a0 * b1 + a1 * b0 + (this.incLo >>> 16);
    const c2 = Math.floor(c1 / 65536) + a0 * b2 + a1 * b1 + a2 * b0 + (this.incHi & 0xffff);
    const c3 = Math.floor(c2 / 65536) + a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + (this.incHi >>> 16);
    this.lo = (((c1 % 65536) << 16) | (c0 % 65536)) >>> 0;
    this.hi = (((c3 % 65536) << 16) | (c2 % 65536)) >>> 0;
    // XSH-RR output of the old state: ((old ^ (old >> 18)) >> 27) rotated right by old >> 59.
    const xHi = oldHi ^ (oldHi >>> 18);
    const xLo = oldLo ^ ((oldLo >>> 18) | (oldHi << 14));
    const xorshifted = ((xLo >>> 27) | (xHi << 5)) >>> 0;
    const rot = oldHi >>> 27;
    return ((xorshifted >>> rot) | (xorshifted << ((32 - rot) & 31))) >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal (Marsaglia's polar method). */
  normal(): number {
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * portableLog(s)) / s);
    }
  }

  /** An integer in [0, n). */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** A random permutation of 0 … n − 1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const scratch = new DataView(new ArrayBuffer(8));

/** Natural log of a positive finite x from exact operations only (≈1 ulp): reproducible bit for bit. */
export function portableLog(x: number): number {
  scratch.setFloat64(0, x);
  let e = ((scratch.getUint32(0) >>> 20) & 0x7ff) - 1023;
  // Mantissa m in [1, 2): set the exponent field to 1023.
  scratch.setUint32(0, (scratch.getUint32(0) & 0x800fffff) | 0x3ff00000);
  let m = scratch.getFloat64(0);
  if (e === -1023) return portableLog(x * 18014398509481984) - 54 * (LN2_HI + LN2_LO); // subnormal
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  // log m = 2·atanh(s), s = (m − 1)/(m + 1), |s| < 0.172: the odd series converges fast.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let k = 1; k < 40; k += 2) {
    sum += term / k;
    term *= s2;
    if (term < 1e-18 && term > -1e-18) break;
  }
  return e * LN2_HI + (2 * sum + e * LN2_LO);
}

let seedCounter = 0;
/**
 * A fresh seed for a caller that gave none (not reproducible, like PyTorch's default): the one
 * place every package draws one.
 */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31) + seedCounter++;
}

const isSeed = (v: unknown): v is number => Number.isSafeInteger(v);

function randomOptions(fn: string) {
  return {
    seed: opt.custom('a safe integer', isSeed),
    dtype: dtypeOption(fn, 'float32'),
    requiresGrad: opt.boolean({ default: false }),
  };
}

const RANDN_OPTIONS = randomOptions('randn');
const RAND_OPTIONS = randomOptions('rand');

function random(fn: string, shape: readonly number[], o: ParsedOptions<typeof RANDN_OPTIONS>, draw: (g: RandomGenerator) => number): Tensor {
  const s = checkShape(fn, shape);
  if (!isFloat(o.dtype)) throw new EntropicError('DTYPE', fn, `expected a float dtype, got ${o.dtype}`);
  const g = new RandomGenerator(o.seed ?? randomSeed());
  const data = allocate(o.dtype, sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = draw(g);
  const t = new Tensor(data, s);
  if (o.requiresGrad) t.requiresGrad = true;
  return t;
}

/** Standard normal samples. */
export function randn(shape: readonly number[], opts?: RandomOptions): Tensor {
  return random('randn', shape, parseOptions('randn', opts, RANDN_OPTIONS), (g) => g.normal());
}

/** Uniform samples in [0, 1). */
export function rand(shape: readonly number[], opts?: RandomOptions): Tensor {
  return random('rand', shape, parseOptions('rand', opts, RAND_OPTIONS), (g) => g.uniform());
}
