import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@entropic/core';
import type { WasmBackend } from '../src/index.js';
import { backends, fill } from './helpers.js';

type FloatArray = Float32Array | Float64Array;

let all: [string, WasmBackend][] = [];
beforeAll(async () => {
  ({ all } = await backends());
});
afterAll(() => {
  for (const [, b] of all) b.dispose();
});

interface Case {
  m: number;
  n: number;
  k: number;
  /** Transposed operands: A read as Aᵀ (column-major), B as Bᵀ. */
  ta?: boolean;
  tb?: boolean;
  /** Offsets into the arrays (a batch of a batched matmul). */
  off?: number;
}

/** Runs C = A·B on `be` and on the CPU backend; returns both plus the scale Σ_p |a_ip·b_pj| per element. */
function product(be: WasmBackend, dtype: 'float32' | 'float64', { m, n, k, ta = false, tb = false, off = 0 }: Case, seed: number) {
  const T = dtype === 'float32' ? Float32Array : Float64Array;
  const a = fill(new T(off + m * k), seed);
  const b = fill(new T(off + k * n), seed + 1);
  const [ars, acs] = ta ? [1, m] : [k, 1];
  const [brs, bcs] = tb ? [1, k] : [n, 1];
  const c = new T(off + m * n).fill(Number.NaN);
  const ref = new T(off + m * n).fill(Number.NaN);
  be.gemm(m, n, k, a, off, ars, acs, b, off, brs, bcs, c, off);
  cpuBackend.gemm(m, n, k, a, off, ars, acs, b, off, brs, bcs, ref, off);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += Math.abs(a[off + i * ars + p * acs]! * b[off + p * brs + j * bcs]!);
      scale[i * n + j] = s;
    }
  return { c, ref, scale };
}

/** float32: |c − ref| ≤ 1e-5 · max(|ref|, Σ|a·b|) for every element (float32 sums round where double sums do not). */
function expectClose32(c: FloatArray, ref: FloatArray, scale: Float64Array, off: number): void {
  let worst = 0;
  for (let i = 0; i < scale.length; i++) {
    const d = Math.abs(c[off + i]! - ref[off + i]!) / Math.max(Math.abs(ref[off + i]!), scale[i]!, 1e-30);
    worst = Math.max(worst, Number.isNaN(d) ? Number.POSITIVE_INFINITY : d);
  }
  expect(worst).toBeLessThanOrEqual(1e-5);
}

const SIZES: Case[] = [
  { m: 1, n: 1, k: 1 },
  { m: 3, n: 5, k: 7 },
  { m: 17, n: 17, k: 17 },
  { m: 17, n: 33, k: 65 },
  { m: 64, n: 64, k: 64 },
  { m: 5, n: 129, k: 300 },
  { m: 130, n: 9, k: 257 },
  { m: 200, n: 190, k: 520 },
  { m: 100, n: 1023, k: 20 },
  { m: 1023, n: 3, k: 50 },
  { m: 7, n: 1030, k: 1 },
];

describe('gemm against the CPU backend', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const s of SIZES) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const label = `${dtype} ${s.m}×${s.k}·${s.k}×${s.n}${ta ? ' Aᵀ' : ''}${tb ? ' Bᵀ' : ''}`;
          it(label, () => {
            for (const [, be] of all) {
              const { c, ref, scale } = product(be, dtype, { ...s, ta, tb, off: 3 }, s.m * 31 + s.n);
              // Nothing outside C[off, off + m·n) is written.
              expect(Number.isNaN(c[0]!) && Number.isNaN(c[2]!)).toBe(true);
              if (dtype === 'float64') {
                // Same blocking (k in panels of 256) and the same order of additions: bit-identical.
                expect(Array.from(c.subarray(3))).toEqual(Array.from(ref.subarray(3)));
              } else {
                expectClose32(c, ref, scale, 3);
              }
            }
          });
        }
      }
    }
  }

  it('matches the CPU on 1024 × 1024 float32 with 1 and 2 threads, and the two agree exactly', () => {
    const [[, one], [, two]] = all as [[string, WasmBackend], [string, WasmBackend]];
    const n = 1024;
    const a = fill(new Float32Array(n * n), 1);
    const b = fill(new Float32Array(n * n), 2);
    const c1 = new Float32Array(n * n);
    const c2 = new Float32Array(n * n);
    const ref = new Float32Array(n * n);
    one.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c1, 0);
    two.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c2, 0);
    cpuBackend.gemm(n, n, n, a, 0, n, 1, b, 0, n, 1, ref, 0);
    expect(c2).toEqual(c1);
    // Σ|a·b| ≈ n/4 for uniform [−1, 1) entries; the worst element error is far below 1e-5 of it.
    let worst = 0;
    for (let i = 0; i < n * n; i++) worst = Math.max(worst, Math.abs(c1[i]! - ref[i]!));
    expect(worst / (n / 4)).toBeLessThan(1e-5);
  });

  it('splits wide products by columns and tall ones by rows, with the same result as one thread', () => {
    const [[, one], [, two]] = all as [[string, WasmBackend], [string, WasmBackend]];
    // Tile remainders in m (4), n (8 / 4) and k (the 4-step transposed packing, 256-deep panels),
    // transposed operands, and both cuts of the work (columns: m < 64).
    for (const [m, n, k] of [[37, 2001, 301], [2001, 37, 300], [129, 131, 259], [70, 1030, 257]] as const) {
      for (const T of [Float32Array, Float64Array]) {
        for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
          const a = fill(new T(m * k), m);
          const b = fill(new T(k * n), n);
          const [ars, acs] = ta ? [1, m] : [k, 1];
          const [brs, bcs] = tb ? [1, k] : [n, 1];
          const c1 = new T(m * n);
          const c2 = new T(m * n);
          one.gemm(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c1, 0);
          two.gemm(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c2, 0);
          expect(c2).toEqual(c1);
          // Spot checks against the definition (the CPU comparison above covers small shapes fully).
          for (const [i, j] of [[0, 0], [m - 1, n - 1], [m >> 1, n - 1], [m - 1, 0]] as const) {
            let s = 0;
            for (let p = 0; p < k; p++) s += a[i * ars + p * acs]! * b[p * brs + j * bcs]!;
            expect(Math.abs(c1[i * n + j]! - s)).toBeLessThan(1e-4 * k);
          }
        }
      }
    }
  });
});

