/**
 * Optimizer updates in place, bit-identical to @entropic/optim's loops (f64 arithmetic in
 * PyTorch's order, float32 state rounded on store).
 */
import type { Context } from './context.js';
import type { FloatArray } from '../memory.js';

export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

/** One SGD step on `param`; `buf` is the momentum buffer (null without momentum), `first` whether it is new. */
export function sgdStep(ctx: Context, param: FloatArray, grad: FloatArray, buf: FloatArray | null, h: SgdHyper, first: boolean): void {
  const { heap, ex } = ctx;
  const f32 = param instanceof Float32Array;
  const n = param.length;
  heap.reset();
  const pp = heap.copyIn(param);
  const pg = heap.copyInAs(grad, f32 ? 'float32' : 'float64');
  const pb = buf === null ? 0 : heap.copyIn(buf);
  const run = f32 ? ex.sgdF32 : ex.sgdF64;
  run(pp, pg, pb, n, h.lr, h.momentum, h.dampening, h.weightDecay, +h.nesterov, +h.maximize, +first);
  heap.copyOut(pp, param, 0, n);
  if (buf !== null) heap.copyOut(pb, buf, 0, n);
}

export interface AdamHyper {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

/**
 * One Adam (decoupled: AdamW) step; `step` is the step number t after incrementing (1 on the
 * first step); `vmax` the AMSGrad maximum (null without AMSGrad).
 */
export function adamStep(
  ctx: Context, param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, vmax: FloatArray | null,
  h: AdamHyper, step: number, decoupled: boolean,
): void {
  const { heap, ex } = ctx;
  const f32 = param instanceof Float32Array;
  const n = param.length;
  const [beta1, beta2] = h.betas;
  // The same scalar expressions as the CPU implementation, so the results agree to the bit.
  const biasCorrection1 = 1 - beta1 ** step;
  const bias2Sqrt = Math.sqrt(1 - beta2 ** step);
  const negStepSize = -(h.lr / biasCorrection1);
  const decay = 1 - h.lr * h.weightDecay;
  heap.reset();
  const pp = heap.copyIn(param);
  const pg = heap.copyInAs(grad, f32 ? 'float32' : 'float64');
  const pm = heap.copyIn(m);
  const pv = heap.copyIn(v);
  const px = vmax === null ? 0 : heap.copyIn(vmax);
  const run = f32 ? ex.adamF32 : ex.adamF64;
  run(pp, pg, pm, pv, px, n, beta1, beta2, negStepSize, bias2Sqrt, h.eps, h.weightDecay, decay, +decoupled, +h.maximize);
  heap.copyOut(pp, param, 0, n);
  heap.copyOut(pm, m, 0, n);
  heap.copyOut(pv, v, 0, n);
  if (vmax !== null) heap.copyOut(px, vmax, 0, n);
}
