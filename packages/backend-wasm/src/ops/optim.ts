/**
 * The optimizer-update kernels of core's seam (sgdUpdate, adamUpdate) on the WebAssembly
 * kernels: f64 arithmetic in PyTorch's order with float32 state rounded on store, so results are
 * bit-identical to the CPU kernels. false where they do not apply (mixed dtypes).
 */
import type { AdamUpdateArgs, SgdUpdateArgs } from '@entropic/core';
import type { Context } from './context.js';
import type { FloatArray } from '../memory.js';

function allLike(x: FloatArray, ...ys: (FloatArray | null)[]): boolean {
  return ys.every((y) => y === null || x instanceof Float32Array === y instanceof Float32Array);
}

export function sgdUpdate(ctx: Context, a: SgdUpdateArgs): boolean {
  const { param, grad, momentumBuffer: buf } = a;
  if (!allLike(param, grad, buf)) return false;
  const { heap, ex } = ctx;
  const n = param.length;
  heap.reset();
  const pp = heap.copyIn(param);
  const pg = heap.copyIn(grad);
  const pb = buf === null ? 0 : heap.copyIn(buf);
  const run = param instanceof Float32Array ? ex.sgdF32 : ex.sgdF64;
  // Without a buffer the kernel's momentum-free loop runs (as the CPU kernel's `buf === null`).
  run(pp, pg, pb, n, a.lr, buf === null ? 0 : a.momentum, a.dampening, a.weightDecay, +a.nesterov, +a.maximize, +a.firstStep);
  heap.copyOut(pp, param, 0, n);
  if (buf !== null) heap.copyOut(pb, buf, 0, n);
  return true;
}

export function adamUpdate(ctx: Context, a: AdamUpdateArgs): boolean {
  const { param, grad, expAvg: m, expAvgSq: v } = a;
  const vmax = a.amsgrad ? a.maxExpAvgSq : null;
  if (!allLike(param, grad, m, v, vmax) || (a.amsgrad && vmax === null)) return false;
  const { heap, ex } = ctx;
  const n = param.length;
  // The same scalar expressions as the CPU kernel, so the results agree to the bit.
  const biasCorrection1 = 1 - a.beta1 ** a.step;
  const bias2Sqrt = Math.sqrt(1 - a.beta2 ** a.step);
  const negStepSize = -(a.lr / biasCorrection1);
  const decay = 1 - a.lr * a.weightDecay;
  heap.reset();
  const pp = heap.copyIn(param);
  const pg = heap.copyIn(grad);
  const pm = heap.copyIn(m);
  const pv = heap.copyIn(v);
  const px = vmax === null ? 0 : heap.copyIn(vmax);
  const run = param instanceof Float32Array ? ex.adamF32 : ex.adamF64;
  run(pp, pg, pm, pv, px, n, a.beta1, a.beta2, negStepSize, bias2Sqrt, a.eps, a.weightDecay, decay, +a.decoupled, +a.maximize);
  heap.copyOut(pp, param, 0, n);
  heap.copyOut(pm, m, 0, n);
  heap.copyOut(pv, v, 0, n);
  if (vmax !== null) heap.copyOut(px, vmax, 0, n);
  return true;
}
