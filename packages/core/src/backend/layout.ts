/** CPU kernels that move elements: transpose, slices, gather / scatter-add. */
import { type Shape, sizeOf, stridesOf } from '../shape.js';
import type { TypedArray } from '../dtype.js';

/**
 * Visits the contiguous output rows of `shape` (its last axis) in row-major order: `visit(off, i, n, step)`
 * covers output elements i … i+n−1, read from strided storage at off, off+step, … . One call per
 * row, so each kernel's inner loop is a tight loop over typed arrays, not a closure per element.
 */
function walkRows(
  shape: Shape, strides: readonly number[], base: number,
  visit: (offset: number, i: number, n: number, step: number) => void,
): void {
  const nd = shape.length;
  const size = sizeOf(shape);
  if (size === 0) return;
  const n = nd === 0 ? 1 : shape[nd - 1]!;
  const step = nd === 0 ? 0 : strides[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  let off = base;
  for (let i = 0; i < size; i += n) {
    visit(off, i, n, step);
    for (let d = nd - 2; d >= 0; d--) {
      off += strides[d]!;
      if (++idx[d]! < shape[d]!) break;
      off -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** out (shape = shape permuted by `perm`) = x with axes permuted. */
export function transpose(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void {
  const xs = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  const strides = perm.map((p) => xs[p]!);
  // 2-D fast path: the common case (matrices, backward of matmul-like code).
  if (shape.length === 2 && perm[0] === 1) {
    const r = shape[0]!;
    const c = shape[1]!;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j]!;
    return;
  }
  walkRows(outShape, strides, 0, (off, i, n, step) => {
    for (let j = 0; j < n; j++) out[i + j] = x[off + j * step]!;
  });
}

/** out (shape `outShape`) = x[starts[0]:…, starts[1]:…, …]. */
export function slice(x: TypedArray, shape: Shape, starts: readonly number[], outShape: Shape, out: TypedArray): void {
  const xs = stridesOf(shape);
  let base = 0;
  for (let d = 0; d < shape.length; d++) base += starts[d]! * xs[d]!;
  walkRows(outShape, xs, base, (off, i, n) => {
    for (let j = 0; j < n; j++) out[i + j] = x[off + j]!;
  });
}

/** dst[starts…] += src: the adjoint of `slice`, also used to assemble `concat`. */
export function addToSlice(dst: TypedArray, dstShape: Shape, starts: readonly number[], src: TypedArray, srcShape: Shape): void {
  const ds = stridesOf(dstShape);
  let base = 0;
  for (let d = 0; d < dstShape.length; d++) base += starts[d]! * ds[d]!;
  walkRows(srcShape, ds, base, (off, i, n) => {
    for (let j = 0; j < n; j++) dst[off + j] = dst[off + j]! + src[i + j]!;
  });
}

/** torch.gather: out[i…] = x[i… with index[i…] along `axis`]. Indices must already be validated. */
export function gather(x: TypedArray, shape: Shape, index: Int32Array, indexShape: Shape, axis: number, out: TypedArray): void {
  const xs = stridesOf(shape);
  const strides = xs.slice();
  strides[axis] = 0;
  const axisStride = xs[axis]!;
  walkRows(indexShape, strides, 0, (off, i, n, step) => {
    for (let j = 0; j < n; j++) out[i + j] = x[off + j * step + index[i + j]! * axisStride]!;
  });
}

/** The adjoint of gather: out[… index …] += src (repeated indices accumulate). */
export function scatterAdd(out: TypedArray, outShape: Shape, index: Int32Array, indexShape: Shape, axis: number, src: TypedArray): void {
  const os = stridesOf(outShape);
  const strides = os.slice();
  strides[axis] = 0;
  const axisStride = os[axis]!;
  walkRows(indexShape, strides, 0, (off, i, n, step) => {
    for (let j = 0; j < n; j++) {
      const o = off + j * step + index[i + j]! * axisStride;
      out[o] = out[o]! + src[i + j]!;
    }
  });
}

/**
 * torch.index_select: out[o, i, r] = x[o, index[i], r] viewing `shape` as [outer, shape[axis], inner].
 * Each selected slice is `inner` contiguous elements: rows of a matrix (axis 0) are one copy each.
 */
export function indexSelect(x: TypedArray, shape: Shape, index: Int32Array, axis: number, out: TypedArray): void {
  const size = shape[axis]!;
  const [outer, inner] = aroundAxis(shape, axis);
  const m = index.length;
  for (let o = 0; o < outer; o++) {
    const src = o * size * inner;
    const dst = o * m * inner;
    if (inner === 1) {
      for (let i = 0; i < m; i++) out[dst + i] = x[src + index[i]!]!;
    } else {
      for (let i = 0; i < m; i++) {
        const from = src + index[i]! * inner;
        out.set(x.subarray(from, from + inner), dst + i * inner);
      }
    }
  }
}

/** The adjoint of indexSelect (torch.index_add_): out[o, index[i], r] += src[o, i, r]; repeated indices accumulate. */
export function indexAdd(out: TypedArray, outShape: Shape, index: Int32Array, axis: number, src: TypedArray): void {
  const size = outShape[axis]!;
  const [outer, inner] = aroundAxis(outShape, axis);
  const m = index.length;
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    const from = o * m * inner;
    for (let i = 0; i < m; i++) {
      const at = base + index[i]! * inner;
      const s = from + i * inner;
      for (let r = 0; r < inner; r++) out[at + r] = out[at + r]! + src[s + r]!;
    }
  }
}

/** [product of the dimensions before `axis`, product of those after it]. */
function aroundAxis(shape: Shape, axis: number): [number, number] {
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  return [outer, inner];
}