describe('skinny float32 products (streamed)', () => {
  it('X·w and X·W (n = 1…4) over many row blocks, with row strides', () => {
    for (const [, be] of all) {
      for (const n of [1, 2, 3, 4]) {
        for (const [m, k, ars] of [[50_000, 100, 100], [3001, 17, 20], [40, 1027, 1027]] as const) {
          const a = fill(new Float32Array(m * ars), m + n);
          const b = fill(new Float32Array(k * n), k);
          const c = new Float32Array(m * n);
          const ref = new Float32Array(m * n);
          // B as the transpose of a [n, k] weight matrix: column j contiguous.
          be.gemm(m, n, k, a, 0, ars, 1, b, 0, 1, k, c, 0);
          cpuBackend.gemm(m, n, k, a, 0, ars, 1, b, 0, 1, k, ref, 0);
          let worst = 0;
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let scale = 0;
              for (let p = 0; p < k; p++) scale += Math.abs(a[i * ars + p]! * b[j * k + p]!);
              const r = ref[i * n + j]!;
              worst = Math.max(worst, Math.abs(c[i * n + j]! - r) / Math.max(Math.abs(r), scale));
            }
          }
          expect(worst).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('gᵀ·X (m = 1…4) sums 200,000 rows as accurately as the double-precision CPU sums', () => {
    for (const [, be] of all) {
      for (const m of [1, 2, 4]) {
        const k = 200_000;
        const n = 101;
        const x = fill(new Float32Array(k * n), 5);
        const g = fill(new Float32Array(m * k), 6);
        const c = new Float32Array(m * n);
        const ref = new Float32Array(m * n);
        // A = Gᵀ read through strides (G is [k, m]): element (i, p) at p·m + i.
        be.gemm(m, n, k, g, 0, 1, m, x, 0, n, 1, c, 0);
        cpuBackend.gemm(m, n, k, g, 0, 1, m, x, 0, n, 1, ref, 0);
        for (let i = 0; i < m * n; i++) expect(Math.abs(c[i]! - ref[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(ref[i]!), Math.sqrt(k) / 3));
      }
    }
  });
});

describe('edge cases', () => {
  it('k = 0 gives zeros; empty outputs write nothing', () => {
    for (const [, be] of all) {
      const c = new Float32Array(12).fill(5);
      be.gemm(3, 4, 0, new Float32Array(0), 0, 0, 1, new Float32Array(0), 0, 4, 1, c, 0);
      expect(Array.from(c)).toEqual(new Array(12).fill(0));
      const d = new Float64Array(2).fill(7);
      be.gemm(0, 4, 5, new Float64Array(0), 0, 5, 1, new Float64Array(20), 0, 4, 1, d, 0);
      expect(Array.from(d)).toEqual([7, 7]);
    }
  });

  it('NaN and infinities propagate as on the CPU', () => {
    for (const [, be] of all) {
      const m = 40;
      const a = fill(new Float32Array(m * m), 9);
      const b = fill(new Float32Array(m * m), 10);
      a[5] = Number.NaN;
      b[m * 3 + 7] = Number.POSITIVE_INFINITY;
      const c = new Float32Array(m * m);
      const ref = new Float32Array(m * m);
      be.gemm(m, m, m, a, 0, m, 1, b, 0, m, 1, c, 0);
      cpuBackend.gemm(m, m, m, a, 0, m, 1, b, 0, m, 1, ref, 0);
      for (let i = 0; i < m * m; i++) {
        expect(Number.isNaN(c[i]!)).toBe(Number.isNaN(ref[i]!));
        if (!Number.isFinite(ref[i]!)) expect(c[i]).toBe(ref[i]);
      }
    }
  });
});
