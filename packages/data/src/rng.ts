/**
 * Seeds for the data package's shuffles. The generator itself is core's `RandomGenerator`
 * (PCG32, integer arithmetic only), so a seed means the same numbers here as in every other package.
 */
import { opt } from '@entropic/core';

const TWO_32 = 2 ** 32;

const isSeed = (v: unknown): v is number => Number.isSafeInteger(v);

/** The `seed` option of every shuffling function: any safe integer; absent means a fresh random seed. */
export const seedOption = opt.custom('a safe integer', isSeed);

/** A fresh seed for callers that did not pass one (not reproducible, like PyTorch's default). */
export function randomSeed(): number {
  return Math.floor(Math.random() * TWO_32);
}
