/**
 * The `seed` option of the data package's shuffles. The generator is core's `RandomGenerator` (PCG32,
 * integer arithmetic only) and a missing seed is core's `randomSeed()`, so a seed means the same
 * numbers here as in every other package.
 */
import { opt } from '@entropic/core';

/** A seed: any safe integer. */
export const seedOption = opt.custom('a safe integer', (v): v is number => Number.isSafeInteger(v));
