import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@entropic/core';
import type { WasmBackend } from '../src/index.js';
import { backends, fill } from './helpers.js';

let all: [string, WasmBackend][] = [];
let one: WasmBackend;
beforeAll(async () => {
  ({ all, one } = await backends());
});
afterAll(() => {
  for (const [, b] of all) b.dispose();
});

/** X·W (n columns, W's columns contiguous) and Gᵀ·X on `be`. */
function products(be: WasmBackend, X: Float32Array, m: number, k: number, n: number, G: Float32Array) {
  const w = fill(new Float32Array(n * k), 11);
  const xw = new Float32Array(m * n);
  be.gemm(m, n, k, X, 0, k, 1, w, 0, 1, k, xw, 0);
  const gx = new Float32Array(n * k);
  be.gemm(n, k, m, G, 0, 1, n, X, 0, k, 1, gx, 0);
  return { xw, gx };
}

describe('held arrays (a full-batch training loop\'s X)', () => {
  it('give the same products as copying X in, with 1 and 2 threads, for every row count and column count', () => {
    // 4·k·m bytes ≥ 1 MiB, so X is held; m not a multiple of 4 (the 4-row path's remainder).
    for (const [m, k] of [[30_001, 37], [8_195, 128]] as const) {
      const X = fill(new Float32Array(m * k), m);
      for (const n of [1, 2, 4]) {
        const G = fill(new Float32Array(m * n), n);
        const copied = products(one, X, m, k, n, G);
        for (const [, be] of all) {
          const release = be.hold(X);
          const held = products(be, X, m, k, n, G);
          release();
          // Row products are formed the same way either way. gᵀ·X's float32 partial sums are
          // grouped by chunk rather than by copied block: both are as close to the double sums
          // as the streamed product's own test asks.
          expect(held.xw).toEqual(copied.xw);
          const ref = new Float32Array(n * k);
          cpuBackend.gemm(n, k, m, G, 0, 1, n, X, 0, k, 1, ref, 0);
          for (let i = 0; i < ref.length; i++) expect(Math.abs(held.gx[i]! - ref[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(ref[i]!), Math.sqrt(m) / 3));
        }
      }
    }
  });

  it('gives exactly the same gᵀ·X with 1 thread and with 2 (the chunks, not the threads, fix the sums)', () => {
    const m = 50_000;
    const k = 64;
    const X = fill(new Float32Array(m * k), 3);
    const G = fill(new Float32Array(m), 4);
    const results = all.map(([, be]) => {
      const release = be.hold(X);
      const r = products(be, X, m, k, 1, G).gx;
      release();
      return r;
    });
    expect(results[1]).toEqual(results[0]);
  });

  it('is read from the copy while held, and from the array again once released', () => {
    const m = 20_000;
    const k = 16;
    const X = fill(new Float32Array(m * k), 5);
    const w = fill(new Float32Array(k), 6);
    const z = new Float32Array(m);
    const ref = new Float32Array(m);
    const release = one.hold(X);
    const saved = X[0]!;
    // Breaking the promise shows which copy a kernel reads: the held one.
    X[0] = 1e6;
    one.gemm(m, 1, k, X, 0, k, 1, w, 0, 1, k, z, 0);
    X[0] = saved;
    cpuBackend.gemm(m, 1, k, X, 0, k, 1, w, 0, 1, k, ref, 0);
    expect(Math.abs(z[0]! - ref[0]!)).toBeLessThan(1e-4);
    release();
    X[0] = 1e6;
    one.gemm(m, 1, k, X, 0, k, 1, w, 0, 1, k, z, 0);
    expect(z[0]!).toBeCloseTo(ref[0]! + (1e6 - saved) * w[0]!, -1);
    X[0] = saved;
  });

  it('nests: the copy stays until the last hold is released; releasing twice is harmless', () => {
    const X = fill(new Float32Array(1 << 19), 7);
    const outer = one.hold(X);
    const inner = one.hold(X);
    const bytes = one.memoryBytes;
    inner();
    inner();
    X[0] = 1e6;
    const z = new Float32Array(1);
    const w = new Float32Array(X.length).fill(0);
    w[0] = 1;
    // Still held: the kernel reads the copy, whose first element is not 1e6.
    one.gemm(1, 1, X.length, w, 0, X.length, 1, X, 0, 1, 1, z, 0);
    expect(z[0]).not.toBe(1e6);
    outer();
    one.gemm(1, 1, X.length, w, 0, X.length, 1, X, 0, 1, 1, z, 0);
    expect(z[0]).toBe(1e6);
    expect(one.memoryBytes).toBe(bytes);
  });

  it('keeps memory flat over many holds and releases, and holds nothing for small or integer arrays', () => {
    const X = fill(new Float32Array(1 << 19), 8);
    one.hold(X)();
    const bytes = one.memoryBytes;
    for (let i = 0; i < 50; i++) {
      const Y = fill(new Float32Array(1 << 19), i);
      one.hold(Y)();
    }
    expect(one.memoryBytes).toBe(bytes);
    // Below 1 MiB nothing is copied: the kernels read the array itself.
    const small = fill(new Float32Array(1000), 9);
    const release = one.hold(small);
    small[0] = 5;
    const out = new Float32Array(1);
    one.gemm(1, 1, 1000, small, 0, 1000, 1, new Float32Array(1000).fill(0).fill(1, 0, 1), 0, 1, 1, out, 0);
    expect(out[0]).toBe(5);
    release();
    expect(() => one.hold(new Int32Array(1 << 19))()).not.toThrow();
  });
});
