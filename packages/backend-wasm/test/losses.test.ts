/**
 * The fused loss kernels against scalar JavaScript references: the loops of @entropic/loss
 * (PyTorch's formulas), in double precision. float32 within 1e-5 relative, float64 within 1e-13.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { random } from './helpers.js';

let be: WasmBackend;
beforeAll(async () => {
  be = await createWasmBackend({ threads: 1 });
});
afterAll(() => be.dispose());

type FloatArray = Float32Array | Float64Array;
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol = 0): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (Number.isNaN(w)) {
      expect(g).toBeNaN();
      continue;
    }
    if (!(Math.abs(g - w) <= rtol * Math.abs(w) + atol)) expect(`[${i}] ${g}`).toBe(`[${i}] ${w}`);
  }
}

function scalarClose(got: number, want: number, rtol: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rtol * Math.abs(want));
}

const TOL = { float32: 1e-5, float64: 1e-13 } as const;

// ------------------------------------------------------------------ references

function refBceWithLogits(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number> | null, pw: ArrayLike<number> | null) {
  const loss: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const z = x[i]!;
    const t = y[i]!;
    const ei = Math.exp(-Math.abs(z));
    const a = Math.log1p(ei);
    e.push(ei);
    const pos = t * (Math.max(-z, 0) + a);
    let l = (1 - t) * (Math.max(z, 0) + a) + (pw === null ? pos : pw[i]! * pos);
    if (w !== null) l *= w[i]!;
    loss.push(l);
  }
  return { loss, e, total: loss.reduce((s, v) => s + v, 0) };
}

function refBceWithLogitsBackward(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number> | null, pw: ArrayLike<number> | null, g0: number, g: ArrayLike<number> | null) {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const z = x[i]!;
    const t = y[i]!;
    const k = (g === null ? g0 : g[i]!) * (w === null ? 1 : w[i]!);
    const p = pw === null ? 1 : pw[i]!;
    const e = Math.exp(-Math.abs(z));
    const inv = 1 / (1 + e);
    const sig = z >= 0 ? inv : e * inv;
    const rest = z >= 0 ? e * inv : inv;
    out.push(k * ((1 - t) * sig - p * t * rest));
  }
  return out;
}

function refBce(p: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number> | null) {
  const loss: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    const t = y[i]!;
    let l = (t - 1) * Math.max(Math.log1p(-pi), -100) - t * Math.max(Math.log(pi), -100);
    if (w !== null) l *= w[i]!;
    loss.push(l);
  }
  return { loss, total: loss.reduce((s, v) => s + v, 0) };
}

function refBceBackward(p: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number> | null, g0: number, g: ArrayLike<number> | null) {
  const out: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const k = (g === null ? g0 : g[i]!) * (w === null ? 1 : w[i]!);
    out.push((k * (p[i]! - y[i]!)) / Math.max((1 - p[i]!) * p[i]!, 1e-12));
  }
  return out;
}

function refCrossEntropy(x: ArrayLike<number>, t: Int32Array, n: number, c: number, w: ArrayLike<number> | null, ignoreIndex: number, eps: number) {
  const loss: number[] = [];
  let weightTotal = 0;
  const grad = (g0: number, g: ArrayLike<number> | null): number[] => {
    const out: number[] = [];
    let wSum = 0;
    for (let k = 0; k < c; k++) wSum += w === null ? 1 : w[k]!;
    for (let i = 0; i < n; i++) {
      const cls = t[i]!;
      const row = Array.from({ length: c }, (_, k) => x[i * c + k]!);
      const m = Math.max(...row);
      const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
      for (let k = 0; k < c; k++) {
        if (cls === ignoreIndex) {
          out.push(0);
          continue;
        }
        const kp = g === null ? g0 : g[i]!;
        const a = kp * (1 - eps) * (w === null ? 1 : w[cls]!);
        const b = (kp * eps) / c;
        const pk = Math.exp(row[k]! - m) / s;
        let v = a * pk - (k === cls ? a : 0);
        if (eps > 0) v += b * (pk * wSum - (w === null ? 1 : w[k]!));
        out.push(v);
      }
    }
    return out;
  };
  for (let i = 0; i < n; i++) {
    const cls = t[i]!;
    if (cls === ignoreIndex) {
      loss.push(0);
      continue;
    }
    const row = Array.from({ length: c }, (_, k) => x[i * c + k]!);
    const m = Math.max(...row);
    const logS = Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    const wt = w === null ? 1 : w[cls]!;
    weightTotal += wt;
    let l = wt * (logS - (row[cls]! - m));
    if (eps > 0) {
      let smooth = 0;
      for (let k = 0; k < c; k++) smooth += (w === null ? 1 : w[k]!) * (logS - (row[k]! - m));
      l = (1 - eps) * l + (eps / c) * smooth;
    }
    loss.push(l);
  }
  return { loss, total: loss.reduce((s, v) => s + v, 0), weightTotal, grad };
}

// ------------------------------------------------------------------ tests

function arrays(T: Ctor, n: number, seed: number) {
  const r = random(seed);
  // Logits over a wide range (±30, a few ±1e3), targets in [0, 1], weights in (0, 2).
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
      it(`${dtype}, n = ${n}, with and without weight and posWeight`, () => {
        const { x, y, w, pw, g } = arrays(T, n, n);
        for (const [ww, pp] of [[null, null], [w, null], [null, pw], [w, pw]] as const) {
          const loss = new T(n);
          const cache = new T(n);
          const total = be.kernels.bceWithLogits(x, y, ww, pp, loss, cache);
          const ref = refBceWithLogits(x, y, ww, pp);
          expectClose(loss, ref.loss, TOL[dtype], 1e-30);
          expectClose(cache, ref.e, TOL[dtype], 1e-30);
          scalarClose(total, ref.total, TOL[dtype]);
          // Sum only (no per-element output) gives the same total.
          expect(be.kernels.bceWithLogits(x, y, ww, pp, null, null)).toBe(total);
          for (const [g0, gg] of [[0.25, null], [1, g]] as const) {
            const gx = new T(n);
            be.kernels.bceWithLogitsBackward(x, y, ww, pp, cache, g0, gg, gx);
            expectClose(gx, refBceWithLogitsBackward(x, y, ww, pp, g0, gg), TOL[dtype], 1e-30);
          }
        }
      });
    }
  }
});

describe('binary cross-entropy on probabilities', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const T = dtype === 'float32' ? Float32Array : Float64Array;
    for (const n of [1, 3, 17, 1023]) {
      it(`${dtype}, n = ${n}, p ∈ {0, 1} clamped at −100`, () => {
        const { p, y, w, g } = arrays(T, n, 100 + n);
        for (const ww of [null, w]) {
          const loss = new T(n);
          const total = be.kernels.bce(p, y, ww, loss);
          const ref = refBce(p, y, ww);
          expectClose(loss, ref.loss, TOL[dtype], 1e-30);
          scalarClose(total, ref.total, TOL[dtype]);
          for (const [g0, gg] of [[0.5, null], [1, g]] as const) {
            const gx = new T(n);
            be.kernels.bceBackward(p, y, ww, g0, gg, gx);
            expectClose(gx, refBceBackward(p, y, ww, g0, gg), TOL[dtype]);
          }
        }
      });
    }
  }
});

describe('softmax cross-entropy with class indices', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const T = dtype === 'float32' ? Float32Array : Float64Array;
    for (const [n, c] of [[1, 1], [3, 2], [17, 10], [1023, 3], [5, 1000]] as const) {
      it(`${dtype}, [${n}, ${c}], weights, ignoreIndex, label smoothing`, () => {
        const r = random(n * c);
        const x = new T(n * c).map((_, i) => (i % 37 === 3 ? 500 : 8 * r()));
        const t = Int32Array.from({ length: n }, (_, i) => (i % 7 === 6 ? -100 : Math.floor((r() + 1) / 2 * c) % c));
        const w = new T(c).map(() => r() + 1.5);
        const g = new T(n).map(() => r());
        for (const ww of [null, w]) {
          for (const eps of [0, 0.1]) {
            const loss = new T(n);
            const cache = { rest: new Float64Array(n), arg: new Int32Array(n), e: new T(n * c) };
            const got = be.kernels.crossEntropy(x, t, n, c, ww, -100, eps, loss, cache);
            const ref = refCrossEntropy(x, t, n, c, ww, -100, eps);
            expectClose(loss, ref.loss, TOL[dtype], 1e-6);
            scalarClose(got.total, ref.total, TOL[dtype]);
            expect(got.weightTotal).toBeCloseTo(ref.weightTotal, 10);
            let wSum = 0;
            for (let k = 0; k < c; k++) wSum += ww === null ? 1 : ww[k]!;
            for (const [g0, gg] of [[1 / n, null], [1, g]] as const) {
              const gx = new T(n * c);
              be.kernels.crossEntropyBackward(cache, t, n, c, ww, -100, eps, wSum, g0, gg, gx);
              expectClose(gx, ref.grad(g0, gg), TOL[dtype], dtype === 'float32' ? 1e-7 : 1e-15);
            }
          }
        }
      });
    }
  }
});

describe('the kernels compute alike for float32 and float64', () => {
  it('float32 results are the float64 ones to float32 precision', () => {
    const n = 999;
    const a64 = arrays(Float64Array, n, 5);
    const a32 = { x: Float32Array.from(a64.x), y: Float32Array.from(a64.y) };
    const l64 = new Float64Array(n);
    const l32 = new Float32Array(n);
    be.kernels.bceWithLogits(Float64Array.from(a32.x), Float64Array.from(a32.y), null, null, l64, null);
    be.kernels.bceWithLogits(a32.x, a32.y, null, null, l32, null);
    expectClose(l32, l64, 1e-6, 1e-30);
  });
});

export type { FloatArray };
