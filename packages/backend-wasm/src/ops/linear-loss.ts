/**
 * `linearBceWithLogits` on the WebAssembly kernel: a binary logistic model's loss and gradient in
 * one pass over X (float32). X is read where it is held (a full-batch training loop's data set)
 * or copied in once; the rows are cut into fixed chunks, each summing into a slot of its own that
 * the calling thread adds up in order, so the sums do not depend on the number of threads.
 */
import type { LinearBceWithLogitsArgs, LinearBceWithLogitsSums } from '@entropic/core';
import type { Context } from './context.js';

/** Elements of X per chunk (as the held skinny products: ~1 MB). */
const CHUNK_ELEMENTS = 1 << 18;
/** From this many elements of X on, the chunks are shared with the workers. */
const PARALLEL_ELEMENTS = 1 << 20;

/** The sums, or false where the kernel does not apply (float64: the CPU kernel's double loops). */
export function linearBceWithLogits(ctx: Context, args: LinearBceWithLogitsArgs): LinearBceWithLogitsSums | false {
  const { x, rows, cols, weight, bias, target, sampleWeight, gradWeight } = args;
  if (!(x instanceof Float32Array) || !(weight instanceof Float32Array) || cols === 0) return false;
  const { heap, ex, pool } = ctx;
  heap.reset();
  const held = heap.resident(x);
  const px = held >= 0 ? held : heap.copyIn(x, 0, rows * cols);
  const pw = heap.copyIn(weight, 0, cols);
  const py = heap.copyInAs(target, 'float32');
  const ps = sampleWeight === null ? 0 : heap.copyInAs(sampleWeight, 'float32');
  // Whole groups of four rows per chunk, so that only the last chunk has a partial group.
  const step = Math.max(4, Math.floor(CHUNK_ELEMENTS / cols / 4) * 4);
  const slots = Math.ceil(rows / step);
  const width = cols + 2;
  const acc = heap.alloc(slots * width * 8);
  heap.f64.fill(0, acc / 8, acc / 8 + slots * width);
  const part = heap.alloc(slots * cols * 4);
  const grad = gradWeight === null ? 0 : 1;
  if (pool === null || pool.size === 0 || slots === 1 || rows * cols < PARALLEL_ELEMENTS) {
    for (let r0 = 0; r0 < rows; r0 += step) ex.linearBceWithLogitsF32(r0, Math.min(rows, r0 + step), cols, step, bias, px, pw, py, ps, acc, part, grad, 0, 0);
  } else {
    const job = [0, rows, cols, step, bias, px, pw, py, ps, acc, part, grad, 0, 0];
    pool.run({ kernel: 'linearBceWithLogitsF32', args: job, byRows: true, extent: rows, step, workBase: heap.workBase, workBytes: heap.workBytes }, ctx.threadKernels);
  }
  const f64 = heap.f64;
  const first = acc / 8;
  let loss = 0;
  let gradBias = 0;
  for (let s = 0; s < slots; s++) {
    loss += f64[first + s * width]!;
    gradBias += f64[first + s * width + 1]!;
  }
  if (gradWeight !== null) {
    for (let j = 0; j < cols; j++) {
      let t = 0;
      for (let s = 0; s < slots; s++) t += f64[first + s * width + 2 + j]!;
      gradWeight[j] = t;
    }
  }
  return { loss, gradBias: grad === 0 ? 0 : gradBias };
}
