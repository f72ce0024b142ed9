// After `changeset version`: writes @entropic/core's release into packages/core/src/version.ts, the
// VERSION that tensors carry so two installed copies of core can tell whether they match.
// `--check` only verifies (exit 1 when they differ).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const core = join(import.meta.dirname, '..', 'packages', 'core');
const { version } = JSON.parse(readFileSync(join(core, 'package.json'), 'utf8'));
const file = join(core, 'src', 'version.ts');
const text = readFileSync(file, 'utf8');
const next = text.replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`);
if (!next.includes(`'${version}'`)) throw new Error(`${file}: no \`export const VERSION = '…';\` line to update`);
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error(`packages/core/src/version.ts does not say ${version}; run node scripts/sync-versions.mjs`);
    process.exit(1);
  }
} else if (next !== text) {
  writeFileSync(file, next);
  console.log(`packages/core/src/version.ts: VERSION = '${version}'`);
}
