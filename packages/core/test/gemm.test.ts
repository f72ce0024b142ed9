import { describe, expect, it } from 'vitest';
import { type FloatArray, gemm } from '../src/backend/gemm.js';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  ctor: Ctor;
  aOff: number;
  bOff: number;
  cOff: number;
}

/**
 * Builds A (m×k) and B (k×n) stored either row-major or transposed (as Aᵀ / Bᵀ row-major), each
 * after some leading padding, runs gemm through strides, and compares with a float64 triple loop.
 */
function check(tc: Case, rand: () => number): void {
  const { m, n, k, transA, transB, ctor, aOff, bOff, cOff } = tc;
  const a = new ctor(aOff + m * k);
  const b = new ctor(bOff + k * n);
  for (let i = 0; i < a.length; i++) a[i] = rand() * 2 - 1;
  for (let i = 0; i < b.length; i++) b[i] = rand() * 2 - 1;
  // A stored as m×k row-major: (i,p) at i*k + p; as Aᵀ (k×m row-major): (i,p) at p*m + i.
  const [ars, acs] = transA ? [1, m] : [k, 1];
  const [brs, bcs] = transB ? [1, k] : [n, 1];
  const sentinel = 12345;
  const c: FloatArray = new ctor(cOff + m * n + 3).fill(sentinel);
  gemm(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff);

  let maxErr = 0;
  let bad = '';
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let sAbs = 0;
      for (let p = 0; p < k; p++) {
        const x = a[aOff + i * ars + p * acs]! * b[bOff + p * brs + j * bcs]!;
        s += x;
        sAbs += Math.abs(x);
      }
      const got = c[cOff + i * n + j]!;
      // float32 output: one rounding per 256-term block plus the final store; float64: rounding
      // order differs from the reference, error bounded by ~k·eps·Σ|terms|.
      const eps = ctor === Float32Array ? 2 ** -23 : 2 ** -52;
      const tol = (Math.ceil(k / 256) + 1) * eps * sAbs + (ctor === Float64Array ? k * eps * sAbs : 0) + 1e-300;
      const err = Math.abs(got - s);
      if (!(err <= tol) && !bad) bad = `(${i},${j}) got ${got} want ${s} tol ${tol}`;
      maxErr = Math.max(maxErr, err / (sAbs || 1));
    }
  }
  const label = `${ctor.name} m=${m} n=${n} k=${k} tA=${transA} tB=${transB} off=${aOff},${bOff},${cOff}`;
  expect(bad, label).toBe('');
  // Nothing outside C[cOff .. cOff+m*n) was written.
  for (let i = 0; i < cOff; i++) expect(c[i], `${label} before C`).toBe(sentinel);
  for (let i = cOff + m * n; i < c.length; i++) expect(c[i], `${label} after C`).toBe(sentinel);
}

const combos: Array<[boolean, boolean]> = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];
const ctors: Ctor[] = [Float64Array, Float32Array];

describe('gemm', () => {
  it('handles empty and degenerate shapes', () => {
    const rand = rng(1);
    const dims = [0, 1, 2, 3, 4, 5];
    for (const ctor of ctors)
      for (const m of dims)
        for (const n of dims)
          for (const k of dims)
            for (const [transA, transB] of combos) check({ m, n, k, transA, transB, ctor, aOff: 0, bOff: 0, cOff: 0 }, rand);
  });

  it('k = 0 writes zeros over C', () => {
    const c = new Float32Array(8).fill(7);
    gemm(2, 3, 0, new Float32Array(0), 0, 0, 1, new Float32Array(0), 0, 3, 1, c, 1);
    expect(Array.from(c)).toEqual([7, 0, 0, 0, 0, 0, 0, 7]);
  });

  it('matches the float64 triple loop on odd, edge and blocked shapes, all transposes, offsets', () => {
    const rand = rng(2);
    // Around the tile (4×3), the skinny direct path (m ≤ 2, n = 1), the blocks (KC=256, MC=64, NC=768).
    const shapes: Array<[number, number, number]> = [
      [7, 5, 9],
      [4, 3, 1],
      [1, 200, 300],
      [200, 1, 300],
      [300, 200, 1],
      [2, 500, 40],
      [500, 2, 40],
      [33, 31, 32],
      [32, 32, 32],
      [33, 34, 35],
      [63, 67, 255],
      [64, 66, 256],
      [65, 65, 257],
      [129, 130, 513],
      [70, 770, 20],
      [61, 1537, 30],
      [5, 6, 1200],
    ];
    for (const [m, n, k] of shapes)
      for (const ctor of ctors)
        for (const [transA, transB] of combos) {
          const off = () => Math.floor(rand() * 5);
          check({ m, n, k, transA, transB, ctor, aOff: off(), bOff: off(), cOff: off() }, rand);
        }
  });

  it('matches on the skinny shapes of linear models (X·w, X·Wᵀ, gᵀ·X), odd and even k', () => {
    const rand = rng(99);
    for (const ctor of [Float32Array, Float64Array] as Ctor[]) {
      for (const [m, n, k] of [[1001, 1, 100], [1000, 3, 17], [7, 4, 33], [1, 250, 999], [4, 101, 64], [3, 5, 1000], [2, 2, 16]] as const) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) check({ m, n, k, transA, transB, ctor, aOff: 1, bOff: 2, cOff: 3 }, rand);
        }
      }
    }
  });

  it('matches on random shapes', () => {
    const rand = rng(3);
    for (let t = 0; t < 60; t++) {
      const dim = () => Math.floor(rand() ** 2 * 150);
      const [transA, transB] = combos[t % 4]!;
      const ctor = ctors[(t >> 2) % 2]!;
      check({ m: dim(), n: dim(), k: dim(), transA, transB, ctor, aOff: t % 3, bOff: t % 5, cOff: t % 2 }, rand);
    }
  });

  it('matches on a 1000-ish product (float32 and float64)', () => {
    const rand = rng(4);
    check({ m: 1003, n: 997, k: 301, transA: false, transB: false, ctor: Float32Array, aOff: 0, bOff: 0, cOff: 0 }, rand);
    check({ m: 257, n: 1001, k: 999, transA: true, transB: true, ctor: Float64Array, aOff: 1, bOff: 2, cOff: 3 }, rand);
  });

  it('propagates NaN and Infinity like the plain sum, and padded edges do not leak NaN', () => {
    // Big enough for the packed path, with ragged edges on both tile axes (37 = 9·4+1, 38 = 12·3+2):
    // zero padding × Infinity is NaN inside the padded tile, which must never reach C.
    const m = 37;
    const n = 38;
    const k = 40;
    const a = new Float64Array(m * k).fill(1);
    const b = new Float64Array(k * n).fill(1);
    a[(m - 1) * k + 3] = Number.NaN;
    b[5 * n + (n - 1)] = Number.POSITIVE_INFINITY;
    const c = new Float64Array(m * n);
    gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const v = c[i * n + j]!;
        if (i === m - 1) expect(v).toBeNaN();
        else if (j === n - 1) expect(v).toBe(Number.POSITIVE_INFINITY);
        else expect(v).toBe(k);
      }
  });
});
