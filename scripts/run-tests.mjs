// Runs every package's tests through turbo, then prints one line `N passed, M failed` summed
// over all packages from each package's vitest JSON report (CI reads only that line).
// `--backend=<cpu|spy|wasm>` runs them against that backend (sets ENTROPIC_BACKEND, which the
// shared vitest setup file reads).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
// Every workspace package: the folders under packages/, apps/ and tools/, and examples/ itself.
const dirs = [
  ...['packages', 'apps', 'tools'].flatMap((top) => readdirSync(join(root, top)).map((name) => join(root, top, name))),
  join(root, 'examples'),
];
for (const dir of dirs) rmSync(join(dir, 'test-results.json'), { force: true });

const args = process.argv.slice(2);
const backendArg = args.find((a) => a.startsWith('--backend='));
const env = { ...process.env };
if (backendArg !== undefined) env.ENTROPIC_BACKEND = backendArg.slice('--backend='.length);
const turbo = spawnSync(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'test', '--force', '--continue', '--concurrency=1', ...args.filter((a) => a !== backendArg)], {
  cwd: root,
  stdio: 'inherit',
  env,
});

let passed = 0;
let failed = 0;
const missing = [];
for (const dir of dirs) {
  if (!existsSync(join(dir, 'package.json'))) continue;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test) continue;
  const report = join(dir, 'test-results.json');
  if (!existsSync(report)) {
    missing.push(pkg.name);
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  // Files that fail to load count as failures too: vitest reports them as failed suites.
  failed += r.numFailedTests + (r.numFailedTests === 0 && r.numFailedTestSuites > 0 ? r.numFailedTestSuites : 0);
}
if (missing.length > 0) {
  console.error(`no test report from: ${missing.join(', ')}`);
  failed += missing.length;
}
if (env.ENTROPIC_BACKEND) console.log(`backend: ${env.ENTROPIC_BACKEND}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(turbo.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
