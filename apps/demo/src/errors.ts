/**
 * A problem with what the user asked for (a missing file, a bad option value, a CSV the model
 * cannot use). The CLI prints its message on one line and exits with code 2.
 */
export class InputError extends Error {
  override name = 'InputError';
}

/** The first line of an error's message. */
export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}
