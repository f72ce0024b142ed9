// Lane-generic SIMD helpers: T is f32 (f32x4) or f64 (f64x2), resolved at compile time, so one
// kernel source serves both dtypes with no run-time branching.

// @ts-ignore: decorator
@inline export function vzero(): v128 {
  return i32x4.splat(0);
}

// @ts-ignore: decorator
@inline export function vsplat<T>(x: T): v128 {
  if (sizeof<T>() == 4) return f32x4.splat(<f32>x);
  return f64x2.splat(<f64>x);
}

// @ts-ignore: decorator
@inline export function vloadSplat<T>(ptr: usize): v128 {
  if (sizeof<T>() == 4) return v128.load32_splat(ptr);
  return v128.load64_splat(ptr);
}

// @ts-ignore: decorator
@inline export function vadd<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.add(a, b);
  return f64x2.add(a, b);
}

// @ts-ignore: decorator
@inline export function vsub<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.sub(a, b);
  return f64x2.sub(a, b);
}

// @ts-ignore: decorator
@inline export function vmul<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.mul(a, b);
  return f64x2.mul(a, b);
}

// @ts-ignore: decorator
@inline export function vdiv<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.div(a, b);
  return f64x2.div(a, b);
}

/** Lanes of T in one v128. */
// @ts-ignore: decorator
@inline export function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** Byte offset of element i of a T array. */
// @ts-ignore: decorator
@inline export function at<T>(base: usize, i: i32): usize {
  return base + (<usize>i << alignof<T>());
}
