/**
 * A backend for tests that wraps another (the CPU one, or whatever is active) and counts the
 * calls of each kernel by name: proof that a loss, an optimizer or a model computes through the
 * compute seam. Structural (no import of @entropic/core), so any copy of core can install it.
 */

export interface KernelCounts {
  readonly name: string;
  /** Calls per kernel name since creation or the last `reset()`. */
  readonly calls: Map<string, number>;
  /** Calls of `kernel` (0 when it never ran). */
  count(kernel: string): number;
  reset(): void;
}

/**
 * `base`'s kernels `kernelNames`, each counting its calls before running `base`'s (with `this`
 * = base). Install with `setBackend(spyBackend(backend(), kernelNames))`.
 */
export function spyBackend<B extends object>(base: B, kernelNames: readonly string[], name = 'spy'): B & KernelCounts {
  const calls = new Map<string, number>();
  const spy: Record<string, unknown> = {
    name,
    calls,
    count: (kernel: string) => calls.get(kernel) ?? 0,
    reset: () => calls.clear(),
  };
  for (const k of kernelNames) {
    const f = (base as Record<string, unknown>)[k];
    if (typeof f !== 'function') throw new Error(`spyBackend: the base backend has no kernel '${k}'`);
    spy[k] = (...args: unknown[]) => {
      calls.set(k, (calls.get(k) ?? 0) + 1);
      return (f as (...a: unknown[]) => unknown).apply(base, args);
    };
  }
  return spy as B & KernelCounts;
}
