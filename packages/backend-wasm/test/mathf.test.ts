import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '@entropic/core';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { ulpDistance } from './helpers.js';

let be: WasmBackend;
beforeAll(async () => {
  be = await createWasmBackend({ threads: 1 });
});
afterAll(() => be.dispose());

type Op = Parameters<WasmBackend['unary']>[0];

/** The correctly rounded reference: the double-precision function, rounded once to float32. */
const REFERENCE: Record<Op, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: Math.sign,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  tanh: Math.tanh,
  relu: (x) => (x <= 0 ? 0 : x),
  softplus: (x) => (x > 20 ? x : Math.log1p(Math.exp(x))),
  logSigmoid: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
};

/**
 * float32 inputs spread over the whole line: every STEP-th bit pattern (both signs, subnormals,
 * infinities and NaNs included), plus dense runs around the points where each function changes
 * formula and the special values.
 */
function inputs(): Float32Array {
  const STEP = 2039; // prime, so every exponent and many mantissa patterns are hit
  const bits: number[] = [];
  for (let b = 0; b < 2 ** 32; b += STEP) bits.push(b | 0);
  const out = new Float32Array(new Int32Array(bits).buffer);
  const extra: number[] = [0, -0, Infinity, -Infinity, Number.NaN, 1, -1, 2 ** -149, -(2 ** -149), 2 ** -126, 3.4028234663852886e38];
  // Dense runs near the branch points and the over/underflow thresholds.
  for (const centre of [0, 0.5625, -0.5625, 20, -20, 9.1, 88.72, 89, -87.33, -103.97, -104, 1, 0.5, 2, 1e-7, -1e-7, -0.9999]) {
    const c = new Float32Array([centre]);
    const ci = new Int32Array(c.buffer)[0]!;
    for (let d = -3000; d <= 3000; d++) extra.push(new Float32Array(new Int32Array([ci + d]).buffer)[0]!);
  }
  const all = new Float32Array(out.length + extra.length);
  all.set(out);
  all.set(extra, out.length);
  return all;
}

const X = inputs();

function worstUlp(op: Op): { ulp: number; at: number } {
  const out = new Float32Array(X.length);
  be.unary(op, X, out);
  const f = REFERENCE[op];
  let worst = { ulp: 0, at: 0 };
  for (let i = 0; i < X.length; i++) {
    const ref = Math.fround(f(X[i]!));
    const u = ulpDistance(out[i]!, ref);
    if (u > worst.ulp) worst = { ulp: u, at: X[i]! };
  }
  return worst;
}

describe('float32 SIMD math: within 2 ulp of the correctly rounded result', () => {
  it(`covers ${X.length} inputs across the whole float32 range`, () => {
    expect(X.length).toBeGreaterThan(2_000_000);
  });
  for (const op of ['exp', 'log', 'log1p', 'sigmoid', 'logSigmoid', 'tanh', 'softplus'] as const) {
    it(op, () => {
      const w = worstUlp(op);
      if (process.env.SHOW_ULP) console.log(op, w);
      expect(w.ulp, `worst at x = ${w.at}`).toBeLessThanOrEqual(2);
    });
  }
  for (const op of ['neg', 'abs', 'sqrt', 'sign', 'relu'] as const) {
    it(`${op} is exact`, () => {
      expect(worstUlp(op).ulp).toBe(0);
    });
  }

  it('gives what the CPU backend gives at the special values', () => {
    const specials = new Float32Array(64);
    specials.set([0, -0, Infinity, -Infinity, Number.NaN, -1, 1, 2 ** -149, 100, -100, 89, -104, 20.5, -20.5]);
    for (const op of Object.keys(REFERENCE) as Op[]) {
      const out = new Float32Array(specials.length);
      const ref = new Float32Array(specials.length);
      be.unary(op, specials, out);
      cpuBackend.unary(op, specials, ref);
      for (let i = 0; i < 14; i++) {
        const r = ref[i]!;
        if (!Number.isFinite(r) || r === 0) expect(Object.is(out[i], r) || (r === 0 && out[i] === 0 && op !== 'neg' && op !== 'sign' && op !== 'abs'), `${op}(${specials[i]}) = ${out[i]}, CPU ${r}`).toBe(true);
        else expect(ulpDistance(out[i]!, r)).toBeLessThanOrEqual(2);
      }
    }
  });

  it('short arrays (the odd tail) compute like long ones', () => {
    for (const op of ['exp', 'tanh', 'sigmoid'] as const) {
      const long = new Float32Array(1027).map((_, i) => (i - 500) / 37);
      const out = new Float32Array(long.length);
      be.unary(op, long, out);
      // The last three elements go through the one-lane tail path.
      for (const i of [1024, 1025, 1026]) expect(ulpDistance(out[i]!, Math.fround(REFERENCE[op](long[i]!)))).toBeLessThanOrEqual(2);
    }
  });
});
