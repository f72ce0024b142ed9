/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman & Vigna) seeded through
 * splitmix32. It uses only 32-bit integer arithmetic (`Math.imul`, shifts, xor), so the same
 * seed gives the same stream on every JavaScript engine and platform.
 */

/** MurmurHash3's 32-bit finalizer: a bijection on 32-bit words with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

const TWO_32 = 2 ** 32;

/** Checks that `seed` is a safe integer; `fn` names the public function for the message. */
export function checkSeed(fn: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new Error(`${fn}: seed must be a safe integer, got ${describe(seed)}`);
  }
  return seed;
}

/** A fresh seed for callers that did not pass one (not reproducible, like PyTorch's default). */
export function randomSeed(): number {
  return Math.floor(Math.random() * TWO_32);
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * `seed`: any safe integer (negative ones included); distinct seeds give distinct streams.
   * `stream` (a safe integer, default 0) selects an independent stream of the same seed, e.g.
   * one per epoch.
   */
  constructor(seed: number, stream = 0) {
    checkSeed('Random', seed);
    checkSeed('Random', stream);
    // The four 32-bit words of (seed, stream), offset by constants (digits of pi), then mixed
    // by rounds of `w ^= fmix32(v ^ k)`: each step is invertible, so distinct (seed, stream)
    // pairs give distinct states, and every state word depends on every input bit.
    let a = (seed >>> 0) ^ 0x243f6a88;
    let b = (Math.floor(seed / TWO_32) >>> 0) ^ 0x85a308d3;
    let c = (stream >>> 0) ^ 0x13198a2e;
    let d = (Math.floor(stream / TWO_32) >>> 0) ^ 0x03707344;
    for (let r = 0; r < 3; r++) {
      b ^= fmix32(a ^ 0x9e3779b9);
      c ^= fmix32(b ^ 0x7f4a7c15);
      d ^= fmix32(c ^ 0xf39cc060);
      a ^= fmix32(d ^ 0x5851f42d);
    }
    this.s0 = a | 0;
    this.s1 = b | 0;
    this.s2 = c | 0;
    this.s3 = d | 0;
    if ((a | b | c | d) === 0) this.s0 = 1; // xoshiro must never be in the all-zero state
  }

  /** A generator in the given raw xoshiro128** state (for testing against reference outputs). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Random {
    const r = new Random(0);
    r.s0 = s0 | 0;
    r.s1 = s1 | 0;
    r.s2 = s2 | 0;
    r.s3 = s3 | 0;
    return r;
  }

  /** The next 32-bit unsigned integer, uniform on [0, 2^32). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = rotl(n3, 11);
    return r >>> 0;
  }

  /** A float uniform on [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** An integer uniform on [0, n), 1 <= n <= 2^32, without modulo bias (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
      throw new Error(`Random.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const u = this.nextUint32();
      if (u < limit) return u % n;
    }
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T;
  shuffle<T>(a: T[]): T[];
  shuffle(a: { length: number; [i: number]: unknown }): unknown {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  /** A random permutation of 0 … n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
