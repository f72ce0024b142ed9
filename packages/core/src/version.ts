/**
 * The release of `@entropic/core` this code belongs to, e.g. `'0.1.0'`. Written from
 * package.json by `pnpm version-packages` (scripts/sync-versions.mjs); a test keeps them equal.
 */
export const VERSION = '0.0.0';
