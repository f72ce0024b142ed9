/**
 * Optimizer updates against core's CPU kernels (PyTorch's order of operations): bit-identical in
 * float32 and float64 over several steps. The adapters are called directly, asserting they took
 * the call, and the state of both runs is compared after every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SgdUpdateArgs, cpuBackend } from '@entropic/core';
import { type Context, createContext } from '../src/ops/context.js';
import * as optim from '../src/ops/optim.js';
import { random } from './helpers.js';

let ctx: Context;
beforeAll(async () => {
  ctx = await createContext(1);
});
afterAll(() => ctx.pool?.dispose());

type FloatArray = Float32Array | Float64Array;

function same(a: FloatArray | null, b: FloatArray | null): void {
  if (a === null || b === null) {
    expect(a).toBe(b);
    return;
  }
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect(`[${i}] ${a[i]}`).toBe(`[${i}] ${b[i]}`);
}

type Hyper = Pick<SgdUpdateArgs, 'lr' | 'momentum' | 'dampening' | 'weightDecay' | 'nesterov' | 'maximize'>;

describe('sgdUpdate', () => {
  const settings: Hyper[] = [
    { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
    { lr: 0.05, momentum: 0, dampening: 0, weightDecay: 1e-2, nesterov: false, maximize: true },
    { lr: 0.01, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
    { lr: 0.01, momentum: 0.9, dampening: 0.1, weightDecay: 5e-4, nesterov: false, maximize: false },
    { lr: 0.01, momentum: 0.8, dampening: 0, weightDecay: 1e-3, nesterov: true, maximize: false },
  ];
  for (const T of [Float32Array, Float64Array]) {
    for (const [si, h] of settings.entries()) {
      it(`${T.name} setting ${si}: 5 steps bit-identical`, () => {
        for (const n of [1, 3, 17, 1023]) {
          const r = random(n + si);
          const p1 = new T(n).map(() => r());
          const p2 = p1.slice();
          const b1 = h.momentum > 0 ? new T(n) : null;
          const b2 = h.momentum > 0 ? new T(n) : null;
          for (let step = 0; step < 5; step++) {
            const grad = new T(n).map(() => r());
            expect(optim.sgdUpdate(ctx, { ...h, param: p1, grad, momentumBuffer: b1, firstStep: step === 0 })).toBe(true);
            cpuBackend.sgdUpdate({ ...h, param: p2, grad, momentumBuffer: b2, firstStep: step === 0 });
            same(p1, p2);
            same(b1, b2);
          }
        }
      });
    }
  }
});

describe('adamUpdate (Adam and AdamW)', () => {
  for (const T of [Float32Array, Float64Array]) {
    for (const decoupled of [false, true]) {
      for (const amsgrad of [false, true]) {
        for (const [weightDecay, maximize] of [[0, false], [0.01, false], [0.01, true]] as const) {
          it(`${T.name} ${decoupled ? 'AdamW' : 'Adam'}${amsgrad ? ' AMSGrad' : ''} wd ${weightDecay}${maximize ? ' maximize' : ''}: 5 steps bit-identical`, () => {
            const n = 1023;
            const r = random(n + +decoupled + 2 * +amsgrad);
            const h = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, maximize, amsgrad, decoupled };
            const p1 = new T(n).map(() => r());
            const p2 = p1.slice();
            const s1 = { expAvg: new T(n), expAvgSq: new T(n), maxExpAvgSq: amsgrad ? new T(n) : null };
            const s2 = { expAvg: new T(n), expAvgSq: new T(n), maxExpAvgSq: amsgrad ? new T(n) : null };
            for (let step = 1; step <= 5; step++) {
              const grad = new T(n).map(() => r() * (step % 2 ? 1 : 1e-3));
              expect(optim.adamUpdate(ctx, { ...h, ...s1, param: p1, grad, step })).toBe(true);
              cpuBackend.adamUpdate({ ...h, ...s2, param: p2, grad, step });
              same(p1, p2);
              same(s1.expAvg, s2.expAvg);
              same(s1.expAvgSq, s2.expAvgSq);
              same(s1.maxExpAvgSq, s2.maxExpAvgSq);
            }
          });
        }
      }
    }
  }

  it('mixed dtypes are left to the CPU kernel', () => {
    const args = { param: new Float32Array(4), grad: new Float64Array(4), lr: 0.1, weightDecay: 0, maximize: false, momentumBuffer: null, firstStep: true, momentum: 0, dampening: 0, nesterov: false };
    expect(optim.sgdUpdate(ctx, args)).toBe(false);
  });
});
