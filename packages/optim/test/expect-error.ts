/** Asserts that `f` throws an EntropicError with `code` whose message contains each fragment. */
import { isEntropicError } from '@entropic/core';
import { expect } from 'vitest';

export function expectError(f: () => unknown, code: string, ...fragments: (string | RegExp)[]): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) throw new Error(`expected an error with code ${code}, but nothing was thrown`);
  if (!isEntropicError(caught)) throw new Error(`expected an EntropicError with code ${code}, got ${String(caught)}`);
  expect(caught.code, caught.message).toBe(code);
  for (const fragment of fragments) {
    if (typeof fragment === 'string') expect(caught.message).toContain(fragment);
    else expect(caught.message).toMatch(fragment);
  }
}
