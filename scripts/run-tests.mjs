// Runs every package's tests through turbo, then prints one line `N passed, M failed` summed
// over all packages from each package's vitest JSON report (CI reads only that line).
// A plain run (no arguments) then runs the numeric packages' suites (conformance vectors,
// gradcheck harness, package tests) a second time on the WebAssembly backend, and sums both.
// `--backend=<cpu|spy|wasm>` runs them against that backend only (sets ENTROPIC_BACKEND, which
// the shared vitest setup file reads); `--filter=<package>` (turbo's flag) narrows the run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
// Every workspace package: the folders under packages/, apps/ and tools/, and examples/ itself.
const dirs = [
  ...['packages', 'apps', 'tools'].flatMap((top) => readdirSync(join(root, top)).map((name) => join(root, top, name))),
  join(root, 'examples'),
];
const NUMERIC_PACKAGES = ['@entropic/core', '@entropic/loss', '@entropic/optim', '@entropic/model', '@entropic/data'];

const failures = [];
const firstLine = (text) => (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300) ?? '';

/** One turbo run of `test`; returns the totals of the reports of the packages in scope. */
function runPass(args, backendName) {
  const label = backendName ?? process.env.ENTROPIC_BACKEND ?? 'cpu';
  for (const dir of dirs) rmSync(join(dir, 'test-results.json'), { force: true });
  const env = { ...process.env };
  if (backendName !== undefined) env.ENTROPIC_BACKEND = backendName;
  const turbo = spawnSync(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'test', '--force', '--continue', '--concurrency=1', ...args], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  const filters = new Set(args.filter((a) => a.startsWith('--filter=')).map((a) => a.slice('--filter='.length)));
  let passed = 0;
  let failed = 0;
  const missing = [];
  for (const dir of dirs) {
    if (!existsSync(join(dir, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (!pkg.scripts?.test) continue;
    if (filters.size > 0 && !filters.has(pkg.name)) continue;
    const report = join(dir, 'test-results.json');
    if (!existsSync(report)) {
      missing.push(pkg.name);
      continue;
    }
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    // Name each failure here too: a CI log may keep only its tail. A file that fails as a whole
    // (it does not load, or a hook throws) counts as one failure besides its failed tests.
    let fileFailures = 0;
    for (const file of r.testResults ?? []) {
      const tests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      for (const t of tests) failures.push(`[${label}] ${pkg.name}: ${t.fullName ?? t.title}: ${firstLine(t.failureMessages?.[0])}`);
      if (tests.length === 0 && file.status === 'failed') {
        fileFailures++;
        failures.push(`[${label}] ${pkg.name}: ${file.name}: ${firstLine(file.message)}`);
      }
    }
    // A run vitest marks unsuccessful for another reason (an unhandled error between tests) counts as one.
    const counted = r.numFailedTests + fileFailures;
    if (counted === 0 && r.success === false) failures.push(`[${label}] ${pkg.name}: an error outside any test (see the package's log)`);
    failed += counted > 0 ? counted : r.success === false ? 1 : 0;
  }
  if (missing.length > 0) {
    console.error(`no test report from: ${missing.join(', ')}`);
    for (const name of missing) failures.push(`[${label}] ${name}: no test report (vitest did not finish)`);
    failed += missing.length;
  }
  console.log(`backend ${label}: ${passed} passed, ${failed} failed`);
  return { passed, failed, ok: turbo.status === 0 };
}

const args = process.argv.slice(2);
const backendArg = args.find((a) => a.startsWith('--backend='));
const passes = [runPass(args.filter((a) => a !== backendArg), backendArg?.slice('--backend='.length))];
if (args.length === 0 && process.env.ENTROPIC_BACKEND === undefined) {
  passes.push(runPass(NUMERIC_PACKAGES.map((name) => `--filter=${name}`), 'wasm'));
}
const passed = passes.reduce((n, p) => n + p.passed, 0);
const failed = passes.reduce((n, p) => n + p.failed, 0);
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(passes.every((p) => p.ok) && failed === 0 && passed > 0 ? 0 : 1);
