import { isAbsolute, relative, resolve } from 'node:path';

/**
 * The folder the user ran the command from. Under `pnpm demo` the CLI runs in apps/demo, but
 * pnpm passes the caller's folder in INIT_CWD: relative paths the user types (--csv, --out) are
 * meant from there.
 */
export function userCwd(): string {
  const init = process.env.INIT_CWD;
  return process.env.npm_lifecycle_event === 'cli' && init !== undefined && init !== '' ? init : process.cwd();
}

/** A path the user typed, made absolute from `userCwd()`. */
export function userPath(p: string): string {
  return isAbsolute(p) ? p : resolve(userCwd(), p);
}

/** A short path for printing: relative to `userCwd()` when inside it. */
export function displayPath(p: string): string {
  const rel = relative(userCwd(), p);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}
