/**
 * Optimizer updates against the loops of @entropic/optim (PyTorch's order of operations):
 * bit-identical in float32 and float64, over several steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, type SgdHyper, type WasmBackend } from '../src/index.js';
import { random } from './helpers.js';

let be: WasmBackend;
beforeAll(async () => {
  be = await createWasmBackend({ threads: 1 });
});
afterAll(() => be.dispose());

type FloatArray = Float32Array | Float64Array;

function refSgd(param: FloatArray, grad: FloatArray, buf: FloatArray | null, o: SgdHyper, first: boolean): void {
  const { lr, momentum, dampening, weightDecay: wd, nesterov } = o;
  const sign = o.maximize ? -1 : 1;
  for (let i = 0; i < param.length; i++) {
    const p = param[i]!;
    const g = wd === 0 ? sign * grad[i]! : sign * grad[i]! + wd * p;
    if (momentum === 0 || buf === null) {
      param[i] = p - lr * g;
      continue;
    }
    buf[i] = first ? g : buf[i]! * momentum + (1 - dampening) * g;
    const b = buf[i]!;
    param[i] = p - lr * (nesterov ? g + momentum * b : b);
  }
}

function refAdam(
  param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, vmax: FloatArray | null,
  o: { lr: number; betas: [number, number]; eps: number; weightDecay: number; maximize: boolean }, t: number, decoupled: boolean,
): void {
  const [beta1, beta2] = o.betas;
  const sign = o.maximize ? -1 : 1;
  const biasCorrection1 = 1 - beta1 ** t;
  const bias2Sqrt = Math.sqrt(1 - beta2 ** t);
  const negStepSize = -(o.lr / biasCorrection1);
  const decay = 1 - o.lr * o.weightDecay;
  const l2 = decoupled ? 0 : o.weightDecay;
  for (let i = 0; i < param.length; i++) {
    let p = param[i]!;
    if (decoupled && o.weightDecay !== 0) {
      param[i] = p * decay;
      p = param[i]!;
    }
    const g = l2 === 0 ? sign * grad[i]! : sign * grad[i]! + l2 * p;
    m[i] = m[i]! * beta1 + (1 - beta1) * g;
    v[i] = v[i]! * beta2 + (1 - beta2) * g * g;
    let second = v[i]!;
    if (vmax !== null) {
      const prev = vmax[i]!;
      vmax[i] = prev > second || Number.isNaN(prev) ? prev : second;
      second = vmax[i]!;
    }
    param[i] = p + (negStepSize * m[i]!) / (Math.sqrt(second) / bias2Sqrt + eps(o));
  }
}
const eps = (o: { eps: number }): number => o.eps;

function same(a: FloatArray, b: FloatArray): void {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect(`[${i}] ${a[i]}`).toBe(`[${i}] ${b[i]}`);
}

describe('SGD', () => {
  const settings: SgdHyper[] = [
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
            const g = new T(n).map(() => r());
            be.kernels.sgdStep(p1, g, b1, h, step === 0);
            refSgd(p2, g, b2, h, step === 0);
          }
          same(p1, p2);
          if (b1 && b2) same(b1, b2);
        }
      });
    }
  }
});

describe('Adam and AdamW', () => {
  for (const T of [Float32Array, Float64Array]) {
    for (const decoupled of [false, true]) {
      for (const amsgrad of [false, true]) {
        for (const wd of [0, 0.01]) {
          it(`${T.name} ${decoupled ? 'AdamW' : 'Adam'}${amsgrad ? ' AMSGrad' : ''} wd ${wd}: 5 steps bit-identical`, () => {
            const n = 1023;
            const r = random(n + +decoupled + 2 * +amsgrad);
            const h = { lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: wd, maximize: false };
            const p1 = new T(n).map(() => r());
            const p2 = p1.slice();
            const [m1, v1, m2, v2] = [new T(n), new T(n), new T(n), new T(n)];
            const x1 = amsgrad ? new T(n) : null;
            const x2 = amsgrad ? new T(n) : null;
            for (let t = 1; t <= 5; t++) {
              const g = new T(n).map(() => r() * (t % 2 ? 1 : 1e-3));
              be.kernels.adamStep(p1, g, m1, v1, x1, h, t, decoupled);
              refAdam(p2, g, m2, v2, x2, h, t, decoupled);
            }
            same(p1, p2);
            same(m1, m2);
            same(v1, v2);
            if (x1 && x2) same(x1, x2);
          });
        }
      }
    }
  }

  it('maximize flips the gradient', () => {
    const p1 = new Float32Array([1, 2, 3, 4, 5]);
    const p2 = p1.slice();
    const g = new Float32Array([0.1, -0.2, 0.3, -0.4, 0.5]);
    const h = { lr: 0.1, betas: [0.9, 0.999] as const, eps: 1e-8, weightDecay: 0, maximize: true };
    be.kernels.adamStep(p1, g, new Float32Array(5), new Float32Array(5), null, h, 1, false);
    refAdam(p2, g, new Float32Array(5), new Float32Array(5), null, { ...h, betas: [0.9, 0.999] }, 1, false);
    same(p1, p2);
    expect(p1[0]).toBeGreaterThan(1);
  });
});
