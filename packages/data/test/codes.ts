import { expect } from 'vitest';

/** An EntropicError with `code` whose message contains `fragment` (asserted by code, not whole sentences). */
export const code = (c: string, fragment?: string) => expect.objectContaining({ code: c, ...(fragment ? { message: expect.stringContaining(fragment) } : {}) });
