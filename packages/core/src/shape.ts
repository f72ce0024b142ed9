/** Shapes, strides, broadcasting and axis arithmetic shared by every op. */
import { EntropicError, describeValue, shapeString } from './errors.js';
import type { OptionRule } from './options.js';

/** A tensor's shape: the size of each dimension, outermost first (`[]` for a 0-d tensor). */
export type Shape = readonly number[];

/** `[2, 3]`: how every message writes a shape (the same function as `shapeString`). */
export const shapeToString: (shape: Shape) => string = shapeString;

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Whether two shapes are equal (same rank, same dimensions). */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkShape(fn: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new EntropicError('SHAPE', fn, `expected a shape of non-negative integers, got ${Array.isArray(shape) ? JSON.stringify(shape) : describeValue(shape)}`);
  }
  return shape.slice();
}

/** NumPy broadcasting of two shapes; the error names the op and both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new EntropicError(
        'SHAPE',
        op,
        `shapes ${shapeToString(a)} and ${shapeToString(b)} cannot be broadcast together (dimension ${i}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * The broadcast shape of `a` and `b` as {@link broadcastShapes}, but an operand's own array when
 * it is the result (equal shapes, or a 0-d operand): the common cases allocate nothing.
 */
export function broadcastResult(op: string, a: Shape, b: Shape): Shape {
  if (b.length === 0 || sameShape(a, b)) return a;
  if (a.length === 0) return b;
  return broadcastShapes(op, a, b);
}

/**
 * Strides for reading an array of shape `shape` as if it had the broadcast shape `target`:
 * 0 along every broadcast dimension.
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  const offset = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[offset + i] = shape[i] === 1 ? 0 : own[i]!;
  return out;
}

/** An axis in [0, ndim); a 0-d tensor accepts 0 and −1 (both 0), as PyTorch. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  const span = Math.max(ndim, 1);
  if (!Number.isInteger(axis) || axis < -span || axis >= span) {
    throw new EntropicError('VALUE', op, `axis ${axis} is out of range for a tensor with ${ndim} dimension(s)`);
  }
  return axis < 0 ? axis + span : axis;
}

/**
 * Sorted, de-duplicated, non-negative axes; `undefined` means every axis. A 0-d tensor has no
 * axis to reduce: its axis 0 / −1 gives the empty list (the reduction is the identity).
 */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, ndim: number): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out = list.map((a) => normalizeAxis(op, a, ndim));
  if (new Set(out).size !== out.length) throw new EntropicError('VALUE', op, `axis ${JSON.stringify(axis)} repeats an axis`);
  return ndim === 0 ? [] : out.sort((x, y) => x - y);
}

/**
 * The `shape` option of `fn` for `parseOptions`: refused by `checkShape` with code SHAPE (as a
 * shape passed any other way), not OPTION.
 */
export function shapeOption(fn: string): OptionRule<number[] | undefined> {
  return { expected: 'an array of non-negative integers', check: (v) => checkShape(fn, v) };
}
