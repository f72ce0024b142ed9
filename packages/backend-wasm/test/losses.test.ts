/**
 * The fused loss kernels against core's CPU kernels (scalar double-precision loops, PyTorch's
 * formulas), on the same arguments: float32 within 1e-5 relative, float64 within 1e-13. The
 * WebAssembly adapters are called directly (asserting they took the call), then through the
 * backend object as the seam calls them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SoftmaxStats, cpuBackend } from '@entropic/core';
import { type Context, createContext } from '../src/ops/context.js';
import * as losses from '../src/ops/losses.js';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { random } from './helpers.js';

let ctx: Context;
let be: WasmBackend;
beforeAll(async () => {
  ctx = await createContext(1);
  be = await createWasmBackend({ threads: 1, minSize: 0 });
});
afterAll(() => {
  ctx.pool?.dispose();
  be.dispose();
});

type FloatArray = Float32Array | Float64Array;
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
const TOL = { float32: 1e-5, float64: 1e-13 } as const;

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol = 0): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (Number.isNaN(w)) expect(g).toBeNaN();
    else if (!(Math.abs(g - w) <= rtol * Math.abs(w) + atol)) expect(`[${i}] ${g}`).toBe(`[${i}] ${w}`);
  }
}

function arrays(T: Ctor, n: number, seed: number) {
  const r = random(seed);
  // Logits over a wide range (±30, a few ±1e3), targets in [0, 1], weights in (0, 2),
  // probabilities with exact 0 and 1 (the clamped logs).
  const x = new T(n).map((_, i) => (i % 97 === 5 ? (i % 2 ? 1e3 : -1e3) : 30 * r()));
  const y = new T(n).map(() => (r() + 1) / 2);
  const w = new T(n).map(() => r() + 1);
  const pw = new T(n).map(() => 2 * (r() + 1));
  const g = new T(n).map(() => r());
  const p = new T(n).map((_, i) => (i % 50 === 0 ? 0 : i % 50 === 1 ? 1 : (r() + 1) / 2));
  return { x, y, w, pw, g, p };
}

describe('binary cross-entropy with logits', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const T = dtype === 'float32' ? Float32Array : Float64Array;
    for (const n of [1, 3, 17, 1023]) {
      it(`${dtype}, n = ${n}, with and without weight and posWeight, sum and per element`, () => {
        const { x, y, w, pw, g } = arrays(T, n, n);
        for (const [weight, posWeight] of [[null, null], [w, null], [null, pw], [w, pw]] as const) {
          for (const perElement of [false, true]) {
            const mine = { out: perElement ? new T(n) : null, cache: new T(n) };
            const ref = { out: perElement ? new T(n) : null, cache: new T(n) };
            const s1 = losses.bceWithLogitsForward(ctx, { input: x, target: y, weight, posWeight, ...mine });
            const s2 = cpuBackend.bceWithLogitsForward({ input: x, target: y, weight, posWeight, ...ref });
            expect(s1).not.toBe(false);
            expect(Math.abs((s1 as number) - s2)).toBeLessThanOrEqual(TOL[dtype] * Math.abs(s2));
            if (perElement) expectClose(mine.out!, ref.out!, TOL[dtype], 1e-30);
            expectClose(mine.cache, ref.cache, TOL[dtype], 1e-30);
            for (const gradOut of [null, g]) {
              const gx1 = new T(n);
              const gx2 = new T(n);
              const args = { input: x, target: y, weight, posWeight, cache: ref.cache, gradOut, gradScale: 0.25, gradTarget: null };
              expect(losses.bceWithLogitsBackward(ctx, { ...args, gradInput: gx1 })).toBe(true);
              cpuBackend.bceWithLogitsBackward({ ...args, gradInput: gx2 });
              expectClose(gx1, gx2, TOL[dtype], 1e-30);
            }
          }
        }
      });
    }
  }

  it('leaves a gradient for the target to the CPU kernel, through the backend with the same result', () => {
    const { x, y, g } = arrays(Float64Array, 33, 1);
    const cache = new Float64Array(33);
    cpuBackend.bceWithLogitsForward({ input: x, target: y, weight: null, posWeight: null, out: null, cache });
    const args = { input: x, target: y, weight: null, posWeight: null, cache, gradOut: g, gradScale: 1 };
    expect(losses.bceWithLogitsBackward(ctx, { ...args, gradInput: new Float64Array(33), gradTarget: new Float64Array(33) })).toBe(false);
    const [gx1, gy1, gx2, gy2] = [0, 1, 2, 3].map(() => new Float64Array(33)) as [Float64Array, Float64Array, Float64Array, Float64Array];
    be.bceWithLogitsBackward({ ...args, gradInput: gx1, gradTarget: gy1 });
    cpuBackend.bceWithLogitsBackward({ ...args, gradInput: gx2, gradTarget: gy2 });
    expect(gx1).toEqual(gx2);
    expect(gy1).toEqual(gy2);
  });
});

describe('binary cross-entropy on probabilities', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const T = dtype === 'float32' ? Float32Array : Float64Array;
    for (const n of [1, 3, 17, 1023]) {
      it(`${dtype}, n = ${n}, p ∈ {0, 1} clamped at −100`, () => {
        const { p, y, w, g } = arrays(T, n, 100 + n);
        for (const weight of [null, w]) {
          for (const perElement of [false, true]) {
            const o1 = perElement ? new T(n) : null;
            const o2 = perElement ? new T(n) : null;
            const s1 = losses.bceForward(ctx, { input: p, target: y, weight, out: o1 });
            const s2 = cpuBackend.bceForward({ input: p, target: y, weight, out: o2 });
            expect(s1).not.toBe(false);
            expect(Math.abs((s1 as number) - s2)).toBeLessThanOrEqual(TOL[dtype] * Math.abs(s2));
            if (o1 && o2) expectClose(o1, o2, TOL[dtype], 1e-30);
          }
          for (const gradOut of [null, g]) {
            const gx1 = new T(n);
            const gx2 = new T(n);
            const args = { input: p, target: y, weight, gradOut, gradScale: 0.5, gradTarget: null };
            expect(losses.bceBackward(ctx, { ...args, gradInput: gx1 })).toBe(true);
            cpuBackend.bceBackward({ ...args, gradInput: gx2 });
            expectClose(gx1, gx2, TOL[dtype]);
          }
        }
      });
    }
  }
});

function stats(T: Ctor, n: number, c: number): SoftmaxStats {
  return { max: new Float64Array(n), rest: new Float64Array(n), argmax: new Int32Array(n), exp: new T(n * c) };
}

describe('softmax cross-entropy with class indices', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const T = dtype === 'float32' ? Float32Array : Float64Array;
    for (const [n, c] of [[1, 1], [3, 2], [17, 10], [1023, 3], [5, 1000]] as const) {
      it(`${dtype}, [${n}, ${c}], weights, ignoreIndex, label smoothing`, () => {
        const r = random(n * c);
        const x = new T(n * c).map((_, i) => (i % 37 === 3 ? 500 : 8 * r()));
        const target = Int32Array.from({ length: n }, (_, i) => (i % 7 === 6 ? -100 : Math.floor(((r() + 1) / 2) * c) % c));
        const w = new T(c).map(() => r() + 1.5);
        const g = new T(n).map(() => r());
        for (const weight of [null, w]) {
          for (const smoothing of [0, 0.1]) {
            for (const perElement of [false, true]) {
              const s1 = stats(T, n, c);
              const s2 = stats(T, n, c);
              const o1 = perElement ? new T(n) : null;
              const o2 = perElement ? new T(n) : null;
              const common = { input: x, n, c, d: 1, weight, target, ignoreIndex: -100, smoothing };
              const r1 = losses.crossEntropyForward(ctx, { ...common, stats: s1, out: o1 });
              const r2 = cpuBackend.crossEntropyForward({ ...common, stats: s2, out: o2 });
              expect(r1).not.toBe(false);
              const { sum, weightSum } = r1 as { sum: number; weightSum: number };
              expect(Math.abs(sum - r2.sum)).toBeLessThanOrEqual(TOL[dtype] * Math.abs(r2.sum));
              expect(weightSum).toBeCloseTo(r2.weightSum, 10);
              if (o1 && o2) expectClose(o1, o2, TOL[dtype], 1e-6);
              expect(s1.max).toEqual(s2.max);
              expect(s1.argmax).toEqual(s2.argmax);
              // float32 exps below float32's range are 0 here, ~1e-216 in the CPU's doubles: irrelevant once rounded.
              expectClose(s1.rest, s2.rest, TOL[dtype], dtype === 'float32' ? 1e-30 : 1e-300);
              expectClose(s1.exp!, s2.exp!, TOL[dtype], 1e-30);
              for (const gradOut of [null, g]) {
                const gx1 = new T(n * c);
                const gx2 = new T(n * c);
                const args = { n, c, d: 1, weight, target, ignoreIndex: -100, smoothing, stats: s2, gradOut, gradScale: 1 / n };
                expect(losses.crossEntropyBackward(ctx, { ...args, gradInput: gx1 })).toBe(true);
                cpuBackend.crossEntropyBackward({ ...args, gradInput: gx2 });
                expectClose(gx1, gx2, TOL[dtype], dtype === 'float32' ? 1e-7 : 1e-15);
              }
            }
          }
        }
      });
    }
  }

  it('keeps 1 − p of a confident prediction (rest ≈ 1e-30) in float32', () => {
    const row = [70, 1, 0.5, 0, 2];
    const rest = row.slice(1).reduce((acc, v) => acc + Math.exp(v - 70), 0);
    const s1 = stats(Float32Array, 1, 5);
    const r = losses.crossEntropyForward(ctx, { input: Float32Array.from(row), n: 1, c: 5, d: 1, weight: null, target: new Int32Array([0]), ignoreIndex: -100, smoothing: 0, stats: s1, out: null });
    expect(r).not.toBe(false);
    expect(s1.rest[0]! / rest).toBeCloseTo(1, 6);
    expect((r as { sum: number }).sum / rest).toBeCloseTo(1, 6);
  });

  it('leaves trailing class dimensions (d > 1) to the CPU kernel', () => {
    const x = new Float32Array(2 * 3 * 4).map((_, i) => Math.sin(i));
    const target = new Int32Array([0, 1, 2, 1, 0, 2, 2, 1]);
    const args = { input: x, n: 2, c: 3, d: 4, weight: null, target, ignoreIndex: -100, smoothing: 0, out: null };
    expect(losses.crossEntropyForward(ctx, { ...args, stats: stats(Float32Array, 8, 3) })).toBe(false);
    const s1 = stats(Float32Array, 8, 3);
    const s2 = stats(Float32Array, 8, 3);
    expect(be.crossEntropyForward({ ...args, stats: s1 })).toEqual(cpuBackend.crossEntropyForward({ ...args, stats: s2 }));
    expect(s1).toEqual(s2);
  });
});

describe('through the backend object', () => {
  it('the seam calls give the CPU results (float64 to 1e-13)', () => {
    const n = 500;
    const { x, y, w, g } = arrays(Float64Array, n, 9);
    const c1 = new Float64Array(n);
    const c2 = new Float64Array(n);
    const a = be.bceWithLogitsForward({ input: x, target: y, weight: w, posWeight: null, out: null, cache: c1 });
    const b = cpuBackend.bceWithLogitsForward({ input: x, target: y, weight: w, posWeight: null, out: null, cache: c2 });
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-13 * Math.abs(b));
    const gx1 = new Float64Array(n);
    const gx2 = new Float64Array(n);
    const args = { input: x, target: y, weight: w, posWeight: null, cache: c2, gradOut: g, gradScale: 1, gradTarget: null };
    be.bceWithLogitsBackward({ ...args, gradInput: gx1 });
    cpuBackend.bceWithLogitsBackward({ ...args, gradInput: gx2 });
    expectClose(gx1, gx2, 1e-13, 1e-300);
  });
});

export type { FloatArray };
