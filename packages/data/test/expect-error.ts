/** Error assertions by code and key fragments (the wording may change; the code may not). */
import { type EntropicError, type ErrorCode, isEntropicError } from '@entropic/core';
import { expect } from 'vitest';

function check(caught: unknown, code: ErrorCode, fragments: readonly (string | RegExp)[]): void {
  expect(isEntropicError(caught), `expected an EntropicError, got ${String(caught)}`).toBe(true);
  const e = caught as EntropicError;
  expect({ code: e.code, message: e.message }).toEqual({ code, message: expect.any(String) });
  for (const f of fragments) {
    if (typeof f === 'string') expect(e.message).toContain(f);
    else expect(e.message).toMatch(f);
  }
}

/** `f()` must throw an EntropicError with `code` whose message contains every fragment. */
export function expectError(f: () => unknown, code: ErrorCode, ...fragments: (string | RegExp)[]): void {
  let caught: unknown;
  let threw = false;
  try {
    f();
  } catch (e) {
    threw = true;
    caught = e;
  }
  expect(threw, 'expected a throw').toBe(true);
  check(caught, code, fragments);
}

/** `p` must reject with an EntropicError with `code` whose message contains every fragment. */
export async function expectRejection(p: Promise<unknown>, code: ErrorCode, ...fragments: (string | RegExp)[]): Promise<void> {
  let caught: unknown;
  let threw = false;
  try {
    await p;
  } catch (e) {
    threw = true;
    caught = e;
  }
  expect(threw, 'expected a rejection').toBe(true);
  check(caught, code, fragments);
}
