import { type EntropicError, parseOptions } from '@entropic/core';
import { describe, expect, it } from 'vitest';
import { randomSeed, seedOption } from '../src/rng.js';

const SCHEMA = { seed: seedOption };

describe('seeds', () => {
  it('accepts any safe integer, negative ones too', () => {
    expect(parseOptions('batches', { seed: -7 }, SCHEMA).seed).toBe(-7);
    expect(parseOptions('batches', {}, SCHEMA).seed).toBeUndefined();
  });
  it('rejects seeds that are not safe integers, with code OPTION', () => {
    for (const [seed, got] of [[1.5, 'number 1.5'], ['1', '"1"'], [2 ** 60, 'number']] as const) {
      let err: EntropicError | undefined;
      try {
        parseOptions('batches', { seed }, SCHEMA);
      } catch (e) {
        err = e as EntropicError;
      }
      expect(err?.code).toBe('OPTION');
      expect(err?.message).toContain(`batches: expected option 'seed' to be a safe integer, got ${got}`);
    }
  });
  it('draws fresh seeds in [0, 2^32)', () => {
    const s = randomSeed();
    expect(Number.isSafeInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});
