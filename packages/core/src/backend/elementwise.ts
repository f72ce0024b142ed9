/** CPU kernels for elementwise ops. Hot loops index typed arrays directly: no closures per element. */
import { type Shape, broadcastStrides } from '../shape.js';
import type { FloatArray, TypedArray } from '../dtype.js';
import type { BinaryKernel, UnaryGradKernel, UnaryKernel } from './kernels.js';

type UnaryLoop = (x: TypedArray, out: TypedArray) => void;

const UNARY: Record<UnaryKernel, UnaryLoop> = {
  neg: (x, out) => { for (let i = 0; i < x.length; i++) out[i] = -x[i]!; },
  exp: (x, out) => { for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]!); },
  log: (x, out) => { for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]!); },
  log1p: (x, out) => { for (let i = 0; i < x.length; i++) out[i] = Math.log1p(x[i]!); },
  sqrt: (x, out) => { for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]!); },
  abs: (x, out) => { for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]!); },
  sign: (x, out) => { for (let i = 0; i < x.length; i++) out[i] = Math.sign(x[i]!); },
  // Numerical trap: 1 / (1 + exp(-x)) overflows exp for x << 0; branch on the sign instead.
  sigmoid: (x, out) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
      else {
        const e = Math.exp(v);
        out[i] = e / (1 + e);
      }
    }
  },
  // log σ(x) = min(x, 0) − log1p(exp(−|x|)). Numerical trap: log(sigmoid(x)) is −∞ below x ≈ −745
  // (σ underflows) and log(1 + e) loses the tiny tail above x ≈ 37; this form is exact for all x.
  logSigmoid: (x, out) => {
    for (let i = 0; i < x.length; i++) { const v = x[i]!; out[i] = Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v))); }
  },
  tanh: (x, out) => { for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]!); },
  // `v <= 0 ? 0 : v` (not `v > 0 ? v : 0`) so that NaN propagates, as in PyTorch.
  relu: (x, out) => { for (let i = 0; i < x.length; i++) { const v = x[i]!; out[i] = v <= 0 ? 0 : v; } },
  // PyTorch's softplus (beta 1, threshold 20): linear above the threshold, where log1p(exp(x)) == x anyway.
  softplus: (x, out) => {
    for (let i = 0; i < x.length; i++) { const v = x[i]!; out[i] = v > 20 ? v : Math.log1p(Math.exp(v)); }
  },
};

export function unary(op: UnaryKernel, x: TypedArray, out: TypedArray): void {
  UNARY[op](x, out);
}

type UnaryGradLoop = (g: FloatArray, s: FloatArray, out: FloatArray) => void;

// The recorded gradients' operations in their order, float32 rounded after each (Math.fround) as
// those ops round: a gradient has the same bits whether or not the backward is recorded.
const UNARY_GRAD: Record<UnaryGradKernel, UnaryGradLoop> = {
  tanh: (g, y, out) => {
    if (out instanceof Float32Array) for (let i = 0; i < g.length; i++) { const v = y[i]!; out[i] = g[i]! * Math.fround(1 - Math.fround(v * v)); }
    else for (let i = 0; i < g.length; i++) { const v = y[i]!; out[i] = g[i]! * (1 - v * v); }
  },
  sigmoid: (g, y, out) => {
    if (out instanceof Float32Array) for (let i = 0; i < g.length; i++) { const v = y[i]!; out[i] = Math.fround(g[i]! * Math.fround(1 - v)) * v; }
    else for (let i = 0; i < g.length; i++) { const v = y[i]!; out[i] = g[i]! * (1 - v) * v; }
  },
  // g·0 where x ≤ 0 or NaN: a NaN or ∞ gradient stays NaN there, as the recorded gradient gives.
  relu: (g, x, out) => { for (let i = 0; i < g.length; i++) out[i] = g[i]! * (x[i]! > 0 ? 1 : 0); },
};

export function unaryGrad(op: UnaryGradKernel, gradOut: FloatArray, saved: FloatArray, gradIn: FloatArray): void {
  UNARY_GRAD[op](gradOut, saved, gradIn);
}

/**
 * out[i] = x[i] in out's element type, as PyTorch's casts: into Int32Array truncated toward zero,
 * into Uint8Array (bool) `x ≠ 0` (NaN is true), into floats the value (float32 rounds). Same
 * types: a copy.
 */
export function cast(x: TypedArray, out: TypedArray): void {
  if (out instanceof Int32Array && !(x instanceof Int32Array || x instanceof Uint8Array)) {
    for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
  } else if (out instanceof Uint8Array && !(x instanceof Uint8Array)) {
    for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
  } else {
    out.set(x);
  }
}

