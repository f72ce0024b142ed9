/** CPU reduction kernels: sum, max, min over any set of axes. */
import { type Shape, stridesOf } from '../shape.js';
import type { TypedArray } from '../dtype.js';
import type { ReduceKernel } from './kernels.js';

/**
 * Reduces `x` (shape `shape`) over the sorted `axes` into `out`, whose elements are laid out
 * as the kept axes in order. Sums accumulate in float64 so float32 sums are not rounded per step.
 */
export function reduce(op: ReduceKernel, x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void {
  const acc = new Float64Array(out.length).fill(op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity);
  const nd = shape.length;
  const reduced = new Array<boolean>(nd).fill(false);
  for (const a of axes) reduced[a] = true;
  // Output stride of each input axis (0 along reduced axes).
  const keptShape = shape.filter((_, i) => !reduced[i]);
  const keptStrides = stridesOf(keptShape);
  const os = new Array<number>(nd).fill(0);
  for (let i = 0, k = 0; i < nd; i++) if (!reduced[i]) os[i] = keptStrides[k++]!;

  // Iterate the input in memory order; the innermost axis runs as a tight loop.
  const inner = nd === 0 ? 1 : shape[nd - 1]!;
  const innerStride = nd === 0 ? 0 : os[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  let oo = 0;
  for (let i = 0; i < x.length; i += inner) {
    if (op === 'sum') {
      if (innerStride === 0) {
        let s = 0;
        for (let j = 0; j < inner; j++) s += x[i + j]!;
        acc[oo] = acc[oo]! + s;
      } else for (let j = 0; j < inner; j++) acc[oo + j] = acc[oo + j]! + x[i + j]!;
    } else if (op === 'max') {
      // `v > m || isNaN(v)`: NaN wins and then stays, as torch.amax.
      for (let j = 0; j < inner; j++) {
        const v = x[i + j]!;
        const o = oo + j * innerStride;
        if (v > acc[o]! || Number.isNaN(v)) acc[o] = v;
      }
    } else {
      for (let j = 0; j < inner; j++) {
        const v = x[i + j]!;
        const o = oo + j * innerStride;
        if (v < acc[o]! || Number.isNaN(v)) acc[o] = v;
      }
    }
    for (let d = nd - 2; d >= 0; d--) {
      oo += os[d]!;
      if (++idx[d]! < shape[d]!) break;
      oo -= os[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  // Keep a NaN max/min found before the accumulator's initial value was replaced.
  for (let i = 0; i < out.length; i++) out[i] = acc[i]!;
}
