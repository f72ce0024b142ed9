/** Reductions through WebAssembly over a run of consecutive axes (the [outer, len, inner] view). */
import type { Shape } from '@entropic/core';
import type { Context } from './context.js';
import type { FloatArray } from '../memory.js';

export const REDUCE_CODE = { sum: 0, max: 1, min: 2 } as const;

/** [outer, len, inner] when `axes` (sorted) are consecutive, else null. */
export function reduceView(shape: Shape, axes: readonly number[]): [number, number, number] | null {
  if (axes.length === 0) return null;
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1]! + 1) return null;
  const first = axes[0]!;
  const last = axes[axes.length - 1]!;
  let outer = 1;
  let len = 1;
  let inner = 1;
  shape.forEach((d, i) => {
    if (i < first) outer *= d;
    else if (i <= last) len *= d;
    else inner *= d;
  });
  return [outer, len, inner];
}

export function reduceWasm(ctx: Context, op: keyof typeof REDUCE_CODE, x: FloatArray, view: [number, number, number], out: FloatArray): void {
  const { heap, ex } = ctx;
  const [outer, len, inner] = view;
  heap.reset();
  const px = heap.copyIn(x);
  const po = heap.alloc(out.length * out.BYTES_PER_ELEMENT);
  const acc = heap.alloc(inner * 8);
  if (x instanceof Float32Array) ex.reduceF32(REDUCE_CODE[op], px, outer, len, inner, po, acc);
  else ex.reduceF64(REDUCE_CODE[op], px, outer, len, inner, po, acc);
  heap.copyOut(po, out, 0, out.length);
}