/** `min(max(x, lo), hi)`, NaN-propagating; either bound may be absent (±Infinity). */
export function clamp(x: TypedArray, lo: number, hi: number, out: TypedArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

/** One contiguous output row: out[o + i] = f(a[ai + i·sa], b[bi + i·sb]). */
type BinaryRow = (
  out: TypedArray, o: number, a: TypedArray, ai: number, sa: number, b: TypedArray, bi: number, sb: number, n: number,
) => void;

const BINARY: Record<BinaryKernel, BinaryRow> = {
  add: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! + b[bi + i * sb]!; },
  sub: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! - b[bi + i * sb]!; },
  mul: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! * b[bi + i * sb]!; },
  div: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! / b[bi + i * sb]!; },
  pow: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! ** b[bi + i * sb]!; },
  // NaN in either operand propagates, as torch.maximum / torch.minimum.
  maximum: (out, o, a, ai, sa, b, bi, sb, n) => {
    for (let i = 0; i < n; i++) { const x = a[ai + i * sa]!; const y = b[bi + i * sb]!; out[o + i] = Number.isNaN(x) || x > y ? x : y; }
  },
  minimum: (out, o, a, ai, sa, b, bi, sb, n) => {
    for (let i = 0; i < n; i++) { const x = a[ai + i * sa]!; const y = b[bi + i * sb]!; out[o + i] = Number.isNaN(x) || x < y ? x : y; }
  },
  eq: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! === b[bi + i * sb]! ? 1 : 0; },
  ne: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! !== b[bi + i * sb]! ? 1 : 0; },
  gt: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! > b[bi + i * sb]! ? 1 : 0; },
  ge: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! >= b[bi + i * sb]! ? 1 : 0; },
  lt: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! < b[bi + i * sb]! ? 1 : 0; },
  le: (out, o, a, ai, sa, b, bi, sb, n) => { for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa]! <= b[bi + i * sb]! ? 1 : 0; },
};

/** Calls `row` once per contiguous output row of a broadcast over `outShape`. */
function forEachRow(
  outShape: Shape, aShape: Shape, bShape: Shape,
  visit: (o: number, ao: number, sa: number, bo: number, sb: number, n: number) => void,
): void {
  const nd = outShape.length;
  const size = outShape.reduce((p, d) => p * d, 1);
  if (size === 0) return;
  const as = broadcastStrides(aShape, outShape);
  const bs = broadcastStrides(bShape, outShape);
  const inner = outShape[nd - 1]!;
  const sa = as[nd - 1]!;
  const sb = bs[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  let ao = 0;
  let bo = 0;
  for (let o = 0; o < size; o += inner) {
    visit(o, ao, sa, bo, sb, inner);
    for (let d = nd - 2; d >= 0; d--) {
      ao += as[d]!;
      bo += bs[d]!;
      if (++idx[d]! < outShape[d]!) break;
      ao -= as[d]! * outShape[d]!;
      bo -= bs[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}

export function binary(
  op: BinaryKernel, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape,
): void {
  const row = BINARY[op];
  const size = out.length;
  if (size === 0) return;
  // Fast paths: equal element counts mean no broadcasting along any axis.
  if (a.length === size && b.length === size) row(out, 0, a, 0, 1, b, 0, 1, size);
  else if (a.length === size && b.length === 1) row(out, 0, a, 0, 1, b, 0, 0, size);
  else if (a.length === 1 && b.length === size) row(out, 0, a, 0, 0, b, 0, 1, size);
  else forEachRow(outShape, aShape, bShape, (o, ao, sa, bo, sb, n) => row(out, o, a, ao, sa, b, bo, sb, n));
}

/** out = cond ? a : b, all three broadcast to `outShape` (cond nonzero = true). */
export function where(
  cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape,
  out: TypedArray, outShape: Shape,
): void {
  const nd = outShape.length;
  const cs = broadcastStrides(condShape, outShape);
  const as = broadcastStrides(aShape, outShape);
  const bs = broadcastStrides(bShape, outShape);
  const idx = new Array<number>(nd).fill(0);
  let co = 0;
  let ao = 0;
  let bo = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = cond[co] !== 0 ? a[ao]! : b[bo]!;
    for (let d = nd - 1; d >= 0; d--) {
      co += cs[d]!;
      ao += as[d]!;
      bo += bs[d]!;
      if (++idx[d]! < outShape[d]!) break;
      co -= cs[d]! * outShape[d]!;
      ao -= as[d]! * outShape[d]!;
      bo -= bs[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}
