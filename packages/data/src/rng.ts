/**
 * Seeds for the data package's shuffles. The generator itself is core's `RandomGenerator` (PCG32,
 * integer arithmetic only), so a seed means the same numbers here as in every other package.
 */

const TWO_32 = 2 ** 32;

/** Checks that `seed` is a safe integer; `fn` names the public function for the message. */
export function checkSeed(fn: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new Error(`${fn}: seed must be a safe integer, got ${describe(seed)}`);
  }
  return seed;
}

/** A fresh seed for callers that did not pass one (not reproducible, like PyTorch's default). */
export function randomSeed(): number {
  return Math.floor(Math.random() * TWO_32);
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
