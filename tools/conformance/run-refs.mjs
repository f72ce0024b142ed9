// `pnpm refs`: recomputes every reference-vector file by running each generator in scripts/
// (every scripts/*.py; files starting with `_` are modules the generators import).
// Python: $PYTHON, else Debian's /usr/bin/python3 (where python3-torch and python3-sklearn live).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const scripts = join(import.meta.dirname, 'scripts');
const python = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const only = process.argv.slice(2);
const generators = readdirSync(scripts)
  .filter((f) => f.endsWith('.py') && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const probe = spawnSync(python, ['-c', 'import torch, sklearn, numpy, scipy'], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.error(`${python} cannot import torch, sklearn, numpy and scipy:\n${probe.stderr ?? probe.error}`);
  console.error('Install them with: sudo apt-get install python3-torch python3-sklearn (see tools/conformance/README.md)');
  process.exit(1);
}
let failed = 0;
for (const file of generators) {
  console.log(`> ${python} ${file}`);
  const r = spawnSync(python, [join(scripts, file)], { stdio: 'inherit', cwd: scripts });
  if (r.status !== 0) {
    console.error(`${file} failed (exit ${r.status})`);
    failed++;
  }
}
console.log(`${generators.length - failed} of ${generators.length} generators wrote their vectors`);
process.exit(failed === 0 ? 0 : 1);
