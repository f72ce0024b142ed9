import { describe, expect, it } from 'vitest';
import { checkSeed } from '../src/rng.js';

describe('seeds', () => {
  it('rejects seeds that are not safe integers', () => {
    expect(() => checkSeed('batches', 1.5)).toThrow('batches: seed must be a safe integer, got 1.5');
    expect(() => checkSeed('batches', '1')).toThrow('batches: seed must be a safe integer, got "1"');
  });
});
